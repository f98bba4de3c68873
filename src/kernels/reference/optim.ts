const f = Math.fround;

/**
 * Twin of `adam_f32`: one Adam step in tfjs's order of f32 operations (each rounded with Math.fround,
 * so the twin gives the kernel's bits). Arrays are read before written, so outputs may alias inputs.
 */
export function adamF32(
  wOut: Float32Array, mOut: Float32Array, vOut: Float32Array, w: Float32Array, m: Float32Array, v: Float32Array, g: Float32Array, n: number,
  b1: number, omb1: number, b2: number, omb2: number, c1: number, c2: number, eps: number, nlr: number,
): void {
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    const mi = f(f(m[i] * b1) + f(gi * omb1));
    const vi = f(f(v[i] * b2) + f(f(gi * gi) * omb2));
    const step = f(f(f(mi / c1) / f(f(Math.sqrt(f(vi / c2))) + eps)) * nlr);
    const wi = f(step + w[i]);
    wOut[i] = wi;
    mOut[i] = mi;
    vOut[i] = vi;
  }
}

/**
 * Twin of `amsgrad_f32`: one AMSGrad step (PyTorch's `Adam(amsgrad=True)`) in the kernel's order of
 * f32 operations, each rounded with Math.fround (so the twin gives the kernel's bits); Math.max
 * propagates NaN as WebAssembly's f32.max does. Arrays are read before written, so outputs may alias inputs.
 */
export function amsgradF32(
  wOut: Float32Array, mOut: Float32Array, vOut: Float32Array, hOut: Float32Array,
  w: Float32Array, m: Float32Array, v: Float32Array, h: Float32Array, g: Float32Array, n: number,
  b1: number, omb1: number, b2: number, omb2: number, s2: number, eps: number, nstep: number,
): void {
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    const mi = f(f(m[i] * b1) + f(gi * omb1));
    const vi = f(f(v[i] * b2) + f(f(gi * gi) * omb2));
    const hi = Math.max(h[i], vi);
    const step = f(f(mi / f(f(f(Math.sqrt(hi)) / s2) + eps)) * nstep);
    const wi = f(step + w[i]);
    wOut[i] = wi;
    mOut[i] = mi;
    vOut[i] = vi;
    hOut[i] = hi;
  }
}

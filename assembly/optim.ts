// Optimiser updates over host-owned f32 arrays, for the dense engine (issue 16): one pass instead of
// tfjs's chain of a dozen elementwise ops, each of which reads and writes the whole parameter array.

/**
 * One Adam step (Kingma & Ba 2015) over n parameters, in exactly tfjs 4.22's order of f32 operations
 * (so a run gives the same bits as `tf.train.adam`):
 *   m' = m·β₁ + g·(1−β₁);  v' = v·β₂ + g²·(1−β₂)
 *   w' = (m'/c₁) / (√(v'/c₂) + ε) · (−lr) + w,   c₁ = 1 − β₁ᵗ, c₂ = 1 − β₂ᵗ (given as f32).
 * Writes wOut, mOut, vOut (may alias w, m, v elementwise). NaN/±Inf follow IEEE arithmetic.
 * Every argument is a byte offset of n f32 values, or an f32 scalar; `omb1` = f32(1 − β₁), `nlr` = −lr.
 */
export function adam_f32(
  wOut: usize, mOut: usize, vOut: usize, w: usize, m: usize, v: usize, g: usize, n: i32,
  b1: f32, omb1: f32, b2: f32, omb2: f32, c1: f32, c2: f32, eps: f32, nlr: f32,
): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const B1 = f32x4.splat(b1), O1 = f32x4.splat(omb1), B2 = f32x4.splat(b2), O2 = f32x4.splat(omb2);
    const C1 = f32x4.splat(c1), C2 = f32x4.splat(c2), E = f32x4.splat(eps), L = f32x4.splat(nlr);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      const gi = v128.load(g + o);
      const mi = f32x4.add(f32x4.mul(v128.load(m + o), B1), f32x4.mul(gi, O1));
      const vi = f32x4.add(f32x4.mul(v128.load(v + o), B2), f32x4.mul(f32x4.mul(gi, gi), O2));
      const step = f32x4.mul(f32x4.div(f32x4.div(mi, C1), f32x4.add(f32x4.sqrt(f32x4.div(vi, C2)), E)), L);
      v128.store(wOut + o, f32x4.add(step, v128.load(w + o)));
      v128.store(mOut + o, mi);
      v128.store(vOut + o, vi);
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const gi = load<f32>(g + o);
    const mi: f32 = load<f32>(m + o) * b1 + gi * omb1;
    const vi: f32 = load<f32>(v + o) * b2 + gi * gi * omb2;
    const step: f32 = ((mi / c1) / (Mathf.sqrt(vi / c2) + eps)) * nlr;
    store<f32>(wOut + o, step + load<f32>(w + o));
    store<f32>(mOut + o, mi);
    store<f32>(vOut + o, vi);
  }
}

/**
 * One AMSGrad step (Reddi, Kale & Kumar 2018) over n parameters, as PyTorch 1.13's
 * `torch.optim.Adam(amsgrad=True)` computes it, with the moments in `adam_f32`'s order of f32 operations:
 *   m' = m·β₁ + g·(1−β₁);  v' = v·β₂ + g²·(1−β₂);  v̂' = max(v̂, v')
 *   w' = (m' / (√v̂' / s₂ + ε)) · (−α) + w,   s₂ = √(1 − β₂ᵗ), α = lr/(1 − β₁ᵗ) (computed in f64, given as f32).
 * Writes wOut, mOut, vOut, hOut (v̂'; each may alias its input elementwise). max propagates NaN
 * (WebAssembly's f32.max); otherwise NaN/±Inf follow IEEE arithmetic.
 * Every argument is a byte offset of n f32 values, or an f32 scalar; `omb1` = f32(1 − β₁), `nstep` = −α.
 */
export function amsgrad_f32(
  wOut: usize, mOut: usize, vOut: usize, hOut: usize, w: usize, m: usize, v: usize, h: usize, g: usize, n: i32,
  b1: f32, omb1: f32, b2: f32, omb2: f32, s2: f32, eps: f32, nstep: f32,
): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const B1 = f32x4.splat(b1), O1 = f32x4.splat(omb1), B2 = f32x4.splat(b2), O2 = f32x4.splat(omb2);
    const S2 = f32x4.splat(s2), E = f32x4.splat(eps), L = f32x4.splat(nstep);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      const gi = v128.load(g + o);
      const mi = f32x4.add(f32x4.mul(v128.load(m + o), B1), f32x4.mul(gi, O1));
      const vi = f32x4.add(f32x4.mul(v128.load(v + o), B2), f32x4.mul(f32x4.mul(gi, gi), O2));
      const hi = f32x4.max(v128.load(h + o), vi);
      const step = f32x4.mul(f32x4.div(mi, f32x4.add(f32x4.div(f32x4.sqrt(hi), S2), E)), L);
      v128.store(wOut + o, f32x4.add(step, v128.load(w + o)));
      v128.store(mOut + o, mi);
      v128.store(vOut + o, vi);
      v128.store(hOut + o, hi);
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const gi = load<f32>(g + o);
    const mi: f32 = load<f32>(m + o) * b1 + gi * omb1;
    const vi: f32 = load<f32>(v + o) * b2 + gi * gi * omb2;
    const hi: f32 = Mathf.max(load<f32>(h + o), vi);
    const step: f32 = (mi / (Mathf.sqrt(hi) / s2 + eps)) * nstep;
    store<f32>(wOut + o, step + load<f32>(w + o));
    store<f32>(mOut + o, mi);
    store<f32>(vOut + o, vi);
    store<f32>(hOut + o, hi);
  }
}

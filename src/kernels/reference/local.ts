// Plain-TypeScript twins of assembly/local.ts (what every local layer computes),
// written for clarity (f64 arithmetic) so the kernels are checked against different code.

/** Twin of `synapse_pow_f32`: out[i] = copysign(|w[i]|^(p−1), w[i]); NaN stays NaN. */
export function synapsePowF32(out: Float32Array, w: ArrayLike<number>, n: number, p: number): void {
  for (let i = 0; i < n; i++) out[i] = synapse(w[i], p);
}

function synapse(v: number, p: number): number {
  if (Number.isNaN(v)) return NaN;
  const negative = v < 0 || Object.is(v, -0);
  const r = Math.pow(Math.abs(v), p - 1);
  return negative ? -r : r;
}

/** Twin of `relu_pow_f32`: out[i] = max(x[i], 0)^power, NaN stays NaN (power 0 gives 1). */
export function reluPowF32(out: Float32Array, x: ArrayLike<number>, n: number, power: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i];
    const r = Number.isNaN(v) ? NaN : Math.max(v, 0);
    out[i] = Math.pow(r, power);
  }
}

/** Twin of `row_norm_p_f32`: out[r] = (Σ_i |w[r, i]|^p)^(1/p), w [rows, d] row-major. */
export function rowNormPF32(out: Float64Array, w: ArrayLike<number>, rows: number, d: number, p: number): void {
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let i = 0; i < d; i++) s += Math.pow(Math.abs(w[r * d + i]), p);
    out[r] = Math.pow(s, 1 / p);
  }
}

import { synapsePowF32 } from "../../kernels/reference/local.js";

// Plain-TypeScript twins of this kind's kernels (assembly/softhebb.ts), in f64.

/**
 * Twin of `softmax_units_f32`, in f64: columns b in [b0, b1) of y [h, nb] =
 * softmax over units of tinv·cur[:, b]; a NaN or +Inf current makes its column NaN;
 * winners[b] = the first unit with the largest current (−1 with a NaN in the column).
 */
export function softmaxUnitsF32(y: Float32Array, winners: Int32Array, cur: ArrayLike<number>, h: number, nb: number, tinv: number, b0: number, b1: number): void {
  for (let b = b0; b < b1; b++) {
    let m = -Infinity;
    let nan = false;
    let best = 0;
    for (let mu = 0; mu < h; mu++) {
      const v = cur[mu * nb + b];
      if (Number.isNaN(v)) nan = true;
      else if (v > m) {
        m = v;
        best = mu;
      }
    }
    winners[b] = nan ? -1 : best;
    const e = Array.from({ length: h }, (_, mu) => Math.exp(Math.fround(tinv * Math.fround(cur[mu * nb + b] - m))));
    const s = e.reduce((a, v) => a + v, 0);
    for (let mu = 0; mu < h; mu++) y[mu * nb + b] = nan ? NaN : e[mu] / s;
  }
}

/**
 * Twin of `softhebb_delta_f32`, in f64: rows r in [r0, r1): ds_r −= (Σ_b y[r,b]·cur[r,b])·W_r,
 * rowmax[r] = max|ds_r| (NaN if any entry is NaN).
 */
export function softhebbDeltaF32(
  ds: Float32Array,
  w: ArrayLike<number>,
  y: ArrayLike<number>,
  cur: ArrayLike<number>,
  nb: number,
  d: number,
  rowmax: Float32Array,
  r0: number,
  r1: number,
): void {
  for (let r = r0; r < r1; r++) {
    let c = 0;
    for (let b = 0; b < nb; b++) c += y[r * nb + b] * cur[r * nb + b];
    let m = 0;
    for (let i = 0; i < d; i++) {
      const v = ds[r * d + i] - c * w[r * d + i];
      ds[r * d + i] = v;
      m = Number.isNaN(v) || Number.isNaN(m) ? NaN : Math.max(m, Math.abs(v));
    }
    rowmax[r] = m;
  }
}

/**
 * Twin of `softhebb_apply_f32`, in f64: rows r in [r0, r1): W_r += η_r·ds_r / max(max rowmax, 1e-30)
 * with η_r = lr·(|‖W_r‖_p − 1| + 1e-10)^power from the norm before the step; W̃_r recomputed.
 */
export function softhebbApplyF32(
  w: Float32Array,
  wt: Float32Array,
  ds: ArrayLike<number>,
  rowmax: ArrayLike<number>,
  h: number,
  d: number,
  p: number,
  lr: number,
  power: number,
  r0: number,
  r1: number,
): void {
  let m = 0;
  for (let r = 0; r < h; r++) m = Number.isNaN(rowmax[r]) || Number.isNaN(m) ? NaN : Math.max(m, rowmax[r]);
  const denom = Number.isNaN(m) ? NaN : Math.max(m, 1e-30);
  for (let r = r0; r < r1; r++) {
    let s = 0;
    for (let i = 0; i < d; i++) s += Math.pow(Math.abs(w[r * d + i]), p);
    const scale = (lr * Math.pow(Math.abs(Math.pow(s, 1 / p) - 1) + 1e-10, power)) / denom;
    for (let i = 0; i < d; i++) w[r * d + i] += scale * ds[r * d + i];
    synapsePowF32(wt.subarray(r * d, (r + 1) * d), w.subarray(r * d, (r + 1) * d), d, p);
  }
}

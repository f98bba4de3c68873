// SoftHebb (Moraitis et al. 2022; Journé et al., ICLR 2023; REFERENCES §2):
// soft winner-takes-all y = softmax(u/τ) over the hidden units, the Hebbian
// update ΔW = yᵀx − (Σ_b y ⊙ u) ⊙ W normalised by max|ΔW|, and the per-unit
// rate η_k = η₀·(|‖W_k‖_p − 1| + 1e-10)^power. Kernels take byte pointers into
// host memory and never allocate; each writes only its own range, so a pool
// may run disjoint ranges on several threads with the same result.

import { synapse_pow_f32 } from "../../../../assembly/local";

/**
 * Soft winner-takes-all of the samples b in [b0, b1): for column b of the
 * currents cur [h, nb] (unit-major, as W̃·Xᵀ gives them),
 * y[μ, b] = exp(tinv·(u_μb − max_μ u_μb)) / Σ_μ exp(tinv·(u_μb − max)).
 * The max is subtracted for range only (softmax is shift-invariant); sums run
 * in unit order in f64. A NaN current makes its whole column NaN; +Inf makes
 * the column NaN as exp(Inf − Inf) does. y: [h, nb] f32 (may not alias cur).
 * winners: [nb] i32, winners[b] = the unit with the largest current (the
 * lowest index among ties; −1 when the column holds a NaN).
 */
export function softmax_units_f32(y: usize, winners: usize, cur: usize, h: i32, nb: i32, tinv: f32, b0: i32, b1: i32): void {
  const ld = <usize>nb << 2;
  for (let b = b0; b < b1; b++) {
    const cb = cur + (<usize>b << 2);
    const yb = y + (<usize>b << 2);
    let m: f32 = -Infinity;
    let nan = false;
    let best = 0;
    for (let mu = 0; mu < h; mu++) {
      const v = load<f32>(cb + <usize>mu * ld);
      if (isNaN<f32>(v)) nan = true;
      else if (v > m) {
        m = v;
        best = mu;
      }
    }
    store<i32>(winners + (<usize>b << 2), nan ? -1 : best);
    let s: f64 = 0;
    for (let mu = 0; mu < h; mu++) {
      const e = Math.exp(<f64>(tinv * (load<f32>(cb + <usize>mu * ld) - m)));
      store<f32>(yb + <usize>mu * ld, <f32>e);
      s += e;
    }
    const inv = nan ? NaN : 1 / s;
    for (let mu = 0; mu < h; mu++) {
      const p = yb + <usize>mu * ld;
      store<f32>(p, <f32>(<f64>load<f32>(p) * inv));
    }
  }
}

/**
 * Rows r in [r0, r1) of the SoftHebb update, after ds [h, d] holds yᵀx
 * (`gemm_f32` of y [h, nb] and x [nb, d]): ds_r −= c_r·W_r with
 * c_r = Σ_b y[r, b]·cur[r, b] (sample order, f32), and rowmax[r] = max|ds_r|
 * (NaN if any entry is NaN). w, ds: [h, d] f32; y, cur: [h, nb] f32; rowmax: [h] f32.
 */
export function softhebb_delta_f32(ds: usize, w: usize, y: usize, cur: usize, nb: i32, d: i32, rowmax: usize, r0: i32, r1: i32): void {
  const ld = <usize>d << 2;
  const lb = <usize>nb << 2;
  for (let r = r0; r < r1; r++) {
    let c: f32 = 0;
    const yr = y + <usize>r * lb;
    const ur = cur + <usize>r * lb;
    for (let b = 0; b < nb; b++) c += load<f32>(yr + (<usize>b << 2)) * load<f32>(ur + (<usize>b << 2));
    const dr = ds + <usize>r * ld;
    const wr = w + <usize>r * ld;
    let m: f32 = 0;
    let nan = false;
    for (let i = 0; i < d; i++) {
      const off = <usize>i << 2;
      const v = load<f32>(dr + off) - c * load<f32>(wr + off);
      store<f32>(dr + off, v);
      if (isNaN<f32>(v)) nan = true;
      m = Mathf.max(m, Mathf.abs(v));
    }
    store<f32>(rowmax + (<usize>r << 2), nan ? NaN : m);
  }
}

/**
 * Rows r in [r0, r1) of the SoftHebb step: with m = max over all h rows of
 * rowmax (NaN if any is NaN) and the row's rate η_r = lr·(|‖W_r‖_p − 1| +
 * 1e-10)^power from its norm before the step (f64), W_r += η_r·ds_r / max(m,
 * 1e-30), and W̃_r = sign(W_r)|W_r|^(p−1) recomputed. w, wt, ds: [h, d] f32.
 */
export function softhebb_apply_f32(w: usize, wt: usize, ds: usize, rowmax: usize, h: i32, d: i32, p: f64, lr: f64, power: f64, r0: i32, r1: i32): void {
  let m: f32 = 0;
  let nan = false;
  for (let r = 0; r < h; r++) {
    const v = load<f32>(rowmax + (<usize>r << 2));
    if (isNaN<f32>(v)) nan = true;
    m = Mathf.max(m, v);
  }
  const denom: f64 = nan ? NaN : Math.max(<f64>m, 1e-30);
  const ld = <usize>d << 2;
  for (let r = r0; r < r1; r++) {
    const wr = w + <usize>r * ld;
    let s: f64 = 0;
    for (let i = 0; i < d; i++) s += Math.pow(Math.abs(<f64>load<f32>(wr + (<usize>i << 2))), p);
    const norm = Math.pow(s, 1 / p);
    const scale = <f32>((lr * Math.pow(Math.abs(norm - 1) + 1e-10, power)) / denom);
    const dr = ds + <usize>r * ld;
    for (let i = 0; i < d; i++) {
      const off = <usize>i << 2;
      store<f32>(wr + off, load<f32>(wr + off) + scale * load<f32>(dr + off));
    }
    synapse_pow_f32(wt + <usize>r * ld, wr, d, p);
  }
}

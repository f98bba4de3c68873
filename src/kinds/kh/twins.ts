// Plain-TypeScript twins of this kind's kernels (assembly/kh.ts), written for clarity (f64
// arithmetic, full sorts) so the kernels are checked against different code.

import { synapsePowF32 } from "../../kernels/reference/local.js";

/**
 * Twin of `select_top1_kth_f32` by a full sort of each sample's currents:
 * descending, NaN as −∞, ties to the lower unit index. units: out [nb, 2]
 * (top-1, k-th); cur: [h, nb] row-major. The scratch argument is unused.
 */
export function selectTop1KthF32(
  units: Int32Array,
  cur: ArrayLike<number>,
  h: number,
  nb: number,
  k: number,
  _scratch?: unknown,
): void {
  if (nb <= 0 || k <= 0 || h < k) return;
  const order = new Array<number>(h);
  const key = new Float64Array(h);
  for (let b = 0; b < nb; b++) {
    for (let u = 0; u < h; u++) {
      const v = cur[u * nb + b];
      key[u] = Number.isNaN(v) ? -Infinity : v;
      order[u] = u;
    }
    order.sort((i, j) => (key[j] !== key[i] ? (key[j] > key[i] ? 1 : -1) : i - j));
    units[2 * b] = order[0];
    units[2 * b + 1] = order[k - 1];
  }
}

/**
 * Twin of `kh_update_f32` (sparse KH mini-batch update), in f64:
 * ΔW_μ = R^p·Σ_b g_bμ·x_b − (Σ_b g_bμ·I_μb)·W_μ over the selected rows,
 * W += ε·ΔW / max(max|ΔW|, 1e-30), W̃ recomputed for those rows.
 * Same arguments as the kernel; `ds`/`coef`/`rowmax` scratch are unused, `rows` is
 * written in increasing unit order, `slot` is left all −1. Returns the row count.
 */
export function khUpdateF32(
  w: Float32Array,
  wt: Float32Array,
  cur: ArrayLike<number>,
  x: ArrayLike<number>,
  units: ArrayLike<number>,
  gains: ArrayLike<number>,
  h: number,
  d: number,
  nb: number,
  s: number,
  p: number,
  rp: number,
  eps: number,
  _ds: unknown,
  _coef: unknown,
  _rowmax: unknown,
  rows: Int32Array,
  slot: Int32Array,
): number {
  const order: number[] = [];
  const delta = new Map<number, { ds: Float64Array; coef: number }>();
  for (let b = 0; b < nb; b++) {
    for (let j = 0; j < s; j++) {
      const mu = units[b * s + j];
      const g = gains[j];
      let e = delta.get(mu);
      if (!e) {
        e = { ds: new Float64Array(d), coef: 0 };
        delta.set(mu, e);
        order.push(mu);
      }
      e.coef += g * cur[mu * nb + b];
      for (let i = 0; i < d; i++) e.ds[i] += g * rp * x[b * d + i];
    }
  }
  order.sort((a, b) => a - b);
  let m = 0;
  for (const mu of order) {
    const e = delta.get(mu)!;
    for (let i = 0; i < d; i++) {
      e.ds[i] -= e.coef * w[mu * d + i];
      const a = Math.abs(e.ds[i]);
      m = Number.isNaN(a) || Number.isNaN(m) ? NaN : Math.max(m, a);
    }
  }
  const scale = eps / (Number.isNaN(m) ? NaN : Math.max(m, 1e-30));
  order.forEach((mu, r) => {
    const e = delta.get(mu)!;
    for (let i = 0; i < d; i++) w[mu * d + i] += scale * e.ds[i];
    synapsePowF32(wt.subarray(mu * d, (mu + 1) * d), w.subarray(mu * d, (mu + 1) * d), d, p);
    rows[r] = mu;
  });
  slot.fill(-1);
  return order.length;
}

/** Twin of `kh_rows_i32`: the distinct units of units [nb, s] (in [0, h)) in increasing order; slot[μ] = its row. */
export function khRowsI32(units: ArrayLike<number>, nb: number, s: number, _h: number, slot: Int32Array, rows: Int32Array): number {
  const distinct = [...new Set(Array.from({ length: nb * s }, (_, i) => units[i]))].sort((a, b) => a - b);
  distinct.forEach((mu, r) => (slot[mu] = r));
  rows.set(distinct);
  return distinct.length;
}

/**
 * Twin of `kh_delta_f32`, in f64: for rows r in [r0, r1) (μ = rows[r]),
 * ds_r = R^p·Σ_b g_bμ·x_b − coef_r·W_μ, coef_r = Σ_b g_bμ·I_μb, rowmax[r] = max|ds_r|
 * (NaN if any entry is NaN). Other rows of ds, coef and rowmax are left alone.
 */
export function khDeltaF32(
  w: ArrayLike<number>,
  cur: ArrayLike<number>,
  x: ArrayLike<number>,
  units: ArrayLike<number>,
  gains: ArrayLike<number>,
  nb: number,
  s: number,
  d: number,
  rp: number,
  ds: Float32Array,
  coef: Float32Array,
  rowmax: Float32Array,
  rows: ArrayLike<number>,
  _slot: unknown,
  r0: number,
  r1: number,
): void {
  for (let r = r0; r < r1; r++) {
    const mu = rows[r];
    const acc = new Float64Array(d);
    let c = 0;
    for (let b = 0; b < nb; b++) {
      for (let j = 0; j < s; j++) {
        if (units[b * s + j] !== mu) continue;
        c += gains[j] * cur[mu * nb + b];
        for (let i = 0; i < d; i++) acc[i] += gains[j] * rp * x[b * d + i];
      }
    }
    let m = 0;
    for (let i = 0; i < d; i++) {
      acc[i] -= c * w[mu * d + i];
      const a = Math.abs(acc[i]);
      m = Number.isNaN(a) || Number.isNaN(m) ? NaN : Math.max(m, a);
    }
    ds.set(acc, r * d);
    coef[r] = c;
    rowmax[r] = m;
  }
}

/**
 * Twin of `kh_apply_f32`, in f64: for rows r in [r0, r1) (μ = rows[r]),
 * W_μ += ε·ds_r / max(max(rowmax[0..nrows)), 1e-30), W̃_μ recomputed, slot[μ] = −1.
 */
export function khApplyF32(
  w: Float32Array,
  wt: Float32Array,
  ds: ArrayLike<number>,
  rowmax: ArrayLike<number>,
  rows: ArrayLike<number>,
  slot: Int32Array,
  nrows: number,
  r0: number,
  r1: number,
  d: number,
  p: number,
  eps: number,
): void {
  let m = 0;
  for (let r = 0; r < nrows; r++) m = Number.isNaN(rowmax[r]) || Number.isNaN(m) ? NaN : Math.max(m, rowmax[r]);
  const scale = eps / (Number.isNaN(m) ? NaN : Math.max(m, 1e-30));
  for (let r = r0; r < r1; r++) {
    const mu = rows[r];
    for (let i = 0; i < d; i++) w[mu * d + i] += scale * ds[r * d + i];
    synapsePowF32(wt.subarray(mu * d, (mu + 1) * d), w.subarray(mu * d, (mu + 1) * d), d, p);
    slot[mu] = -1;
  }
}

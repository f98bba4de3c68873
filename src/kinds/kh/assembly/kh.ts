// Krotov–Hopfield competing hidden units (Krotov & Hopfield, PNAS 2019): the
// per-sample ranking (top-1 and k-th unit) and the sparse mini-batch update
// that touches only the selected rows. Currents I = W̃·Xᵀ come from gemm_f32
// (assembly/gemm.ts), W̃, features and norms from assembly/local.ts. All
// buffers are host-owned, row-major f32 (i32 for indices) and 4-byte aligned;
// nothing here allocates.

import { axpy, subScaledMaxAbs, synapseRange } from "../../../../assembly/helpers";

/**
 * Ranking step of KH learning: for each sample b, the unit with the largest
 * current (top-1) and the unit ranked k-th, without sorting all units.
 * Order: larger current first; equal currents rank the lower unit index first;
 * NaN ranks as −∞ (so it is chosen only when fewer than k units are not NaN/−∞).
 * units: out [nb, 2] i32, units[b, 0] = top-1, units[b, 1] = k-th.
 * cur: [h, nb] row-major f32 (unit-major currents W̃·Xᵀ).
 * scratch: (nb + 2·nb·k)·4 bytes, contents ignored.
 * Preconditions: 1 ≤ k ≤ h.
 */
export function select_top1_kth_f32(units: usize, cur: usize, h: i32, nb: i32, k: i32, scratch: usize): void {
  if (nb <= 0 || k <= 0 || h < k) return;
  // Layout: thr [nb] (each sample's current k-th value), vals [nb, k], idx [nb, k], both kept sorted.
  const thr = scratch;
  const vals = thr + (<usize>nb << 2);
  const idx = vals + ((<usize>nb * <usize>k) << 2);
  const ldc = <usize>nb << 2;
  const ldk = <usize>k << 2;
  // The first k units enter unconditionally (NaN as −∞) so every buffer is full.
  for (let u = 0; u < k; u++) {
    const row = cur + <usize>u * ldc;
    for (let b = 0; b < nb; b++) {
      let v = load<f32>(row + (<usize>b << 2));
      if (isNaN<f32>(v)) v = -Infinity;
      insertSorted(vals + <usize>b * ldk, idx + <usize>b * ldk, u, u, v);
    }
  }
  for (let b = 0; b < nb; b++) store<f32>(thr + (<usize>b << 2), load<f32>(vals + <usize>b * ldk + ((<usize>k - 1) << 2)));
  // Later units enter only when strictly above the k-th value: on ties the earlier (lower) index stays ahead,
  // and a NaN compares false, so it never enters.
  for (let u = k; u < h; u++) {
    const row = cur + <usize>u * ldc;
    let b = 0;
    if (ASC_FEATURE_SIMD) {
      for (; b + 4 <= nb; b += 4) {
        const off = <usize>b << 2;
        if (!v128.any_true(f32x4.gt(v128.load(row + off), v128.load(thr + off)))) continue;
        for (let q = b; q < b + 4; q++) admit(row, thr, vals, idx, ldk, k, u, q);
      }
    }
    for (; b < nb; b++) admit(row, thr, vals, idx, ldk, k, u, b);
  }
  for (let b = 0; b < nb; b++) {
    store<i32>(units + (<usize>b << 3), load<i32>(idx + <usize>b * ldk));
    store<i32>(units + (<usize>b << 3) + 4, load<i32>(idx + <usize>b * ldk + ((<usize>k - 1) << 2)));
  }
}

// @ts-ignore: decorator
@inline
function admit(row: usize, thr: usize, vals: usize, idx: usize, ldk: usize, k: i32, u: i32, b: i32): void {
  const v = load<f32>(row + (<usize>b << 2));
  const pt = thr + (<usize>b << 2);
  if (v > load<f32>(pt)) {
    const pv = vals + <usize>b * ldk;
    insertSorted(pv, idx + <usize>b * ldk, k - 1, u, v);
    store<f32>(pt, load<f32>(pv + ((<usize>k - 1) << 2)));
  }
}

/**
 * Inserts (v, u) into the descending list vals/idx[0..len], keeping it sorted,
 * after every entry ≥ v; the last slot (index len) is overwritten.
 */
// @ts-ignore: decorator
@inline
function insertSorted(vals: usize, idx: usize, len: i32, u: i32, v: f32): void {
  let r = len;
  while (r > 0) {
    const prev = load<f32>(vals + ((<usize>r - 1) << 2));
    if (prev >= v) break;
    store<f32>(vals + (<usize>r << 2), prev);
    store<i32>(idx + (<usize>r << 2), load<i32>(idx + ((<usize>r - 1) << 2)));
    r--;
  }
  store<f32>(vals + (<usize>r << 2), v);
  store<i32>(idx + (<usize>r << 2), u);
}

/**
 * Sparse KH mini-batch update (Krotov & Hopfield 2019; notebook
 * DimaKrotov/Biological_Learning): with g_bμ = gains[j] when units[b, j] = μ
 * (summed over repeats) and 0 otherwise,
 *   ΔW_μ = R^p·Σ_b g_bμ·x_b − (Σ_b g_bμ·I_μb)·W_μ,
 *   W += ε·ΔW / max(max|ΔW|, 1e-30),
 * computed only for the selected rows (≤ nb·s), then W̃ = sign(W)|W|^(p−1) is
 * recomputed for those rows, which are numbered in increasing unit order.
 * The same as kh_rows_i32, then kh_delta_f32 and kh_apply_f32 over all rows
 * (a worker pool runs those two on disjoint row ranges, with the same result).
 *
 * w, wt: [h, d] f32 (W and W̃, updated in place); cur: [h, nb] f32 currents
 * (W̃·Xᵀ before the update); x: [nb, d] f32 inputs; units: [nb, s] i32 in
 * [0, h); gains: [s] f32 (KH: s = 2, gains = [1, −Δ]); rp = R^p; eps = ε.
 * Scratch: ds [nb·s, d] f32, coef and rowmax [nb·s] f32; rows: out [nb·s] i32,
 * the changed rows; slot: [h] i32, must be all −1 on entry and is −1 again on exit.
 * Returns the number of changed rows. NaN/Inf follow IEEE arithmetic: a NaN
 * in ΔW makes max|ΔW| NaN and so every changed row NaN (as in numpy).
 */
export function kh_update_f32(
  w: usize, wt: usize, cur: usize, x: usize, units: usize, gains: usize,
  h: i32, d: i32, nb: i32, s: i32, p: f64, rp: f32, eps: f32,
  ds: usize, coef: usize, rowmax: usize, rows: usize, slot: usize,
): i32 {
  const nrows = kh_rows_i32(units, nb, s, h, slot, rows);
  kh_delta_f32(w, cur, x, units, gains, nb, s, d, rp, ds, coef, rowmax, rows, slot, 0, nrows);
  kh_apply_f32(w, wt, ds, rowmax, rows, slot, nrows, 0, nrows, d, p, eps);
  return nrows;
}

/**
 * Step 1 of kh_update_f32: numbers the distinct units of units [nb, s] i32
 * (each in [0, h)) in increasing order, so that a contiguous range of rows is
 * a contiguous range of units (a pool gives each thread the rows of the units
 * whose W̃ rows it multiplies). rows: out [≤ nb·s] i32, rows[r] = the r-th
 * unit; slot: [h] i32, all −1 on entry, slot[rows[r]] = r on exit
 * (kh_apply_f32 resets it). Returns the number of rows.
 */
export function kh_rows_i32(units: usize, nb: i32, s: i32, h: i32, slot: usize, rows: usize): i32 {
  const n = nb * s;
  for (let i = 0; i < n; i++) store<i32>(slot + (<usize>load<i32>(units + (<usize>i << 2)) << 2), 0);
  let nrows = 0;
  for (let mu = 0; mu < h; mu++) {
    const ps = slot + (<usize>mu << 2);
    if (load<i32>(ps) < 0) continue;
    store<i32>(ps, nrows);
    store<i32>(rows + (<usize>nrows << 2), mu);
    nrows++;
  }
  return nrows;
}

/**
 * Step 2 of kh_update_f32, for the rows r in [r0, r1) numbered by kh_rows_i32
 * (μ = rows[r]): ds_r = ΔW_μ = R^p·Σ_b g_bμ·x_b − coef_r·W_μ with
 * coef_r = Σ_b g_bμ·I_μb, summed in sample order, and rowmax[r] = max|ds_r|.
 * Writes only rows [r0, r1) of ds [nb·s, d], coef and rowmax [nb·s] f32, so
 * threads may take disjoint ranges. Other arguments as kh_update_f32.
 */
export function kh_delta_f32(
  w: usize, cur: usize, x: usize, units: usize, gains: usize,
  nb: i32, s: i32, d: i32, rp: f32,
  ds: usize, coef: usize, rowmax: usize, rows: usize, slot: usize, r0: i32, r1: i32,
): void {
  if (r1 <= r0) return;
  const ld = <usize>d << 2;
  memory.fill(ds + <usize>r0 * ld, 0, <usize>(r1 - r0) * ld);
  memory.fill(coef + (<usize>r0 << 2), 0, <usize>(r1 - r0) << 2);
  for (let b = 0; b < nb; b++) {
    const xb = x + <usize>b * ld;
    for (let j = 0; j < s; j++) {
      const mu = load<i32>(units + ((<usize>(b * s + j)) << 2));
      const r = load<i32>(slot + (<usize>mu << 2));
      if (r < r0 || r >= r1) continue;
      const g = load<f32>(gains + (<usize>j << 2));
      const pc = coef + (<usize>r << 2);
      store<f32>(pc, load<f32>(pc) + g * load<f32>(cur + ((<usize>mu * <usize>nb + <usize>b) << 2)));
      axpy(ds + <usize>r * ld, xb, g * rp, d);
    }
  }
  for (let r = r0; r < r1; r++) {
    const mu = load<i32>(rows + (<usize>r << 2));
    const m = subScaledMaxAbs(ds + <usize>r * ld, w + <usize>mu * ld, load<f32>(coef + (<usize>r << 2)), d);
    store<f32>(rowmax + (<usize>r << 2), m);
  }
}

/**
 * Step 3 of kh_update_f32, for the rows r in [r0, r1) of nrows:
 * W_μ += ε·ds_r / max(max_r' rowmax[r'], 1e-30) over all nrows (μ = rows[r]),
 * W̃_μ recomputed and slot[μ] reset to −1. Writes only those rows of w, wt and
 * slot, so threads may take disjoint ranges. Other arguments as kh_update_f32.
 */
export function kh_apply_f32(
  w: usize, wt: usize, ds: usize, rowmax: usize, rows: usize, slot: usize,
  nrows: i32, r0: i32, r1: i32, d: i32, p: f64, eps: f32,
): void {
  if (r1 <= r0) return;
  const ld = <usize>d << 2;
  // Every thread takes the same maximum in the same order (f32.max is exact), so all scale alike.
  let m: f32 = 0;
  for (let r = 0; r < nrows; r++) m = Mathf.max(m, load<f32>(rowmax + (<usize>r << 2)));
  const scale = eps / Mathf.max(m, 1e-30);
  for (let r = r0; r < r1; r++) {
    const mu = load<i32>(rows + (<usize>r << 2));
    const pw = w + <usize>mu * ld;
    axpy(pw, ds + <usize>r * ld, scale, d);
    synapseRange(wt + <usize>mu * ld, pw, d, p);
    store<i32>(slot + (<usize>mu << 2), -1);
  }
}


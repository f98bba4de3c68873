/** Twin of `synapse_pow_f32`: out[i] = copysign(|w[i]|^(p−1), w[i]); NaN stays NaN. */
export declare function synapsePowF32(out: Float32Array, w: ArrayLike<number>, n: number, p: number): void;
/** Twin of `relu_pow_f32`: out[i] = max(x[i], 0)^power, NaN stays NaN (power 0 gives 1). */
export declare function reluPowF32(out: Float32Array, x: ArrayLike<number>, n: number, power: number): void;
/** Twin of `row_norm_p_f32`: out[r] = (Σ_i |w[r, i]|^p)^(1/p), w [rows, d] row-major. */
export declare function rowNormPF32(out: Float64Array, w: ArrayLike<number>, rows: number, d: number, p: number): void;
/**
 * Twin of `select_top1_kth_f32` by a full sort of each sample's currents:
 * descending, NaN as −∞, ties to the lower unit index. units: out [nb, 2]
 * (top-1, k-th); cur: [h, nb] row-major. The scratch argument is unused.
 */
export declare function selectTop1KthF32(units: Int32Array, cur: ArrayLike<number>, h: number, nb: number, k: number, _scratch?: unknown): void;
/**
 * Twin of `kh_update_f32` (sparse KH mini-batch update), in f64:
 * ΔW_μ = R^p·Σ_b g_bμ·x_b − (Σ_b g_bμ·I_μb)·W_μ over the selected rows,
 * W += ε·ΔW / max(max|ΔW|, 1e-30), W̃ recomputed for those rows.
 * Same arguments as the kernel; `ds`/`coef`/`rowmax` scratch are unused, `rows` is
 * written in increasing unit order, `slot` is left all −1. Returns the row count.
 */
export declare function khUpdateF32(w: Float32Array, wt: Float32Array, cur: ArrayLike<number>, x: ArrayLike<number>, units: ArrayLike<number>, gains: ArrayLike<number>, h: number, d: number, nb: number, s: number, p: number, rp: number, eps: number, _ds: unknown, _coef: unknown, _rowmax: unknown, rows: Int32Array, slot: Int32Array): number;
/** Twin of `kh_rows_i32`: the distinct units of units [nb, s] (in [0, h)) in increasing order; slot[μ] = its row. */
export declare function khRowsI32(units: ArrayLike<number>, nb: number, s: number, _h: number, slot: Int32Array, rows: Int32Array): number;
/**
 * Twin of `kh_delta_f32`, in f64: for rows r in [r0, r1) (μ = rows[r]),
 * ds_r = R^p·Σ_b g_bμ·x_b − coef_r·W_μ, coef_r = Σ_b g_bμ·I_μb, rowmax[r] = max|ds_r|
 * (NaN if any entry is NaN). Other rows of ds, coef and rowmax are left alone.
 */
export declare function khDeltaF32(w: ArrayLike<number>, cur: ArrayLike<number>, x: ArrayLike<number>, units: ArrayLike<number>, gains: ArrayLike<number>, nb: number, s: number, d: number, rp: number, ds: Float32Array, coef: Float32Array, rowmax: Float32Array, rows: ArrayLike<number>, _slot: unknown, r0: number, r1: number): void;
/**
 * Twin of `kh_apply_f32`, in f64: for rows r in [r0, r1) (μ = rows[r]),
 * W_μ += ε·ds_r / max(max(rowmax[0..nrows)), 1e-30), W̃_μ recomputed, slot[μ] = −1.
 */
export declare function khApplyF32(w: Float32Array, wt: Float32Array, ds: ArrayLike<number>, rowmax: ArrayLike<number>, rows: ArrayLike<number>, slot: Int32Array, nrows: number, r0: number, r1: number, d: number, p: number, eps: number): void;

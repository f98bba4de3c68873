/**
 * Twin of `softmax_units_f32`, in f64: columns b in [b0, b1) of y [h, nb] =
 * softmax over units of tinv·cur[:, b]; a NaN or +Inf current makes its column NaN;
 * winners[b] = the first unit with the largest current (−1 with a NaN in the column).
 */
export declare function softmaxUnitsF32(y: Float32Array, winners: Int32Array, cur: ArrayLike<number>, h: number, nb: number, tinv: number, b0: number, b1: number): void;
/**
 * Twin of `softhebb_delta_f32`, in f64: rows r in [r0, r1): ds_r −= (Σ_b y[r,b]·cur[r,b])·W_r,
 * rowmax[r] = max|ds_r| (NaN if any entry is NaN).
 */
export declare function softhebbDeltaF32(ds: Float32Array, w: ArrayLike<number>, y: ArrayLike<number>, cur: ArrayLike<number>, nb: number, d: number, rowmax: Float32Array, r0: number, r1: number): void;
/**
 * Twin of `softhebb_apply_f32`, in f64: rows r in [r0, r1): W_r += η_r·ds_r / max(max rowmax, 1e-30)
 * with η_r = lr·(|‖W_r‖_p − 1| + 1e-10)^power from the norm before the step; W̃_r recomputed.
 */
export declare function softhebbApplyF32(w: Float32Array, wt: Float32Array, ds: ArrayLike<number>, rowmax: ArrayLike<number>, h: number, d: number, p: number, lr: number, power: number, r0: number, r1: number): void;

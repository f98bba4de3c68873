/**
 * Twin of `gemm_f32`: C[i, :] = A[i, :]·B for rows i in [m0, m1), accumulated in f64
 * and rounded to f32. A: [M, K], B: [K, N], C: [M, N] row-major. Other rows of C are untouched.
 */
export declare function gemmF32(c: Float32Array, a: ArrayLike<number>, b: ArrayLike<number>, m0: number, m1: number, n: number, k: number): void;
/** Twin of `transpose_f32`: out [cols, rows] = xᵀ, x [rows, cols] row-major. */
export declare function transposeF32(out: Float32Array, x: ArrayLike<number>, rows: number, cols: number): void;
/** Twin of `gather_rows_f32`: out[r, :] = src[idx[r], :] for r < n, rows of d values. */
export declare function gatherRowsF32(out: Float32Array, src: ArrayLike<number>, idx: ArrayLike<number>, n: number, d: number): void;

import { gatherRowsF32, gemmF32, transposeF32 } from "./reference/gemm.js";
/**
 * Kernels of `assembly/gemm.ts` and their twins:
 * - `gemm_f32(c, a, b, m0, m1, n, k)`: C[m0..m1) = A[m0..m1)·B, A [M, K], B [K, N], C [M, N] row-major f32;
 *   4×8 register-blocked SIMD tiles; the row range lets a worker pool split C by rows over one shared memory.
 * - `transpose_f32(out, x, rows, cols)`: out [cols, rows] = xᵀ;
 * - `gather_rows_f32(out, src, idx, n, d)`: out[r, :] = src[idx[r], :] (a shuffled mini-batch).
 */
export const gemmKernels = [
    { name: "gemm_f32", twin: gemmF32 },
    { name: "transpose_f32", twin: transposeF32 },
    { name: "gather_rows_f32", twin: gatherRowsF32 },
];
//# sourceMappingURL=gemm.js.map
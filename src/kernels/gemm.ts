import type { KernelEntry } from "./types.js";
import { gatherRowsF32, gemmF32, gemmPackedF32, packBF32, packBtF32, transposeF32 } from "./reference/gemm.js";

/**
 * Kernels of `assembly/gemm.ts` and their twins:
 * - `gemm_f32(c, a, b, m0, m1, n, k)`: C[m0..m1) = A[m0..m1)·B, A [M, K], B [K, N], C [M, N] row-major f32;
 *   4×8 register-blocked SIMD tiles; the row range lets a worker pool split C by rows over one shared memory.
 * - `pack_b_f32(out, b, p0, p1, k, n)` / `pack_bt_f32(out, bt, p0, p1, k, n)`: panels [p0, p1) of B [K, N]
 *   (or of btᵀ, bt [N, K]) packed as ⌈N/8⌉ panels of K × 8 contiguous values, zero-padded;
 * - `gemm_packed_f32(c, a, bp, m0, m1, n, k)`: gemm_f32 with B packed (the dense engine's products),
 *   the same bits as gemm_f32;
 * - `transpose_f32(out, x, rows, cols)`: out [cols, rows] = xᵀ;
 * - `gather_rows_f32(out, src, idx, n, d)`: out[r, :] = src[idx[r], :] (a shuffled mini-batch).
 */
export const gemmKernels: readonly KernelEntry[] = [
  { name: "gemm_f32", twin: gemmF32 },
  { name: "pack_b_f32", twin: packBF32 },
  { name: "pack_bt_f32", twin: packBtF32 },
  { name: "gemm_packed_f32", twin: gemmPackedF32 },
  { name: "transpose_f32", twin: transposeF32 },
  { name: "gather_rows_f32", twin: gatherRowsF32 },
];

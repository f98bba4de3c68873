import type { KernelEntry } from "../../kernels/types.js";
import { khApplyF32, khDeltaF32, khRowsI32, khUpdateF32, selectTop1KthF32 } from "./twins.js";

/**
 * Krotov–Hopfield's own kernels (`assembly/kh.ts` in this folder) and their twins (`twins.ts`):
 * - `select_top1_kth_f32(units, cur, h, nb, k, scratch)`: per sample, the top-1 and k-th unit of currents [h, nb];
 * - `kh_update_f32(...)`: the sparse mini-batch update of the selected rows, with their W̃ recomputed;
 *   it is `kh_rows_i32` (number the selected units), `kh_delta_f32` (ΔW and max|ΔW| per row) and
 *   `kh_apply_f32` (scale and apply), which a worker pool runs on disjoint row ranges.
 * W̃, the features and the norms are every local layer's (`src/kernels/local.ts`).
 */
export const khKernels: readonly KernelEntry[] = [
  { name: "select_top1_kth_f32", twin: selectTop1KthF32 },
  { name: "kh_update_f32", twin: khUpdateF32 },
  { name: "kh_rows_i32", twin: khRowsI32 },
  { name: "kh_delta_f32", twin: khDeltaF32 },
  { name: "kh_apply_f32", twin: khApplyF32 },
];

/** Bytes of scratch `select_top1_kth_f32` needs for `nb` samples and rank `k`. */
export function selectScratchBytes(nb: number, k: number): number {
  return 4 * (nb + 2 * nb * k);
}

import type { KernelEntry } from "../../kernels/types.js";
import { softhebbApplyF32, softhebbDeltaF32, softmaxUnitsF32 } from "./twins.js";

/**
 * SoftHebb's own kernels (`assembly/softhebb.ts` in this folder; Moraitis et al. 2022, Journé et al. 2023)
 * and their twins (`twins.ts`):
 * - `softmax_units_f32(y, winners, cur, h, nb, tinv, b0, b1)`: soft winner-takes-all over units, per sample, and each sample's winner;
 * - `softhebb_delta_f32(ds, w, y, cur, nb, d, rowmax, r0, r1)`: ΔW rows from yᵀx (a GEMM) and max|ΔW| per row;
 * - `softhebb_apply_f32(w, wt, ds, rowmax, h, d, p, lr, power, r0, r1)`: the norm-dependent rate and the update.
 */
export const softhebbKernels: readonly KernelEntry[] = [
  { name: "softmax_units_f32", twin: softmaxUnitsF32 },
  { name: "softhebb_delta_f32", twin: softhebbDeltaF32 },
  { name: "softhebb_apply_f32", twin: softhebbApplyF32 },
];

import { khApplyF32, khDeltaF32, khRowsI32, khUpdateF32, reluPowF32, rowNormPF32, selectTop1KthF32, synapsePowF32, } from "./reference/krotov.js";
/**
 * Kernels of `assembly/krotov.ts` (Krotov & Hopfield 2019) and their twins:
 * - `synapse_pow_f32(out, w, n, p)`: W̃ = sign(W)|W|^(p−1) elementwise;
 * - `select_top1_kth_f32(units, cur, h, nb, k, scratch)`: per sample, the top-1 and k-th unit of currents [h, nb];
 * - `kh_update_f32(...)`: the sparse mini-batch update of the selected rows, with their W̃ recomputed;
 *   it is `kh_rows_i32` (number the selected units), `kh_delta_f32` (ΔW and max|ΔW| per row) and
 *   `kh_apply_f32` (scale and apply), which a worker pool runs on disjoint row ranges;
 * - `relu_pow_f32(out, x, n, power)`: readout features relu(I)^power;
 * - `row_norm_p_f32(out, w, rows, d, p)`: ‖W_μ‖_p per row, in f64.
 */
export const krotovKernels = [
    { name: "synapse_pow_f32", twin: synapsePowF32 },
    { name: "select_top1_kth_f32", twin: selectTop1KthF32 },
    { name: "kh_update_f32", twin: khUpdateF32 },
    { name: "kh_rows_i32", twin: khRowsI32 },
    { name: "kh_delta_f32", twin: khDeltaF32 },
    { name: "kh_apply_f32", twin: khApplyF32 },
    { name: "relu_pow_f32", twin: reluPowF32 },
    { name: "row_norm_p_f32", twin: rowNormPF32 },
];
/** Bytes of scratch `select_top1_kth_f32` needs for `nb` samples and rank `k`. */
export function selectScratchBytes(nb, k) {
    return 4 * (nb + 2 * nb * k);
}
//# sourceMappingURL=krotov.js.map
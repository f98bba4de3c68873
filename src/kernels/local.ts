import type { KernelEntry } from "./types.js";
import { reluPowF32, rowNormPF32, synapsePowF32 } from "./reference/local.js";

/**
 * Kernels of `assembly/local.ts` (what every local layer computes, whatever its rule) and their twins:
 * - `synapse_pow_f32(out, w, n, p)`: W̃ = sign(W)|W|^(p−1) elementwise (Krotov & Hopfield 2019);
 * - `relu_pow_f32(out, x, n, power)`: readout features relu(I)^power;
 * - `row_norm_p_f32(out, w, rows, d, p)`: ‖W_μ‖_p per row, in f64.
 */
export const localKernels: readonly KernelEntry[] = [
  { name: "synapse_pow_f32", twin: synapsePowF32 },
  { name: "relu_pow_f32", twin: reluPowF32 },
  { name: "row_norm_p_f32", twin: rowNormPF32 },
];

import type { KernelEntry } from "./types.js";
import { adamF32, amsgradF32 } from "./reference/optim.js";

/**
 * Kernels of `assembly/optim.ts` and their twins:
 * - `adam_f32(wOut, mOut, vOut, w, m, v, g, n, β₁, 1−β₁, β₂, 1−β₂, c₁, c₂, ε, −lr)`: one Adam step over
 *   n f32 parameters in tfjs's order of operations (bit-identical to `tf.train.adam`).
 * - `amsgrad_f32(wOut, mOut, vOut, v̂Out, w, m, v, v̂, g, n, β₁, 1−β₁, β₂, 1−β₂, √(1−β₂ᵗ), ε, −lr/(1−β₁ᵗ))`:
 *   one AMSGrad step (PyTorch's `Adam(amsgrad=True)`), the moments as `adam_f32` computes them.
 */
export const optimKernels: readonly KernelEntry[] = [
  { name: "adam_f32", twin: adamF32 },
  { name: "amsgrad_f32", twin: amsgradF32 },
];

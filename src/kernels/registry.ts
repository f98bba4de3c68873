import type { KernelEntry } from "./types.js";
import { vecKernels } from "./vec.js";
import { gemmKernels } from "./gemm.js";
import { krotovKernels } from "./krotov.js";
import { covarianceKernels } from "./covariance.js";
import { eigenKernels } from "./eigen.js";
import { softhebbKernels } from "./softhebb.js";
import { optimKernels } from "./optim.js";

/**
 * Every WASM kernel with its reference twin. A test checks that this list and
 * the module's exports agree, and that every entry has a twin test case.
 */
export const KERNELS: readonly KernelEntry[] = [
  ...vecKernels,
  ...gemmKernels,
  ...krotovKernels,
  ...covarianceKernels,
  ...eigenKernels,
  ...softhebbKernels,
  ...optimKernels,
];

/** Exports that are not kernels (the memory and the arena's base). */
export const NON_KERNEL_EXPORTS = ["memory", "heap_base"] as const;

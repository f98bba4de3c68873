import type { KernelEntry } from "./types.js";
import { vecKernels } from "./vec.js";
import { gemmKernels } from "./gemm.js";
import { localKernels } from "./local.js";
import { covarianceKernels } from "./covariance.js";
import { eigenKernels } from "./eigen.js";
import { optimKernels } from "./optim.js";

/**
 * Every shared WASM kernel family (`assembly/`) with its reference twins. Model kinds list their
 * own kernels (`ModelKind.kernels`, sources in their folders); a test checks that these lists
 * together and the module's exports agree, and that every entry has a twin test case.
 */
export const KERNELS: readonly KernelEntry[] = [
  ...vecKernels,
  ...gemmKernels,
  ...localKernels,
  ...covarianceKernels,
  ...eigenKernels,
  ...optimKernels,
];

/** Exports that are not kernels (the memory and the arena's base). */
export const NON_KERNEL_EXPORTS = ["memory", "heap_base"] as const;

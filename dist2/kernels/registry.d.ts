import type { KernelEntry } from "./types.js";
/**
 * Every WASM kernel with its reference twin. A test checks that this list and
 * the module's exports agree, and that every entry has a twin test case.
 */
export declare const KERNELS: readonly KernelEntry[];
/** Exports that are not kernels (the memory and the arena's base). */
export declare const NON_KERNEL_EXPORTS: readonly ["memory", "heap_base"];

import type { Wasm } from "../wasm/init.js";
import type { KernelEntry } from "./types.js";
/** Kernels of `assembly/vec.ts` and their twins. */
export declare const vecKernels: readonly KernelEntry[];
/**
 * Throws a named error if `n` f32 values at `ptr` hold a NaN or ±Inf.
 * @param what names the data in the message, e.g. `"train images"`.
 * @param rowLength when given, the message reports row and column instead of a flat index.
 */
export declare function assertFiniteF32(w: Wasm, ptr: number, n: number, what: string, rowLength?: number): void;
/** The same check on a JS array (no WASM needed): throws a named error on NaN/±Inf. */
export declare function assertFiniteArray(x: ArrayLike<number>, what: string, rowLength?: number): void;

import { findNonfiniteF32 } from "./reference/vec.js";
/** Kernels of `assembly/vec.ts` and their twins. */
export const vecKernels = [{ name: "find_nonfinite_f32", twin: findNonfiniteF32 }];
/**
 * Throws a named error if `n` f32 values at `ptr` hold a NaN or ±Inf.
 * @param what names the data in the message, e.g. `"train images"`.
 * @param rowLength when given, the message reports row and column instead of a flat index.
 */
export function assertFiniteF32(w, ptr, n, what, rowLength) {
    const i = w.exports.find_nonfinite_f32(ptr, n);
    if (i >= 0)
        throw nonFiniteError(what, i, w.arena.f32(ptr + 4 * i, 1)[0], rowLength);
}
/** The same check on a JS array (no WASM needed): throws a named error on NaN/±Inf. */
export function assertFiniteArray(x, what, rowLength) {
    const i = findNonfiniteF32(x);
    if (i >= 0)
        throw nonFiniteError(what, i, x[i], rowLength);
}
function nonFiniteError(what, i, v, rowLength) {
    const where = rowLength ? `row ${Math.floor(i / rowLength)}, column ${i % rowLength}` : `index ${i}`;
    return new Error(`${what}: non-finite value ${v} at ${where}`);
}
//# sourceMappingURL=vec.js.map
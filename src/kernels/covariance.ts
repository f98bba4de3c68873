import type { Wasm } from "../wasm/init.js";
import type { KernelEntry } from "./types.js";
import { colMeanF32, covF32, crossCovF32 } from "./reference/covariance.js";
import { assertFiniteF32 } from "./vec.js";

/** Kernels of `assembly/covariance.ts` and their twins. */
export const covarianceKernels: readonly KernelEntry[] = [
  { name: "col_mean_f32", twin: colMeanF32 },
  { name: "cov_f32", twin: covF32 },
  { name: "crosscov_f32", twin: crossCovF32 },
];

/**
 * Samples per f32 block before the partial sums go to f64. 64 is as fast as
 * larger blocks here and keeps the f32 rounding error ~1e-8 of √(C_ii·C_jj).
 */
export const COV_BLOCK = 64;

/** Bytes of the packed-block workspace of `cov_f32` (`crosscov_f32` needs twice this). */
export function covWorkBytes(d: number, kb = COV_BLOCK): number {
  const groups = (Math.ceil(d / 4) + 1) & ~1;
  return 16 * kb * groups;
}

/**
 * Sample covariance (Bessel-corrected, 1/(n − 1)) of the columns of an
 * [n, d] row-major f32 matrix held in WASM memory at `xPtr`, written as a full
 * symmetric [d, d] f64 matrix at `outPtr`; column means (d f64) go to `meanPtr`.
 * No validation (see {@link covariance}); uses the arena for its workspace.
 */
export function covarianceAt(w: Wasm, xPtr: number, n: number, d: number, meanPtr: number, outPtr: number): void {
  const mark = w.arena.mark();
  try {
    const work = w.arena.alloc(covWorkBytes(d));
    w.exports.col_mean_f32(xPtr, n, d, meanPtr);
    w.exports.cov_f32(xPtr, n, d, meanPtr, outPtr, 1 / (n - 1), work, COV_BLOCK);
  } finally {
    w.arena.release(mark);
  }
}

/** Checks the shape shared by the covariance entry points; throws a named error. */
export function checkSamples(what: string, x: ArrayLike<number>, n: number, d: number): void {
  if (!Number.isInteger(n) || !Number.isInteger(d) || n < 0 || d < 1) throw new Error(`${what}: bad shape [${n}, ${d}]`);
  if (x.length !== n * d) throw new Error(`${what}: expected ${n}×${d} = ${n * d} values, got ${x.length}`);
  if (n < 2) throw new Error(`${what}: needs at least 2 samples (rows) for a covariance, got ${n}`);
}

/**
 * Sample covariance of the columns (units) of a representation
 * (Stringer et al. 2019: rows are stimuli, columns are units).
 *
 * @param x [n, d] row-major f32; NaN/±Inf are rejected with an error naming row and column.
 * @param n samples, ≥ 2.
 * @param d units (columns), ≥ 1.
 * @returns [d, d] row-major f64, C = (X − X̄)ᵀ(X − X̄)/(n − 1), exactly symmetric.
 *   Products are f32 (centred values rounded once), summed in f32 over 64
 *   samples, then in f64.
 */
export function covariance(w: Wasm, x: Float32Array, n: number, d: number): Float64Array {
  checkSamples("covariance", x, n, d);
  const mark = w.arena.mark();
  try {
    const xp = w.arena.putF32(x);
    assertFiniteF32(w, xp, n * d, "covariance input", d);
    const mean = w.arena.allocF64(d);
    const out = w.arena.allocF64(d * d);
    covarianceAt(w, xp, n, d, mean, out);
    return w.arena.f64(out, d * d).slice();
  } finally {
    w.arena.release(mark);
  }
}

import type { Wasm } from "../wasm/init.js";
import type { KernelPool } from "../wasm/pool.js";
import type { KernelEntry } from "./types.js";
/**
 * Kernels of `assembly/covariance.ts` and their twins. `cov_f32` is
 * `cov_stripes_f32` (column stripes of 8, upper-triangle tiles, unscaled) then
 * `cov_scale_mirror_f64` (rows); `crosscov_f32` is `crosscov_stripes_f32` then
 * `scale_rows_f64`. A pool runs the parts on disjoint stripe and row ranges.
 */
export declare const covarianceKernels: readonly KernelEntry[];
/**
 * Samples per f32 block before the partial sums go to f64. 64 is as fast as
 * larger blocks here and keeps the f32 rounding error ~1e-8 of √(C_ii·C_jj).
 */
export declare const COV_BLOCK = 64;
/** Bytes of the packed-block workspace of `cov_f32` (`crosscov_f32` needs twice this). */
export declare function covWorkBytes(d: number, kb?: number): number;
/** Options of the covariance entry points. */
export interface CovarianceOptions {
    /**
     * Threads over the same kernels and memory (`pool.wasm` must be the `w`
     * passed in). With more than one thread the column stripes and the
     * scale/mirror rows are split between them; the result is bit for bit the
     * same for any thread count. Default: one thread.
     */
    pool?: KernelPool;
}
/** Column stripes (8 columns each) of a [d, d] covariance. */
export declare function covStripes(d: number): number;
/**
 * Cuts items 0..count−1 with costs cost(i) into `parts` contiguous ranges of
 * about equal total cost: boundaries [b0 = 0, b1, …, b_parts = count].
 */
export declare function balancedCuts(count: number, parts: number, cost: (i: number) => number): number[];
/**
 * Stripe ranges of `cov_stripes_f32` for `threads` threads, balanced by tile
 * count (stripe k has min(2k + 2, ⌈d/4⌉) 4×8 tiles per block), not by stripe
 * count: boundaries [0, …, ⌈d/8⌉].
 */
export declare function covStripeCuts(d: number, threads: number): number[];
/** Row ranges of `cov_scale_mirror_f64` for `threads` threads, balanced by the d − i entries of row i. */
export declare function covRowCuts(d: number, threads: number): number[];
/**
 * Sample covariance (Bessel-corrected, 1/(n − 1)) of the columns of an
 * [n, d] row-major f32 matrix held in WASM memory at `xPtr`, written as a full
 * symmetric [d, d] f64 matrix at `outPtr`; column means (d f64) go to `meanPtr`.
 * No validation (see {@link covariance}); uses the arena for its workspace
 * (one per thread). With `opts.pool` the column stripes, balanced by tile
 * count, and then the scaled rows are split over its threads; the bytes do
 * not depend on the thread count.
 */
export declare function covarianceAt(w: Wasm, xPtr: number, n: number, d: number, meanPtr: number, outPtr: number, opts?: CovarianceOptions): void;
/**
 * Cross-covariance C₁₂ = (X − X̄)ᵀ(Y − Ȳ)/(n − 1) of two [n, d] row-major f32
 * matrices in WASM memory (cvPCA), written as [d, d] f64 at `outPtr` (not
 * symmetric); column means go to `mxPtr`, `myPtr`. No validation. With
 * `opts.pool` the column stripes, then the rows to scale, are split over its
 * threads; the bytes do not depend on the thread count.
 */
export declare function crossCovarianceAt(w: Wasm, xPtr: number, yPtr: number, n: number, d: number, mxPtr: number, myPtr: number, outPtr: number, opts?: CovarianceOptions): void;
/** Checks the shape shared by the covariance entry points; throws a named error. */
export declare function checkSamples(what: string, x: ArrayLike<number>, n: number, d: number): void;
/**
 * Sample covariance of the columns (units) of a representation
 * (Stringer et al. 2019: rows are stimuli, columns are units).
 *
 * @param x [n, d] row-major f32; NaN/±Inf are rejected with an error naming row and column.
 * @param n samples, ≥ 2.
 * @param d units (columns), ≥ 1.
 * @param opts.pool threads to split the work over (see {@link CovarianceOptions}).
 * @returns [d, d] row-major f64, C = (X − X̄)ᵀ(X − X̄)/(n − 1), exactly symmetric.
 *   Products are f32 (centred values rounded once), summed in f32 over 64
 *   samples, then in f64. The same bytes on any number of threads.
 */
export declare function covariance(w: Wasm, x: Float32Array, n: number, d: number, opts?: CovarianceOptions): Float64Array;

import type { Wasm } from "../wasm/init.js";
import type { KernelPool } from "../wasm/pool.js";
import type { KernelEntry } from "./types.js";
import {
  colMeanF32,
  covF32,
  covScaleMirrorF64,
  covStripesF32,
  crossCovF32,
  crossCovStripesF32,
  scaleRowsF64,
} from "./reference/covariance.js";
import { assertFiniteF32 } from "./vec.js";

/**
 * Kernels of `assembly/covariance.ts` and their twins. `cov_f32` is
 * `cov_stripes_f32` (column stripes of 8, upper-triangle tiles, unscaled) then
 * `cov_scale_mirror_f64` (rows); `crosscov_f32` is `crosscov_stripes_f32` then
 * `scale_rows_f64`. A pool runs the parts on disjoint stripe and row ranges.
 */
export const covarianceKernels: readonly KernelEntry[] = [
  { name: "col_mean_f32", twin: colMeanF32 },
  { name: "cov_f32", twin: covF32 },
  { name: "cov_stripes_f32", twin: covStripesF32 },
  { name: "cov_scale_mirror_f64", twin: covScaleMirrorF64 },
  { name: "crosscov_f32", twin: crossCovF32 },
  { name: "crosscov_stripes_f32", twin: crossCovStripesF32 },
  { name: "scale_rows_f64", twin: scaleRowsF64 },
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
export function covStripes(d: number): number {
  return Math.ceil(d / 8);
}

/**
 * Cuts items 0..count−1 with costs cost(i) into `parts` contiguous ranges of
 * about equal total cost: boundaries [b0 = 0, b1, …, b_parts = count].
 */
export function balancedCuts(count: number, parts: number, cost: (i: number) => number): number[] {
  let total = 0;
  for (let i = 0; i < count; i++) total += cost(i);
  const cuts = [0];
  let acc = 0;
  let i = 0;
  for (let t = 1; t < parts; t++) {
    const target = (total * t) / parts;
    // Take item i while it brings the sum closer to the target than leaving it out.
    while (i < count && acc + cost(i) / 2 <= target) acc += cost(i++);
    cuts.push(i);
  }
  cuts.push(count);
  return cuts;
}

/**
 * Stripe ranges of `cov_stripes_f32` for `threads` threads, balanced by tile
 * count (stripe k has min(2k + 2, ⌈d/4⌉) 4×8 tiles per block), not by stripe
 * count: boundaries [0, …, ⌈d/8⌉].
 */
export function covStripeCuts(d: number, threads: number): number[] {
  const groups = Math.ceil(d / 4);
  return balancedCuts(covStripes(d), threads, (k) => Math.min(2 * k + 2, groups));
}

/** Row ranges of `cov_scale_mirror_f64` for `threads` threads, balanced by the d − i entries of row i. */
export function covRowCuts(d: number, threads: number): number[] {
  return balancedCuts(d, threads, (i) => d - i);
}

/** Even cuts of `count` items into `parts` ranges. */
function evenCuts(count: number, parts: number): number[] {
  return Array.from({ length: parts + 1 }, (_, t) => Math.round((count * t) / parts));
}

/** The pool to split over, or null for one thread; checks it runs on `w`. */
function splitPool(w: Wasm, pool: KernelPool | undefined, what: string): KernelPool | null {
  if (!pool || pool.threads <= 1) return null;
  if (pool.wasm !== w) throw new Error(`${what}: the pool must run on the same kernels and memory (pool.wasm)`);
  return pool;
}

/**
 * Sample covariance (Bessel-corrected, 1/(n − 1)) of the columns of an
 * [n, d] row-major f32 matrix held in WASM memory at `xPtr`, written as a full
 * symmetric [d, d] f64 matrix at `outPtr`; column means (d f64) go to `meanPtr`.
 * No validation (see {@link covariance}); uses the arena for its workspace
 * (one per thread). With `opts.pool` the column stripes, balanced by tile
 * count, and then the scaled rows are split over its threads; the bytes do
 * not depend on the thread count.
 */
export function covarianceAt(w: Wasm, xPtr: number, n: number, d: number, meanPtr: number, outPtr: number, opts: CovarianceOptions = {}): void {
  const pool = splitPool(w, opts.pool, "covarianceAt");
  const mark = w.arena.mark();
  try {
    w.exports.col_mean_f32(xPtr, n, d, meanPtr);
    const scale = 1 / (n - 1);
    if (!pool) {
      const work = w.arena.alloc(covWorkBytes(d));
      w.exports.cov_f32(xPtr, n, d, meanPtr, outPtr, scale, work, COV_BLOCK);
      return;
    }
    const T = pool.threads;
    const stripes = covStripeCuts(d, T);
    pool.run(
      "cov_stripes_f32",
      Array.from({ length: T }, (_, t) =>
        stripes[t + 1] > stripes[t] ? [xPtr, n, d, meanPtr, outPtr, w.arena.alloc(covWorkBytes(d)), COV_BLOCK, stripes[t], stripes[t + 1]] : [],
      ),
    );
    const rows = covRowCuts(d, T);
    pool.run(
      "cov_scale_mirror_f64",
      Array.from({ length: T }, (_, t) => (rows[t + 1] > rows[t] ? [outPtr, d, scale, rows[t], rows[t + 1]] : [])),
    );
  } finally {
    w.arena.release(mark);
  }
}

/**
 * Cross-covariance C₁₂ = (X − X̄)ᵀ(Y − Ȳ)/(n − 1) of two [n, d] row-major f32
 * matrices in WASM memory (cvPCA), written as [d, d] f64 at `outPtr` (not
 * symmetric); column means go to `mxPtr`, `myPtr`. No validation. With
 * `opts.pool` the column stripes, then the rows to scale, are split over its
 * threads; the bytes do not depend on the thread count.
 */
export function crossCovarianceAt(
  w: Wasm,
  xPtr: number,
  yPtr: number,
  n: number,
  d: number,
  mxPtr: number,
  myPtr: number,
  outPtr: number,
  opts: CovarianceOptions = {},
): void {
  const pool = splitPool(w, opts.pool, "crossCovarianceAt");
  const mark = w.arena.mark();
  try {
    w.exports.col_mean_f32(xPtr, n, d, mxPtr);
    w.exports.col_mean_f32(yPtr, n, d, myPtr);
    const scale = 1 / (n - 1);
    if (!pool) {
      const work = w.arena.alloc(2 * covWorkBytes(d));
      w.exports.crosscov_f32(xPtr, yPtr, n, d, mxPtr, myPtr, outPtr, scale, work, COV_BLOCK);
      return;
    }
    const T = pool.threads;
    // Full stripes: every stripe costs the same.
    const stripes = evenCuts(covStripes(d), T);
    pool.run(
      "crosscov_stripes_f32",
      Array.from({ length: T }, (_, t) =>
        stripes[t + 1] > stripes[t]
          ? [xPtr, yPtr, n, d, mxPtr, myPtr, outPtr, w.arena.alloc(2 * covWorkBytes(d)), COV_BLOCK, stripes[t], stripes[t + 1]]
          : [],
      ),
    );
    const rows = evenCuts(d, T);
    pool.run("scale_rows_f64", Array.from({ length: T }, (_, t) => (rows[t + 1] > rows[t] ? [outPtr, d, scale, rows[t], rows[t + 1]] : [])));
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
 * @param opts.pool threads to split the work over (see {@link CovarianceOptions}).
 * @returns [d, d] row-major f64, C = (X − X̄)ᵀ(X − X̄)/(n − 1), exactly symmetric.
 *   Products are f32 (centered values rounded once), summed in f32 over 64
 *   samples, then in f64. The same bytes on any number of threads.
 */
export function covariance(w: Wasm, x: Float32Array, n: number, d: number, opts: CovarianceOptions = {}): Float64Array {
  checkSamples("covariance", x, n, d);
  const mark = w.arena.mark();
  try {
    const xp = w.arena.putF32(x);
    assertFiniteF32(w, xp, n * d, "covariance input", d);
    const mean = w.arena.allocF64(d);
    const out = w.arena.allocF64(d * d);
    covarianceAt(w, xp, n, d, mean, out, opts);
    return w.arena.f64(out, d * d).slice();
  } finally {
    w.arena.release(mark);
  }
}

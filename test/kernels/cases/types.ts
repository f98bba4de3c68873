import type { Rng } from "../../../src/rng.js";
import type { Wasm } from "../../../src/wasm/init.js";
import type { Tol } from "../../tolerances.js";

/** How a case fills its inputs: plain random values, or with NaN / ±Inf planted. */
export type Fill = "random" | "nan" | "inf";

/** Sizes that hit every SIMD tail (and empty input). */
export const TAIL_SIZES = [0, 1, 3, 5, 17] as const;

/**
 * One row of the twin table: run a WASM kernel and its twin on the same
 * seeded inputs of size `n`, return both outputs and the tolerance.
 * `n` is the case's main dimension; the case derives others from it.
 */
export interface TwinCase {
  kernel: string;
  label?: string;
  /** Default: TAIL_SIZES plus a larger size. */
  sizes?: readonly number[];
  /** Default: all three fills. */
  fills?: readonly Fill[];
  run(w: Wasm, rng: Rng, n: number, fill: Fill): { wasm: ArrayLike<number>; twin: ArrayLike<number>; tol: Tol };
}

/** Plants a NaN or an Inf at a random position (no-op for `random` or empty arrays). */
export function plant(x: Float32Array | Float64Array, rng: Rng, fill: Fill): void {
  if (fill === "random" || x.length === 0) return;
  x[rng.int(x.length)] = fill === "nan" ? NaN : rng.uniform() < 0.5 ? Infinity : -Infinity;
}

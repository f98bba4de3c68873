import { selectScratchBytes } from "./kernels.js";
import type { KernelCall } from "../../wasm/pool.js";

/**
 * A competition step between hidden units, kept apart from the learning rule
 * (STYLE habit 5): from the currents it picks `perSample` units per sample and
 * gives each pick a gain g, which the rule then uses as g_bμ.
 */
export interface Selection {
  readonly name: string;
  /** Units picked per sample: the columns of the `units` output; column 0 is the sample's winner (largest current). */
  readonly perSample: number;
  /** Gain g of each column (length `perSample`). */
  readonly gains: Float32Array;
  /** Scratch bytes `select` needs for `nb` samples over `h` units. */
  scratchBytes(h: number, nb: number): number;
  /**
   * The kernel call that writes units [nb, perSample] i32 at byte offset `units`, from currents
   * [h, nb] row-major f32 at `cur` (unit-major, as W̃·Xᵀ gives them). A call, not the work
   * itself, so that a {@link KernelPool} can run the calls of several groups of samples at once.
   */
  call(units: number, cur: number, h: number, nb: number, scratch: number): KernelCall;
}

/**
 * Krotov & Hopfield (2019) ranking: per sample g = +1 for the unit with the
 * largest current and g = −Δ for the unit ranked k-th, 0 elsewhere. Ties go
 * to the lower unit index; NaN currents rank as −∞. No full sort: a k-slot
 * insertion buffer per sample (`select_top1_kth_f32`).
 * @param k rank of the anti-Hebbian unit, 2 ≤ k ≤ hidden (k = 1 would pick the winner twice).
 * @param delta anti-Hebbian strength Δ ≥ 0 (paper default 0.4).
 */
export function topAndKth(k: number, delta: number): Selection {
  if (!Number.isInteger(k) || k < 2) throw new Error(`topAndKth: k must be an integer ≥ 2, got ${k}`);
  if (!(delta >= 0)) throw new Error(`topAndKth: delta must be ≥ 0, got ${delta}`);
  return {
    name: `top1-kth(k=${k}, delta=${delta})`,
    perSample: 2,
    gains: new Float32Array([1, -delta]),
    scratchBytes: (_h, nb) => selectScratchBytes(nb, k),
    call(units, cur, h, nb, scratch) {
      if (h < k) throw new Error(`topAndKth: k = ${k} exceeds the ${h} hidden units`);
      return { kernel: "select_top1_kth_f32", args: [units, cur, h, nb, k, scratch] };
    },
  };
}

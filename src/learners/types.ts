import type { z } from "zod";
import type { ProgressFn } from "../progress.js";
import type { Rng } from "../rng.js";
import type { KernelPool } from "../wasm/pool.js";
import type { Wasm } from "../wasm/init.js";
import type { LocalLayer } from "./localLayer.js";

/** What the runner needs from any local (Hebbian-type) learner of a hidden layer [H, D]. */
export interface LocalLearner {
  readonly hidden: number;
  readonly inputDim: number;
  /** Trains on images [n, D] row-major f32; returns the wall time of each epoch. */
  train(images: Float32Array, n: number, opts?: { onProgress?: ProgressFn; rng?: Rng }): { epochSeconds: number[] };
  /** Samples each unit has won during training, [H]. */
  wins(): Float64Array;
  /** Copy of the weights [H, D] row-major f32. */
  weights(): Float32Array;
  /** Hidden currents [n, H] row-major f32. */
  currents(images: Float32Array, n: number): Float32Array;
  /** Readout features [n, H] row-major f32. */
  features(images: Float32Array, n: number, power: number): Float32Array;
  /** Releases WASM memory. */
  dispose(): void;
}

/**
 * One local learning rule, described by itself in its own folder: the runner derives its model
 * kind, its config section, its CLI flags and the page's controls from this entry.
 */
export interface LocalRule<S extends z.ZodType = z.ZodType> {
  /** The model kind and the config section (`kh`, `softhebb`). */
  readonly name: string;
  /** In words, for pictures and reports. */
  readonly title: string;
  /** One line for the CLI's help: what it is and where it comes from. */
  readonly description: string;
  /** The section's schema, with its defaults and the doc of each field (`.describe`). */
  readonly schema: S;
  /**
   * Readout settings this rule's papers use (e.g. SoftHebb's classifier reads softmax(5·u) with
   * Adam 1e-3), applied where a config leaves them out; the results record the resolved values.
   */
  readonly readout?: Readonly<Record<string, unknown>>;
  /** Short CLI flags (camelCase, as commander names them) → field of the section. */
  readonly flags: Readonly<Record<string, string>>;
  /** Builds the layer on `w` (seeded by `rng`), split over `opts.pool` when given. */
  create(w: Wasm, section: z.infer<S>, inputDim: number, rng: Rng, opts?: { pool?: KernelPool }): LocalLayer;
}

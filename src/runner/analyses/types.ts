import type { z } from "zod";
import type { Split } from "../../data/types.js";
import type { Model } from "../../models/types.js";
import type { ProgressFn, StageCost } from "../../progress.js";
import type { Wasm } from "../../wasm/init.js";
import type { KernelPool } from "../../wasm/pool.js";

/** What an analysis sees of a trained model and its run. */
export interface AnalysisContext {
  model: Model;
  split: Split;
  wasm: Wasm;
  /** Threads over `wasm`'s memory (`pool.wasm === wasm`) for the covariance; absent: one thread. */
  pool?: KernelPool;
  onProgress: ProgressFn;
  /**
   * A named representation of all test images, [n, width] row-major f32: the one the kind computed
   * with its own kernels when it gave one, else the model's forward (a stochastic model draws its
   * noise from its own stream). Computed once per run and shared by the analyses.
   */
  representation(name: string): { data: Float32Array; width: number };
  /** The representation the results headline (`spectrum`, `isometry`): the model's last hidden one. */
  readonly headline: string;
  /** How results name a representation (`features relu(I)^4.5`). */
  label(name: string): string;
}

/** What an analysis adds to a run's results. */
export interface AnalysisOutput {
  /** Figures merged into `results.metrics`. */
  metrics?: Record<string, unknown>;
  /** Pictures (name → SVG text or bytes). */
  artifacts?: Record<string, Uint8Array | string>;
}

/**
 * One analysis of a trained model (DESIGN: one plugin shape), run by the runner on every model
 * alike through the {@link Model} interface, listed once in `ANALYSES`: the config's `analyses`
 * section, the docs and a study's choice of analyses derive from it.
 */
export interface Analysis<S extends z.ZodObject = z.ZodObject> {
  readonly name: string;
  readonly title: string;
  /** One line: what it measures and where it comes from. */
  readonly description: string;
  /** Its settings with defaults and docs; `enabled` says whether a run computes it. */
  readonly schema: S;
  run(ctx: AnalysisContext, settings: z.infer<S>): Promise<AnalysisOutput> | AnalysisOutput;
  /**
   * Its progress stages and their cost for a study's ETA (never for results), in passes; absent: too
   * cheap to count (it runs inside the `metrics` stage).
   */
  cost?(settings: z.infer<S>, job: AnalysisCostContext): StageCost[];
}

/** What a cost model knows of a job before it runs: its config, not its model. */
export interface AnalysisCostContext {
  testImages: number;
  /** Random at test time (attacked with EOT). */
  stochastic: boolean;
  /** Named representations: pixels, the hidden ones, logits. */
  representations: number;
  /** Multiply-adds of a forward pass relative to 784-2000-10. */
  modelSize: number;
}

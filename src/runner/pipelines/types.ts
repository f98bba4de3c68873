import type { Split } from "../../data/types.js";
import type { Model } from "../../models/types.js";
import type { Rng } from "../../rng.js";
import type { Wasm } from "../../wasm/init.js";
import type { KernelPool } from "../../wasm/pool.js";
import type { CheckpointStore } from "../checkpoint.js";
import type { Config } from "../config.js";
import type { LiveOptions, ProgressFn } from "../../progress.js";

/** What every training pipeline receives. */
export interface PipelineContext {
  cfg: Config;
  split: Split;
  wasm: Wasm;
  /** Threads over `wasm`'s memory for splittable kernels (`pool.wasm === wasm`); absent: one thread. */
  pool?: KernelPool;
  /** Root generator of the run; pipelines fork named streams from it. */
  rng: Rng;
  onProgress: ProgressFn;
  /** Live views (pictures and figures while training; the page): absent, none are computed. */
  live?: LiveOptions;
  /**
   * Where to save a checkpoint after every epoch and, when it holds one written by this config
   * (`configHash`), where to continue from; absent: no checkpoints.
   */
  checkpoints?: CheckpointStore;
  /** {@link configHash} of `cfg`: a checkpoint is resumed only by the config that wrote it. */
  configHash: string;
}

/** What every training pipeline returns. */
export interface PipelineResult {
  model: Model;
  /** Figures for `results.metrics` (JSON-serializable). */
  metrics: Record<string, unknown>;
  /** Figures for `results.timings`; `epochSeconds` at least. */
  timings: { epochSeconds: number[] } & Record<string, unknown>;
  /** Things a person must know about the run (e.g. a local layer that did not converge); printed by the CLI, recorded in results. */
  warnings?: string[];
  /** Pictures and other files the front end may write (name → bytes or text). */
  artifacts: Record<string, Uint8Array | string>;
}

/** A training pipeline: data in, trained model and its measurements out. */
export type Pipeline = (ctx: PipelineContext) => Promise<PipelineResult>;

/**
 * A model kind the runner trains (`config.model`): its pipeline and the CLI flags that set its
 * config section. The config's enum, the CLI's `--model` help and flags, and the dispatch in
 * `runTraining` derive from the list of kinds ({@link MODEL_KINDS}), so a kind is named once.
 */
export interface ModelKind {
  readonly name: string;
  readonly description: string;
  readonly pipeline: Pipeline;
  /** The `Model.kind` its trained model has (how it is saved and loaded back): a local rule's is `kh`, the frozen layer + readout. */
  readonly savedAs: string;
  /** CLI flag (camelCase, as commander names it) → config path, for the flags this kind reads. */
  readonly flags: Readonly<Record<string, string>>;
}

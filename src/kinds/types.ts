import type { z } from "zod";
import type { Split } from "../data/types.js";
import type { KernelEntry } from "../kernels/types.js";
import type { Model, ModelArtifacts } from "../models/types.js";
import type { LiveOptions, ProgressFn } from "../progress.js";
import type { Rng } from "../rng.js";
import type { Wasm } from "../wasm/init.js";
import type { KernelPool } from "../wasm/pool.js";

/**
 * The state a kind needs to continue training exactly where an epoch left it (weights, optimizer
 * state, random-stream states, its per-epoch records). The runner keeps the last one as the pending
 * checkpoint and decides when it is written.
 */
export interface KindState {
  /** Epochs done (1-based count). */
  epoch: number;
  /**
   * True on the kind's last epoch (its epochs done, or its learning stopped early): the runner writes
   * this checkpoint at once, whatever the time budget, so a run stopped later resumes after the learning.
   */
  last?: boolean;
  /** JSON-serializable part. */
  meta: Record<string, unknown>;
  /** Numeric arrays (written as raw f32/f64). */
  arrays: Record<string, Float32Array | Float64Array>;
}

/** What a kind's `train` receives from the runner. */
export interface TrainContext<S = unknown> {
  /** The kind's own config section (`config[kind.name]`), validated, defaults filled. */
  section: S;
  /** The whole resolved experiment config, for the shared sections a kind declares (e.g. `readout`). */
  config: Readonly<Record<string, unknown>>;
  split: Split;
  wasm: Wasm;
  /** Threads over `wasm`'s memory for splittable kernels (`pool.wasm === wasm`); absent: one thread. */
  pool?: KernelPool;
  /** Root generator of the run; kinds fork named streams from it. */
  rng: Rng;
  onProgress: ProgressFn;
  /** Live views (pictures and figures while training; the page): absent, none are computed. */
  live?: LiveOptions;
  /** The state an interrupted run of this config saved after its last completed epoch, or null: continue from it. */
  resumed: KindState | null;
  /**
   * Called after every epoch with the state to continue from and the epoch's seconds; the runner
   * checkpoints it (and records the seconds). A kind never writes checkpoints itself. Between epochs
   * (and, for long epochs, between steps) a kind awaits `yieldToSignals()` (src/host.ts), so that a
   * SIGTERM handler can write the pending checkpoint.
   */
  epochDone(state: KindState, seconds: number): void;
}

/** What a kind's `train` returns: the model and what only this kind measured. */
export interface Trained {
  model: Model;
  /** Kind-specific figures for `results.metrics` (e.g. a local layer's convergence); the runner adds the common ones. */
  metrics?: Record<string, unknown>;
  /** Kind-specific figures for `results.timings`. */
  timings?: Record<string, unknown>;
  /** Things a person must know about the run (e.g. a local layer that did not converge). */
  warnings?: string[];
  /** Pictures and other files (name → bytes or text), e.g. receptive fields. */
  artifacts?: Record<string, Uint8Array | string>;
  /**
   * Representations of the test images the kind already computed with its own kernels (name → [n, H]
   * row-major f32; the same values as `model.hidden` up to float rounding). The runner's analyses use
   * them instead of a second forward pass, so figures stay those of the kind's own computation.
   */
  testRepresentations?: Record<string, Float32Array>;
}

/** A CLI flag that needs more than setting one config path (e.g. `--reg-strength` over every `--reg`). */
export interface CustomFlag {
  /** `--help` text. */
  readonly help: string;
  /** How the value is read: a number, or a switch. */
  readonly value: "number" | "switch";
  /** Applies the flag to the raw config (after the path flags); throws a message naming the flag. */
  apply(raw: Record<string, unknown>, value: unknown): void;
}

/**
 * A model kind: the unit a plugin adds (DESIGN: one plugin shape). It describes itself, trains, and
 * loads what it saved; the runner does everything common after training through {@link Model}
 * (accuracy, ‖J‖²_F, isometry, spectra of every hidden representation, attacks, geometry,
 * checkpoints, artifacts). The config's `model` enum and sections, the CLI's flags and help, the
 * page's controls, study arms, presets and the loaders of saved models all derive from the list of
 * kinds (`MODEL_KINDS`), so a kind is written once, in its own folder.
 */
export interface ModelKind<S extends z.ZodType = z.ZodType> {
  /** `config.model`, the config section, the saved model's `kind`, the progress stage. */
  readonly name: string;
  /** In words, for pictures and reports. */
  readonly title: string;
  /** One line for `--help`: what it is and where it comes from. */
  readonly description: string;
  /** Its config section: fields with defaults and docs (`.describe`). */
  readonly schema: S;
  /** CLI flag (camelCase, as commander names it) → full config path, or a {@link CustomFlag}. */
  readonly flags: Readonly<Record<string, string | CustomFlag>>;
  /** Sections it reads besides its own, shared with other kinds (every local rule reads `readout`). */
  readonly sharedSections?: Readonly<Record<string, z.ZodObject>>;
  /**
   * Settings its papers use in other sections, applied where a config leaves them out (SoftHebb's
   * readout: Adam 1e-3); the results record the resolved values.
   */
  readonly defaults?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** It learns from images (receptive fields): a waveform source is refused, naming the image twin. */
  readonly needsImages?: boolean;
  /** Named, versioned configs read from its papers' code (`hebblab presets`). */
  readonly presets?: readonly unknown[];
  /** Its WASM kernels with their plain-TypeScript twins (the AssemblyScript sources live in its folder). */
  readonly kernels?: readonly KernelEntry[];
  /** Trains a model from `ctx.section` (continuing from `ctx.resumed` when given). */
  train(ctx: TrainContext<z.infer<S>>): Promise<Trained>;
  /** Rebuilds a model it saved (`Model.serialize()` → artifacts); needs tfjs initialized. */
  load(artifacts: ModelArtifacts): Model | Promise<Model>;
}

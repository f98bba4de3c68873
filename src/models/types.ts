import type { Rng } from "../rng.js";
import type { tf } from "../tf.js";

/** Options of a forward pass. */
export interface ForwardOptions {
  /** Training mode (noise layers sample, dropout-like behavior). Default false. */
  training?: boolean;
  /**
   * Source of this pass's noise draws on a stochastic model; default the model's own seeded stream.
   * With it, a pass's noise depends only on this stream, not on how many passes ran before, so callers
   * that fork one per batch (the attacks) get results independent of the order of batches.
   */
  noiseRng?: Rng;
}

/**
 * Everything after training sees a model through this interface: every model kind's model
 * implements it, so the runner's analyses and the attacks never branch on the kind of model.
 */
export interface Model {
  /** The model kind that trained it and loads it back (its name in the kinds' registry). */
  readonly kind: string;
  /** Input dimension D (784 for MNIST). */
  readonly inputDim: number;
  /** Number of classes C. */
  readonly classes: number;
  /**
   * True when forward passes are random at test time (stochastic neurons): attacks use EOT. Such a
   * model draws its noise from `opts.noiseRng` when given.
   */
  readonly stochastic: boolean;
  /** Names accepted by {@link hidden}, from input to output. */
  readonly hiddenNames: readonly string[];
  /** How results and pictures name a hidden representation (e.g. `features relu(I)^4.5`); default its name. */
  representationLabel?(name: string): string;
  /**
   * Differentiable forward: pixels [B, D] in [0, 1] → logits [B, C].
   * Must be callable inside `tf.grad` / `tf.variableGrads`.
   */
  logits(x: tf.Tensor2D, opts?: ForwardOptions): tf.Tensor2D;
  /** A named hidden representation [B, H] (differentiable). */
  hidden(x: tf.Tensor2D, name: string, opts?: ForwardOptions): tf.Tensor2D;
  /** The variables an optimizer may update (empty for frozen parts). */
  trainableVariables(): tf.Variable[];
  /** A JSON description plus named f32 tensors, enough to rebuild the model. */
  serialize(): Promise<ModelArtifacts>;
  /** Frees every tensor the model owns. */
  dispose(): void;
}

/** A model in portable form: what {@link Model.serialize} returns and loaders take. */
export interface ModelArtifacts {
  kind: string;
  /** Kind-specific settings (JSON-serializable). */
  config: Record<string, unknown>;
  /** Named weights, each with its shape; data is row-major f32. */
  tensors: Record<string, { shape: number[]; data: Float32Array }>;
}

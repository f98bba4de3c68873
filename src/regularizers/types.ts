import type { z } from "zod";
import type { Dataset } from "../data/types.js";
import type { Rng } from "../rng.js";
import type { tf } from "../tf.js";

/** Every layer's output of one forward pass (the tensors belong to the step's tape). */
export interface LayerOutputs {
  /** Hidden representations after activation (and noise), one [B, H_l] per entry of {@link RegularizedModel.layers}. */
  hiddens: tf.Tensor2D[];
  /** Logits [B, C]. */
  logits: tf.Tensor2D;
}

/**
 * What a regularizer sees of the network it shapes (the MLP model kind implements it): its hidden
 * layers, parameters and input vector–Jacobian products.
 */
export interface RegularizedModel {
  readonly classes: number;
  /** The hidden layers in forward order: the name `hidden()` takes and the width. */
  readonly layers: readonly { name: string; width: number }[];
  trainableVariables(): tf.Variable[];
  /** A named hidden representation of x [B, D] → [B, H] (differentiable). */
  hidden(x: tf.Tensor2D, name: string): tf.Tensor2D;
  /**
   * vᵀ·J_b for every row b, J_b = ∂out_b/∂x_b with `out` hidden layer `layer` (0-based) or, for −1,
   * the logits: v [B, K] → [B, D]; built from first-order tfjs gradients only, so that its own
   * gradient with respect to the weights is exact.
   */
  inputVjp(x: tf.Tensor2D, v: tf.Tensor2D, layer?: number): tf.Tensor2D;
}

/** What a regularizer sees at one optimizer step (all tensors belong to the step's tape). */
export interface RegularizerContext {
  model: RegularizedModel;
  /** The batch's pixels [B, D]. */
  x: tf.Tensor2D;
  /** The batch's labels [B] (int32). */
  labels: tf.Tensor1D;
  /** The forward pass the data loss uses (same tape, so gradients flow through it). */
  out: LayerOutputs;
  /** Random draws of this step (projections); forked per regularizer by the trainer. */
  rng: Rng;
}

/**
 * A penalty added to the cross-entropy (tfjs-layers' regularizer shape: an object with `apply` and
 * its JSON settings; the registry rebuilds it by name from them).
 */
export interface Regularizer {
  /** Registry name, e.g. `l2`, `jacobian`. */
  readonly name: string;
  /** The weighted penalty (strength included) as a differentiable scalar. */
  apply(ctx: RegularizerContext): tf.Scalar;
  /** `{ name, …settings }`, enough for the registry to rebuild it. */
  settings(): { name: string } & Record<string, unknown>;
  /** Throws a message naming the setting when the model or batch size cannot work (checked before training). */
  check?(model: RegularizedModel, batch: number): void;
  /** Once before every epoch, with the whole training set (the spectral term recomputes its eigenvectors). */
  beforeEpoch?(model: RegularizedModel, train: Dataset): void | Promise<void>;
  /** Frees tensors the regularizer keeps between steps. */
  dispose?(): void;
}

/**
 * Eigen-decomposition of a symmetric n×n matrix `a` (row-major f64): values
 * descending, vectors [n, n] row-major with column j ↔ values[j].
 */
export type EigenSolver = (a: Float64Array, n: number) => { values: Float64Array; vectors: Float64Array };

/** Services a regularizer may need that are not part of its (serializable) settings. */
export interface RegularizerDeps {
  /** Eigensolver for the spectral terms (`wasmEigen(wasm)`). */
  eigen?: EigenSolver;
}

/**
 * One regularizer, described by itself in its own file and listed once in `REGULARIZERS`: the
 * config's union of `{ name, …settings }`, the CLI's `--reg` choices and the docs derive from it.
 */
export interface RegularizerEntry<S extends z.ZodObject = z.ZodObject> {
  /** The name configs give it (`mlp.regularizers[].name`). */
  readonly name: string;
  /** One line: what it penalizes and where it comes from. */
  readonly description: string;
  /** Its settings with their published defaults and docs (`.describe`); strict. */
  readonly schema: S;
  /** Builds it from validated settings. */
  make(settings: z.infer<S>, deps: RegularizerDeps): Regularizer;
}

/** Resolves a 1-based hidden layer index, or −1 for the last, to a 0-based index; throws when out of range. */
export function hiddenIndex(model: RegularizedModel, layer: number, who: string): number {
  const n = model.layers.length;
  const i = layer === -1 ? n - 1 : layer - 1;
  if (!Number.isInteger(layer) || i < 0 || i >= n) throw new Error(`${who}.layer: ${layer} is not a hidden layer of this network (1..${n}, or -1 for the last)`);
  return i;
}

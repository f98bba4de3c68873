import type { Dataset } from "../data/types.js";
import type { Mlp, MlpForward } from "../models/mlp.js";
import type { Rng } from "../rng.js";
import type { tf } from "../tf.js";

/** What a regularizer sees at one optimizer step (all tensors belong to the step's tape). */
export interface RegularizerContext {
  model: Mlp;
  /** The batch's pixels [B, D]. */
  x: tf.Tensor2D;
  /** The batch's labels [B] (int32). */
  labels: tf.Tensor1D;
  /** The forward pass the data loss uses (same tape, so gradients flow through it). */
  out: MlpForward;
  /** Random draws of this step (projections); forked per regularizer by the trainer. */
  rng: Rng;
}

/**
 * A penalty added to the cross-entropy (tfjs-layers' regularizer shape: an
 * object with `apply` and a JSON `settings`; the registry rebuilds it by
 * name from that config).
 */
export interface Regularizer {
  /** Registry name, e.g. `l2`, `jacobian`. */
  readonly name: string;
  /** The weighted penalty (strength included) as a differentiable scalar. */
  apply(ctx: RegularizerContext): tf.Scalar;
  /** `{ name, …settings }`, enough for the registry to rebuild it. */
  settings(): { name: string } & Record<string, unknown>;
  /** Throws a message naming the setting when the model or batch size cannot work (checked before training). */
  check?(model: Mlp, batch: number): void;
  /** Once before every epoch, with the whole training set (the spectral term recomputes its eigenvectors). */
  beforeEpoch?(model: Mlp, train: Dataset): void | Promise<void>;
  /** Frees tensors the regularizer keeps between steps. */
  dispose?(): void;
}

/** Resolves a 1-based hidden layer index, or −1 for the last, to a 0-based index; throws when out of range. */
export function hiddenIndex(model: Mlp, layer: number, who: string): number {
  const n = model.config.hidden.length;
  const i = layer === -1 ? n - 1 : layer - 1;
  if (!Number.isInteger(layer) || i < 0 || i >= n) throw new Error(`${who}.layer: ${layer} is not a hidden layer of this network (1..${n}, or -1 for the last)`);
  return i;
}

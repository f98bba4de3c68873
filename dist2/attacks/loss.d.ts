import { tf } from "../tf.js";
/**
 * Loss an attack ascends:
 * - `ce`: softmax cross-entropy, log Σⱼ exp zⱼ − z_y (Goodfellow et al. 2015; Madry et al. 2018).
 * - `margin`: the Carlini–Wagner margin maxⱼ≠y zⱼ − z_y (Carlini & Wagner 2017), positive once the
 *   image is misclassified; its gradient does not vanish where softmax saturates (REFERENCES §7).
 */
export type LossName = "ce" | "margin";
/** Loss names, for config validation. */
export declare const LOSS_NAMES: readonly ["ce", "margin"];
/**
 * Per-image attack loss.
 * @param logits [B, C]
 * @param y [B] int32 labels in [0, C)
 * @returns [B], larger = closer to misclassified
 */
export declare function attackLoss(logits: tf.Tensor2D, y: tf.Tensor1D, loss: LossName): tf.Tensor1D;

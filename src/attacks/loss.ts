import { tf } from "../tf.js";

/**
 * Loss an attack ascends:
 * - `ce`: softmax cross-entropy, log Σⱼ exp zⱼ − z_y (Goodfellow et al. 2015; Madry et al. 2018).
 * - `margin`: the Carlini–Wagner margin maxⱼ≠y zⱼ − z_y (Carlini & Wagner 2017), positive once the
 *   image is misclassified; its gradient does not vanish where softmax saturates (REFERENCES §7).
 */
export type LossName = "ce" | "margin";

/** Loss names, for config validation. */
export const LOSS_NAMES = ["ce", "margin"] as const satisfies readonly LossName[];

/**
 * Per-image attack loss.
 * @param logits [B, C]
 * @param y [B] int32 labels in [0, C)
 * @returns [B], larger = closer to misclassified
 */
export function attackLoss(logits: tf.Tensor2D, y: tf.Tensor1D, loss: LossName): tf.Tensor1D {
  return tf.tidy(() => {
    const onehot = tf.oneHot(y, logits.shape[1]).toFloat();
    const zy = tf.sum(tf.mul(logits, onehot), 1);
    if (loss === "ce") return tf.sub(tf.logSumExp(logits, 1), zy) as tf.Tensor1D;
    // Push the true class far down so max picks the best other class; the large constant carries no gradient.
    const others = tf.max(tf.sub(logits, tf.mul(onehot, 1e9)), 1);
    return tf.sub(others, zy) as tf.Tensor1D;
  });
}

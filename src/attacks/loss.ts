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
    // The true class pushed far down, so max/logSumExp see only the other classes (no gradient reaches it).
    const othersOnly = tf.sub(logits, tf.mul(onehot, 1e9));
    if (loss === "margin") return tf.sub(tf.max(othersOnly, 1), zy) as tf.Tensor1D;
    // CE = log Σⱼ e^zⱼ − z_y = softplus(log Σⱼ≠y e^zⱼ − z_y). The textbook form's gradient at z_y is
    // p_y − 1, which is exactly 0 in f32 once the logit margin exceeds ~16 (p_y rounds to 1): the
    // ascent direction then only raises other logits and PGD stalls on confident images. This form keeps
    // the direction exact until the softplus slope underflows (margin ≳ 87).
    return tf.softplus(tf.sub(tf.logSumExp(othersOnly, 1), zy)) as tf.Tensor1D;
  });
}

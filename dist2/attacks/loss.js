import { tf } from "../tf.js";
/** Loss names, for config validation. */
export const LOSS_NAMES = ["ce", "margin"];
/**
 * Per-image attack loss.
 * @param logits [B, C]
 * @param y [B] int32 labels in [0, C)
 * @returns [B], larger = closer to misclassified
 */
export function attackLoss(logits, y, loss) {
    return tf.tidy(() => {
        const onehot = tf.oneHot(y, logits.shape[1]).toFloat();
        const zy = tf.sum(tf.mul(logits, onehot), 1);
        // The true class pushed far down, so max/logSumExp see only the other classes (no gradient reaches it).
        const othersOnly = tf.sub(logits, tf.mul(onehot, 1e9));
        if (loss === "margin")
            return tf.sub(tf.max(othersOnly, 1), zy);
        // CE = log Σⱼ e^zⱼ − z_y = softplus(log Σⱼ≠y e^zⱼ − z_y). The textbook form's gradient at z_y is
        // p_y − 1, which is exactly 0 in f32 once the logit margin exceeds ~16 (p_y rounds to 1): the
        // ascent direction then only raises other logits and PGD stalls on confident images. This form keeps
        // the direction exact until the softplus slope underflows (margin ≳ 87).
        return tf.softplus(tf.sub(tf.logSumExp(othersOnly, 1), zy));
    });
}
//# sourceMappingURL=loss.js.map
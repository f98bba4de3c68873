import { tf } from "../tf.js";
import { attackLoss } from "./loss.js";
/** Samples actually drawn for this model: k for stochastic models, 1 otherwise. */
export function samplesFor(model, est) {
    return model.stochastic ? Math.max(1, Math.floor(est.eotSamples)) : 1;
}
/**
 * Input gradient of the summed attack loss, ∇ₓ Σᵢ L(f(xᵢ), yᵢ), and the per-image margin read off the
 * same forward passes (so iterative attacks can keep their best iterate for free). For a stochastic
 * model this is the Expectation-over-Transformation estimate (Athalye, Carlini & Wagner 2018, eq. 3):
 * (1/k) Σₛ ∇ₓ L(f_s(x), y) over k independent forward passes at test time (`training: false`).
 * @param x [B, D] pixels, y [B] int32 labels. The caller disposes both outputs.
 */
export function lossAndGradient(model, x, y, est) {
    const k = samplesFor(model, est);
    const margins = [];
    const g = tf.grad((xx) => {
        const z = model.logits(xx, { training: false, noiseRng: est.noiseRng });
        // Read off the same forward pass; not on the path to the returned loss, so backprop skips it.
        // Kept past grad's own tidy, disposed below.
        margins.push(tf.keep(attackLoss(z, y, "margin")));
        return tf.sum(attackLoss(z, y, est.loss));
    });
    const grad = tf.tidy(() => {
        let acc = g(x);
        for (let s = 1; s < k; s++) {
            const next = tf.add(acc, g(x));
            acc.dispose();
            acc = next;
        }
        return (k === 1 ? acc : tf.div(acc, k));
    });
    const margin = tf.tidy(() => tf.div(tf.addN(margins), k));
    tf.dispose(margins);
    return { grad, margin };
}
/** {@link lossAndGradient} without the margin: [B, D]. */
export function lossGradient(model, x, y, est) {
    const { grad, margin } = lossAndGradient(model, x, y, est);
    margin.dispose();
    return grad;
}
/** Per-image margin maxⱼ≠y zⱼ − z_y [B], averaged over k forward passes on a stochastic model. */
export function marginOf(model, x, y, est) {
    const k = model.stochastic ? Math.max(1, Math.floor(est.eotSamples)) : 1;
    return tf.tidy(() => {
        const ms = [];
        for (let s = 0; s < k; s++)
            ms.push(attackLoss(model.logits(x, { training: false, noiseRng: est.noiseRng }), y, "margin"));
        return tf.div(tf.addN(ms), k);
    });
}
/**
 * Per-image probability of a correct prediction: 0/1 for a deterministic model, the mean over k
 * forward passes for a stochastic one ("expected accuracy over the noise", REFERENCES §5).
 * Ties in the logits go to the lowest class index (tf.argMax).
 * @returns [B] in [0, 1]
 */
export function correctness(model, x, y, est) {
    const k = model.stochastic ? Math.max(1, Math.floor(est.eotSamples)) : 1;
    return tf.tidy(() => {
        let acc = tf.zeros([x.shape[0]]);
        for (let s = 0; s < k; s++) {
            const hit = tf.equal(tf.argMax(model.logits(x, { training: false, noiseRng: est.noiseRng }), 1), y.toInt()).toFloat();
            acc = tf.add(acc, hit);
        }
        return tf.div(acc, k);
    });
}
//# sourceMappingURL=eot.js.map
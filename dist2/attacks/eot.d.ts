import { tf } from "../tf.js";
import type { Model } from "../models/types.js";
import type { Rng } from "../rng.js";
import { type LossName } from "./loss.js";
/** How gradients and accuracies are estimated on a model. */
export interface Estimator {
    /** Loss ascended by gradient attacks. Default `ce`. */
    loss: LossName;
    /**
     * Noise samples per estimate when `model.stochastic` (EOT, Athalye et al. 2018: k = 8–20,
     * REFERENCES §5); ignored (1) for deterministic models.
     */
    eotSamples: number;
    /**
     * Noise stream of a stochastic model's forward passes (`ForwardOptions.noiseRng`); default the
     * model's own. The evaluation forks one per batch, so a batch's draws depend only on its label.
     */
    noiseRng?: Rng;
}
/** Samples actually drawn for this model: k for stochastic models, 1 otherwise. */
export declare function samplesFor(model: Model, est: Estimator): number;
/** An input gradient together with the per-image margin at the same point (same forward passes). */
export interface GradientEstimate {
    /** ∇ₓ Σᵢ L(f(xᵢ), yᵢ) [B, D], EOT-averaged. */
    grad: tf.Tensor2D;
    /** maxⱼ≠y zⱼ − z_y [B], averaged over the same samples: > 0 ⇔ misclassified (deterministic models). */
    margin: tf.Tensor1D;
}
/**
 * Input gradient of the summed attack loss, ∇ₓ Σᵢ L(f(xᵢ), yᵢ), and the per-image margin read off the
 * same forward passes (so iterative attacks can keep their best iterate for free). For a stochastic
 * model this is the Expectation-over-Transformation estimate (Athalye, Carlini & Wagner 2018, eq. 3):
 * (1/k) Σₛ ∇ₓ L(f_s(x), y) over k independent forward passes at test time (`training: false`).
 * @param x [B, D] pixels, y [B] int32 labels. The caller disposes both outputs.
 */
export declare function lossAndGradient(model: Model, x: tf.Tensor2D, y: tf.Tensor1D, est: Estimator): GradientEstimate;
/** {@link lossAndGradient} without the margin: [B, D]. */
export declare function lossGradient(model: Model, x: tf.Tensor2D, y: tf.Tensor1D, est: Estimator): tf.Tensor2D;
/** Per-image margin maxⱼ≠y zⱼ − z_y [B], averaged over k forward passes on a stochastic model. */
export declare function marginOf(model: Model, x: tf.Tensor2D, y: tf.Tensor1D, est: Pick<Estimator, "eotSamples" | "noiseRng">): tf.Tensor1D;
/**
 * Per-image probability of a correct prediction: 0/1 for a deterministic model, the mean over k
 * forward passes for a stochastic one ("expected accuracy over the noise", REFERENCES §5).
 * Ties in the logits go to the lowest class index (tf.argMax).
 * @returns [B] in [0, 1]
 */
export declare function correctness(model: Model, x: tf.Tensor2D, y: tf.Tensor1D, est: Pick<Estimator, "eotSamples" | "noiseRng">): tf.Tensor1D;

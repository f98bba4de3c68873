import { tf } from "../tf.js";
import type { Model } from "../models/types.js";
import type { Rng } from "../rng.js";
import { attackLoss, type LossName, type PerImageLoss } from "./loss.js";

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
export function samplesFor(model: Model, est: Estimator): number {
  return model.stochastic ? Math.max(1, Math.floor(est.eotSamples)) : 1;
}

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
export function lossAndGradient(model: Model, x: tf.Tensor2D, y: tf.Tensor1D, est: Estimator): GradientEstimate {
  const { grad, margin } = estimate(model, x, y, est, (z, yy) => attackLoss(z, yy, est.loss), false);
  return { grad, margin };
}

/** A {@link GradientEstimate} with the per-image loss at the same point. */
export interface LossEstimate extends GradientEstimate {
  /** L(f(xᵢ), yᵢ) [B], averaged over the same samples. */
  loss: tf.Tensor1D;
}

/**
 * {@link lossAndGradient} for a loss of the attack's own (APGD's CE and DLR losses, FAB's logit
 * difference), also returning that loss per image, all from the same k forward passes.
 * @param x [B, D]; y [B] int32; loss maps logits [B, C] and y to [B]. The caller disposes the outputs.
 */
export function lossGradientEstimate(model: Model, x: tf.Tensor2D, y: tf.Tensor1D, est: Estimator, loss: PerImageLoss): LossEstimate {
  const r = estimate(model, x, y, est, loss, true);
  return { grad: r.grad, margin: r.margin, loss: r.loss! };
}

function estimate(model: Model, x: tf.Tensor2D, y: tf.Tensor1D, est: Estimator, loss: PerImageLoss, keepLoss: boolean) {
  const k = samplesFor(model, est);
  const margins: tf.Tensor1D[] = [];
  const losses: tf.Tensor1D[] = [];
  const g = tf.grad((xx: tf.Tensor) => {
    const z = model.logits(xx as tf.Tensor2D, { training: false, noiseRng: est.noiseRng });
    // Read off the same forward pass; not on the path to the returned loss, so backprop skips it.
    // Kept past grad's own tidy, disposed below.
    margins.push(tf.keep(attackLoss(z, y, "margin")));
    const l = loss(z, y);
    if (keepLoss) losses.push(tf.keep(l));
    return tf.sum(l);
  });
  const grad = tf.tidy(() => {
    let acc = g(x);
    for (let s = 1; s < k; s++) {
      const next = tf.add(acc, g(x));
      acc.dispose();
      acc = next;
    }
    return (k === 1 ? acc : tf.div(acc, k)) as tf.Tensor2D;
  });
  const mean = (ts: tf.Tensor1D[]) => tf.tidy(() => (k === 1 ? ts[0].clone() : tf.div(tf.addN(ts), k)) as tf.Tensor1D);
  const margin = tf.tidy(() => tf.div(tf.addN(margins), k) as tf.Tensor1D);
  const lossMean = keepLoss ? mean(losses) : undefined;
  tf.dispose([...margins, ...losses]);
  return { grad, margin, loss: lossMean };
}

/** {@link lossAndGradient} without the margin: [B, D]. */
export function lossGradient(model: Model, x: tf.Tensor2D, y: tf.Tensor1D, est: Estimator): tf.Tensor2D {
  const { grad, margin } = lossAndGradient(model, x, y, est);
  margin.dispose();
  return grad;
}

/** Per-image margin maxⱼ≠y zⱼ − z_y [B], averaged over k forward passes on a stochastic model. */
export function marginOf(model: Model, x: tf.Tensor2D, y: tf.Tensor1D, est: Pick<Estimator, "eotSamples" | "noiseRng">): tf.Tensor1D {
  const k = model.stochastic ? Math.max(1, Math.floor(est.eotSamples)) : 1;
  return tf.tidy(() => {
    const ms: tf.Tensor1D[] = [];
    for (let s = 0; s < k; s++) ms.push(attackLoss(model.logits(x, { training: false, noiseRng: est.noiseRng }), y, "margin"));
    return tf.div(tf.addN(ms), k) as tf.Tensor1D;
  });
}

/**
 * Per-image probability of a correct prediction: 0/1 for a deterministic model, the mean over k
 * forward passes for a stochastic one ("expected accuracy over the noise", REFERENCES §5).
 * Ties in the logits go to the lowest class index (tf.argMax).
 * @returns [B] in [0, 1]
 */
export function correctness(model: Model, x: tf.Tensor2D, y: tf.Tensor1D, est: Pick<Estimator, "eotSamples" | "noiseRng">): tf.Tensor1D {
  const k = model.stochastic ? Math.max(1, Math.floor(est.eotSamples)) : 1;
  return tf.tidy(() => {
    let acc: tf.Tensor1D = tf.zeros([x.shape[0]]);
    for (let s = 0; s < k; s++) {
      const hit = tf.equal(tf.argMax(model.logits(x, { training: false, noiseRng: est.noiseRng }), 1), y.toInt()).toFloat();
      acc = tf.add(acc, hit);
    }
    return tf.div(acc, k) as tf.Tensor1D;
  });
}

/** Logits averaged over k forward passes on a stochastic model (one pass otherwise): [B, C]. */
export function meanLogits(model: Model, x: tf.Tensor2D, est: Pick<Estimator, "eotSamples" | "noiseRng">): tf.Tensor2D {
  const k = model.stochastic ? Math.max(1, Math.floor(est.eotSamples)) : 1;
  return tf.tidy(() => {
    const zs: tf.Tensor2D[] = [];
    for (let s = 0; s < k; s++) zs.push(model.logits(x, { training: false, noiseRng: est.noiseRng }));
    return (k === 1 ? zs[0] : tf.div(tf.addN(zs), k)) as tf.Tensor2D;
  });
}

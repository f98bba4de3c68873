import { z } from "zod";
import { matMulT } from "../models/matmul.js";
import { tf } from "../tf.js";
import { hiddenIndex, type Regularizer, type RegularizerContext, type RegularizerEntry } from "./types.js";

/** Added under the square root so ‖h_i − h_j‖ has a finite gradient when two rows coincide. */
const DIST_EPS = 1e-12;

/**
 * Pairwise Euclidean distances of the rows of a [B, K] → [B, B], via
 * ‖a_i‖² + ‖a_j‖² − 2·a_i·a_j (one untransposed matMul; clamped at 0 against
 * rounding). Differentiable.
 */
export function pairwiseDistances(a: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const sq = tf.sum(tf.square(a), 1, true);
    const gram = matMulT(a, a, false, true);
    const d2 = tf.relu(tf.sub(tf.add(sq, tf.transpose(sq)), tf.mul(gram, 2)));
    return tf.sqrt(tf.add(d2, DIST_EPS)) as tf.Tensor2D;
  });
}

/** Settings of {@link IsometricRegularizer}. */
export const IsometricSettings = z
  .object({
    strength: z.number().min(0).default(0.1).describe("λ₁, the weight of the term (Beshkov et al.: 0.1; they also run 1)."),
    lambda2: z.number().positive().default(10).describe("λ₂, the scale between representation and input distances (Beshkov et al.: 10)."),
    layer: z.number().int().default(-1).describe("Hidden layer, 1-based; −1 is the last hidden layer (Beshkov et al.'s h)."),
  })
  .strict();
export type IsometricSettings = z.infer<typeof IsometricSettings>;

/**
 * Isometric regularization (Beshkov, Verhellen & Lepperød 2022,
 * `KBeshkov/HIsometricNets`):
 *
 *   L_iso = λ₁·(1/B²)·Σ_{i,j} (λ₂·M_ij·‖h_i − h_j‖ − M_ij·‖x_i − x_j‖)²,  M_ij = [y_i = y_j],
 *
 * pulling same-class distances in the representation towards (1/λ₂)× the
 * input distances. Defaults λ₁ = 0.1, λ₂ = 10, last hidden layer. The
 * diagonal (i = j) is exactly 0 and is masked out so that the square root's
 * gradient at 0 never enters.
 */
export class IsometricRegularizer implements Regularizer {
  readonly name = isometric.name;
  readonly config: IsometricSettings;

  constructor(raw: Partial<IsometricSettings> = {}) {
    this.config = IsometricSettings.parse(raw);
  }

  check(model: RegularizerContext["model"]): void {
    hiddenIndex(model, this.config.layer, this.name);
  }

  apply(ctx: RegularizerContext): tf.Scalar {
    const { model, x, labels, out } = ctx;
    const h = out.hiddens[hiddenIndex(model, this.config.layer, this.name)];
    return isometricPenalty(h, x, labels, this.config.strength, this.config.lambda2);
  }

  settings(): { name: string } & IsometricSettings {
    return { name: this.name, ...this.config };
  }
}

/**
 * λ₁·(1/B²)·Σ_{i,j} (λ₂·M_ij·‖h_i − h_j‖ − M_ij·‖x_i − x_j‖)² of a batch (M_ij = [y_i = y_j], i ≠ j):
 * the isometric term of {@link IsometricRegularizer}, for any representation h [B, H] of inputs
 * x [B, D] with labels [B] (int32). Differentiable in h.
 */
export function isometricPenalty(h: tf.Tensor2D, x: tf.Tensor2D, labels: tf.Tensor1D, strength: number, lambda2: number): tf.Scalar {
  return tf.tidy(() => {
    const b = x.shape[0];
    const y = labels.reshape([b, 1]);
    const same = tf.cast(tf.equal(y, y.reshape([1, b])), "float32");
    const mask = tf.mul(same, tf.sub(1, tf.eye(b)));
    const dh = pairwiseDistances(h);
    const dx = pairwiseDistances(x);
    const diff = tf.mul(mask, tf.sub(tf.mul(dh, lambda2), dx));
    return tf.mul(tf.sum(tf.square(diff)), strength / (b * b)) as tf.Scalar;
  });
}

/** The `isometric` entry of the regularizer registry. */
export const isometric: RegularizerEntry<typeof IsometricSettings> = {
  name: "isometric",
  description: "isometric term of Beshkov et al. 2022: same-class distances of a hidden layer kept at 1/λ₂ of the input distances",
  schema: IsometricSettings,
  make: (s) => new IsometricRegularizer(s),
};

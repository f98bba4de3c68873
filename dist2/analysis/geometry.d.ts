import type { Model } from "../models/types.js";
import { tf } from "../tf.js";
/**
 * Exact mean_b ‖J_b‖²_F of a row-wise map f: [B, D] → [B, K], J_b = ∂f(x)_b/∂x_b,
 * by one backward pass per output k (REFERENCES §6): the gradient of
 * Σ_b f(x)_{b,k} holds row b's k-th Jacobian row, since rows are independent.
 * @param f must be deterministic across its K calls (a stochastic model needs fixed noise).
 */
export declare function jacobianFro2Exact(f: (x: tf.Tensor2D) => tf.Tensor2D, x: tf.Tensor2D, k: number): number;
/**
 * Exact mean ‖∂logits/∂x‖²_F of `model` over n images [n, d] (row-major f32),
 * C backward passes per chunk of `chunk` images. Metric `jacobianFro2`.
 * For a model with random noise each pass draws new noise: the figure is then
 * an estimate.
 */
export declare function logitJacobianFro2(model: Model, images: Float32Array, n: number, d: number, chunk?: number): number;
/**
 * A named hidden representation of n images [n, d] → [n, H] row-major f32,
 * computed in chunks.
 */
export declare function hiddenActivations(model: Model, name: string, images: Float32Array, n: number, d: number, chunk?: number): {
    data: Float32Array;
    width: number;
};
/**
 * Isometry score (REFERENCES §6; Beshkov et al. 2022): the Pearson
 * correlation between input distances ‖x_i − x_j‖ and representation
 * distances ‖h_i − h_j‖ over all same-class pairs i < j. 1 means the
 * representation preserves same-class distances up to scale. f64 throughout.
 * @param x [n, d] row-major. @param h [n, hDim] row-major. @param labels [n].
 * @returns NaN when there is no same-class pair or a distance has zero variance.
 */
export declare function isometryScore(x: ArrayLike<number>, h: ArrayLike<number>, labels: ArrayLike<number>, n: number, d: number, hDim: number): number;
/** √(Σ θ²) over every trainable variable of `model` (weights and biases), f64 sum. Metric `weightNorm`. */
export declare function weightNorm(model: Model): number;

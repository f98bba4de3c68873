import type { Model } from "../models/types.js";
import { tf } from "../tf.js";

/**
 * Exact mean_b ‖J_b‖²_F of a row-wise map f: [B, D] → [B, K], J_b = ∂f(x)_b/∂x_b,
 * by one backward pass per output k (REFERENCES §6): the gradient of
 * Σ_b f(x)_{b,k} holds row b's k-th Jacobian row, since rows are independent.
 * @param f must be deterministic across its K calls (a stochastic model needs fixed noise).
 */
export function jacobianFro2Exact(f: (x: tf.Tensor2D) => tf.Tensor2D, x: tf.Tensor2D, k: number): number {
  let total = 0;
  for (let c = 0; c < k; c++) {
    const s = tf.tidy(() => {
      const e = tf.oneHot(tf.tensor1d([c], "int32"), k).reshape([1, k]);
      const g = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(f(xi as tf.Tensor2D), e)))(x);
      return tf.sum(tf.square(g));
    });
    total += s.dataSync()[0];
    s.dispose();
  }
  return total / x.shape[0];
}

/**
 * Exact mean ‖∂logits/∂x‖²_F of `model` over n images [n, d] (row-major f32),
 * C backward passes per chunk of `chunk` images. Metric `jacobianFro2`.
 * For a model with random noise each pass draws new noise: the figure is then
 * an estimate.
 */
export function logitJacobianFro2(model: Model, images: Float32Array, n: number, d: number, chunk = 250): number {
  let sum = 0;
  for (let r = 0; r < n; r += chunk) {
    const rows = Math.min(chunk, n - r);
    const x = tf.tensor2d(images.subarray(r * d, (r + rows) * d), [rows, d]);
    sum += jacobianFro2Exact((xi) => model.logits(xi), x, model.classes) * rows;
    x.dispose();
  }
  return sum / n;
}


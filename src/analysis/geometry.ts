import type { Rng } from "../rng.js";
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

/**
 * A named representation of n images [n, d] → [n, H] row-major f32, computed in chunks: a hidden
 * layer, or `logits`. `noiseRng`: the source of a stochastic model's draws (default its own stream).
 */
export function hiddenActivations(model: Model, name: string, images: Float32Array, n: number, d: number, chunk = 1000, noiseRng?: Rng): { data: Float32Array; width: number } {
  let out: Float32Array | null = null;
  let width = 0;
  for (let r = 0; r < n; r += chunk) {
    const rows = Math.min(chunk, n - r);
    const h = tf.tidy(() => {
      const x = tf.tensor2d(images.subarray(r * d, (r + rows) * d), [rows, d]);
      return name === "logits" ? model.logits(x, { noiseRng }) : model.hidden(x, name, { noiseRng });
    });
    width = h.shape[1];
    out ??= new Float32Array(n * width);
    out.set(h.dataSync() as Float32Array, r * width);
    h.dispose();
  }
  return { data: out ?? new Float32Array(0), width };
}

/**
 * Isometry score (REFERENCES §6; Beshkov et al. 2022): the Pearson
 * correlation between input distances ‖x_i − x_j‖ and representation
 * distances ‖h_i − h_j‖ over all same-class pairs i < j. 1 means the
 * representation preserves same-class distances up to scale. f64 throughout.
 * @param x [n, d] row-major. @param h [n, hDim] row-major. @param labels [n].
 * @returns NaN when there is no same-class pair or a distance has zero variance.
 */
export function isometryScore(x: ArrayLike<number>, h: ArrayLike<number>, labels: ArrayLike<number>, n: number, d: number, hDim: number): number {
  let m = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (labels[i] !== labels[j]) continue;
      const a = dist(x, i * d, j * d, d);
      const b = dist(h, i * hDim, j * hDim, hDim);
      m++;
      sx += a;
      sy += b;
      sxx += a * a;
      syy += b * b;
      sxy += a * b;
    }
  }
  if (m < 2) return NaN;
  const cov = sxy - (sx * sy) / m;
  const vx = sxx - (sx * sx) / m;
  const vy = syy - (sy * sy) / m;
  return vx > 0 && vy > 0 ? cov / Math.sqrt(vx * vy) : NaN;
}

function dist(a: ArrayLike<number>, i: number, j: number, len: number): number {
  let s = 0;
  for (let k = 0; k < len; k++) {
    const t = a[i + k] - a[j + k];
    s += t * t;
  }
  return Math.sqrt(s);
}

/** √(Σ θ²) over every trainable variable of `model` (weights and biases), f64 sum. Metric `weightNorm`. */
export function weightNorm(model: Model): number {
  let s = 0;
  for (const v of model.trainableVariables()) {
    const a = v.dataSync();
    for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  }
  return Math.sqrt(s);
}

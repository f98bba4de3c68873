import type { ReadoutConfig } from "./readoutConfig.js";
import { noProgress, type ProgressFn } from "../../progress.js";
import type { Rng } from "../../rng.js";
import { tf } from "../../tf.js";
import { yieldToSignals } from "../../host.js";

/** A trained readout on (standardized) features: logits = f·weight + bias. */
export interface LinearReadout {
  /** [H, C] weights (tfjs variable). */
  weight: tf.Variable<tf.Rank.R2>;
  /** [C] biases. */
  bias: tf.Variable<tf.Rank.R1>;
  /** [H] training-set mean and std of each feature (std 1 where a feature is constant). */
  mean: Float32Array;
  std: Float32Array;
  /** Wall-clock seconds of each readout epoch. */
  epochSeconds: number[];
  /** Mean loss of the last epoch (cross-entropy, or Krotov's Σ|c − t|^m). */
  finalLoss: number;
}

/**
 * Per-feature mean and standard deviation over the rows of `f` [n, h]
 * (f64 accumulation: raw relu(I)^4.5 features reach 1e8, REFERENCES §7).
 * Constant features get std 1 so standardizing leaves them at 0 instead of NaN.
 */
export function featureMoments(f: Float32Array, n: number, h: number): { mean: Float32Array; std: Float32Array } {
  const s = new Float64Array(h);
  const s2 = new Float64Array(h);
  for (let i = 0; i < n; i++) {
    const row = i * h;
    for (let j = 0; j < h; j++) s[j] += f[row + j];
  }
  for (let j = 0; j < h; j++) s[j] /= Math.max(n, 1);
  for (let i = 0; i < n; i++) {
    const row = i * h;
    for (let j = 0; j < h; j++) {
      const d = f[row + j] - s[j];
      s2[j] += d * d;
    }
  }
  const mean = new Float32Array(h);
  const std = new Float32Array(h);
  for (let j = 0; j < h; j++) {
    mean[j] = s[j];
    const sd = Math.sqrt(s2[j] / Math.max(n, 1));
    std[j] = sd > 1e-12 * Math.max(1, Math.abs(s[j])) ? sd : 1;
  }
  return { mean, std };
}

/**
 * Trains the readout of a local layer on its features with Adam:
 * - `cfg.head = "linear"`: a linear softmax layer on cross-entropy (Holzhausen et al. 2024);
 * - `cfg.head = "krotov"`: Krotov & Hopfield's (2019) head c = tanh(β·f·S), loss
 *   mean_b Σ_α |c_α − t_α|^m with targets t = ±1 (one-hot mapped to ±1), no bias. The
 *   returned `weight` is β·S and `bias` is 0, so logits = f·weight + bias have the argmax of c.
 *
 * @param features [n, h] row-major f32 (raw; standardized here when `cfg.standardize`)
 * @param labels [n] class indices
 * @param classes C
 * Weights start at zero (deterministic); batches come from a seeded shuffle.
 * Every tensor is disposed: tf.memory().numTensors is the same after each epoch.
 */
export async function trainLinearReadout(
  features: Float32Array,
  labels: Uint8Array,
  n: number,
  h: number,
  classes: number,
  cfg: ReadoutConfig,
  rng: Rng,
  onProgress: ProgressFn = noProgress,
): Promise<LinearReadout> {
  if (features.length !== n * h) throw new Error(`readout: features have ${features.length} values, expected ${n}×${h}`);
  if (labels.length !== n) throw new Error(`readout: ${labels.length} labels for ${n} feature rows`);
  const { mean, std } = cfg.standardize ? featureMoments(features, n, h) : { mean: new Float32Array(h), std: new Float32Array(h).fill(1) };
  const x = standardize(features, n, h, mean, std);
  const weight = tf.variable(tf.zeros([h, classes]), true, undefined, "float32") as tf.Variable<tf.Rank.R2>;
  const bias = tf.variable(tf.zeros([classes]), true, undefined, "float32") as tf.Variable<tf.Rank.R1>;
  const krotov = cfg.head === "krotov";
  const lossOf = (xt: tf.Tensor2D, yt: tf.Tensor2D): tf.Scalar => {
    if (!krotov) return tf.losses.softmaxCrossEntropy(yt, tf.add(tf.matMul(xt, weight), bias));
    const c = tf.tanh(tf.mul(tf.matMul(xt, weight), cfg.beta));
    const t = tf.sub(tf.mul(tf.cast(yt, "float32"), 2), 1);
    return tf.mean(tf.sum(tf.pow(tf.abs(tf.sub(c, t)), cfg.m), 1));
  };
  const trained = krotov ? [weight] : [weight, bias];
  const opt = tf.train.adam(cfg.lr);
  const epochSeconds: number[] = [];
  let finalLoss = NaN;
  const b = cfg.batch;
  const xb = new Float32Array(b * h);
  const yb = new Int32Array(b);
  for (let epoch = 1; epoch <= cfg.epochs; epoch++) {
    const t0 = performance.now();
    const order = rng.permutation(n);
    let lossSum = 0;
    for (let start = 0; start < n; start += b) {
      const m = Math.min(b, n - start);
      for (let r = 0; r < m; r++) {
        const i = order[start + r];
        xb.set(x.subarray(i * h, (i + 1) * h), r * h);
        yb[r] = labels[i];
      }
      const loss: tf.Scalar = tf.tidy(() => {
        const xt = tf.tensor2d(xb.subarray(0, m * h), [m, h]);
        const yt = tf.oneHot(tf.tensor1d(yb.subarray(0, m), "int32"), classes);
        return opt.minimize(() => lossOf(xt, yt as tf.Tensor2D), true, trained)!;
      });
      lossSum += (await loss.data())[0] * m;
      loss.dispose();
      if (start % (b * 10) === 0 || start + m >= n) onProgress({ stage: "readout", done: start + m, total: n, unit: "img", epoch, epochs: cfg.epochs });
    }
    finalLoss = lossSum / n;
    if (!Number.isFinite(finalLoss)) {
      opt.dispose();
      throw new Error(`readout diverged at epoch ${epoch} (loss ${finalLoss}); try a smaller readout lr or standardize=true`);
    }
    epochSeconds.push((performance.now() - t0) / 1000);
    // tfjs's data() resolves as microtasks: without a macrotask turn a SIGTERM handler never runs during the readout.
    await yieldToSignals();
  }
  opt.dispose();
  if (krotov) weight.assign(tf.tidy(() => tf.mul(weight, cfg.beta)));
  return { weight, bias, mean, std, epochSeconds, finalLoss };
}

/** (f − mean) / std, row by row, into a new array. */
export function standardize(f: Float32Array, n: number, h: number, mean: Float32Array, std: Float32Array): Float32Array {
  const out = new Float32Array(n * h);
  for (let i = 0; i < n; i++) {
    const row = i * h;
    for (let j = 0; j < h; j++) out[row + j] = (f[row + j] - mean[j]) / std[j];
  }
  return out;
}

import type { ReadoutConfig } from "./readoutConfig.js";
import { type ProgressFn } from "../progress.js";
import type { Rng } from "../rng.js";
import { tf } from "../tf.js";
/** A trained readout on (standardised) features: logits = f·weight + bias. */
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
 * Constant features get std 1 so standardising leaves them at 0 instead of NaN.
 */
export declare function featureMoments(f: Float32Array, n: number, h: number): {
    mean: Float32Array;
    std: Float32Array;
};
/**
 * Trains the readout of a local layer on its features with Adam:
 * - `cfg.head = "linear"`: a linear softmax layer on cross-entropy (Holzhausen et al. 2024);
 * - `cfg.head = "krotov"`: Krotov & Hopfield's (2019) head c = tanh(β·f·S), loss
 *   mean_b Σ_α |c_α − t_α|^m with targets t = ±1 (one-hot mapped to ±1), no bias. The
 *   returned `weight` is β·S and `bias` is 0, so logits = f·weight + bias have the argmax of c.
 *
 * @param features [n, h] row-major f32 (raw; standardised here when `cfg.standardize`)
 * @param labels [n] class indices
 * @param classes C
 * Weights start at zero (deterministic); batches come from a seeded shuffle.
 * Every tensor is disposed: tf.memory().numTensors is the same after each epoch.
 */
export declare function trainLinearReadout(features: Float32Array, labels: Uint8Array, n: number, h: number, classes: number, cfg: ReadoutConfig, rng: Rng, onProgress?: ProgressFn): Promise<LinearReadout>;
/** (f − mean) / std, row by row, into a new array. */
export declare function standardize(f: Float32Array, n: number, h: number, mean: Float32Array, std: Float32Array): Float32Array;

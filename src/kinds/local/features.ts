import { tf } from "../../tf.js";
import type { LocalLayer } from "./layer.js";

/** A feature map's saved settings: its kind and parameters (JSON). */
export type FeatureSettings = { kind: string } & Record<string, unknown>;

/**
 * What a local layer's readout sees of its currents I = x̂·W̃ᵀ: computed on the layer's kernels
 * while training, and as the same map in tfjs inside the differentiable model.
 */
export interface FeatureMap {
  readonly settings: FeatureSettings;
  /** In words, for pictures and the spectrum's label: `features relu(I)^4.5`. */
  readonly label: string;
  /** The features of normalized inputs x̂ [n, D] → [n, H] row-major f32, on the layer's kernels. */
  host(layer: LocalLayer, x: Float32Array, n: number): Float32Array;
  /** The same map of currents [B, H], differentiable. */
  apply(currents: tf.Tensor2D): tf.Tensor2D;
}

/**
 * relu(I)^n (Krotov & Hopfield 2019; n = 4.5 in Holzhausen et al. 2024): every local rule's
 * default features, on the pooled GEMM and `relu_pow_f32`.
 */
export function reluPowFeatures(n: number): FeatureMap {
  return {
    settings: { kind: "relu-pow", n },
    label: `features relu(I)^${n}`,
    host: (layer, x, rows) => layer.features(x, rows, n),
    apply: (i) => tf.pow(tf.relu(i), n) as tf.Tensor2D,
  };
}

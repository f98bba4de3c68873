import { tf } from "../../tf.js";
import type { FeatureMap, FeatureSettings } from "../local/features.js";
import type { SoftHebbSection } from "./config.js";

/**
 * SoftHebb's classifier input (Journé et al. 2023; `NeuromorphicComputing/SoftHebb`, MNIST model
 * `2SoftMlpMNIST`: activation `softmax_5`): softmax over the H units of tInv·I per image. On the
 * host the currents come from the layer's GEMM and the softmax is summed in f64.
 */
export function softmaxFeatures(tInv: number): FeatureMap {
  return {
    settings: { kind: "softmax", tInv },
    label: `features softmax(${tInv}·I)`,
    host(layer, x, n) {
      const f = layer.currents(x, n);
      const H = layer.hidden;
      const e = new Float64Array(H);
      for (let i = 0; i < n; i++) {
        const row = f.subarray(i * H, (i + 1) * H);
        let m = -Infinity;
        for (let u = 0; u < H; u++) m = Math.max(m, row[u]);
        let s = 0;
        for (let u = 0; u < H; u++) s += e[u] = Math.exp(tInv * (row[u] - m));
        for (let u = 0; u < H; u++) row[u] = e[u] / s;
      }
      return f;
    },
    apply: (i) => tf.softmax(tf.mul(i, tInv)) as tf.Tensor2D,
  };
}

/** SoftHebb's readout features: softmax unless the section asks for relu(I)^n. */
export const softhebbFeatures = {
  chosen: (c: SoftHebbSection): FeatureSettings | null => (c.readoutActivation === "softmax" ? { kind: "softmax", tInv: c.readoutTInv } : null),
  make: (s: FeatureSettings): FeatureMap | null => (s.kind === "softmax" ? softmaxFeatures(Number(s.tInv ?? 5)) : null),
};

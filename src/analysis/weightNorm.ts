import type { Model } from "../models/types.js";

/** √(Σ θ²) over every trainable variable of `model` (weights and biases), f64 sum. Metric `weightNorm`. */
export function weightNorm(model: Model): number {
  let s = 0;
  for (const v of model.trainableVariables()) {
    const a = v.dataSync();
    for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  }
  return Math.sqrt(s);
}

import type { Dataset } from "../data/types.js";
import { tf } from "../tf.js";
import type { Model } from "./types.js";

/**
 * Predicted classes of `model` for every image of `data`, in batches
 * (host subarrays, so no tf.slice copies of the whole set).
 */
export async function predict(model: Model, data: Dataset, batch = 500): Promise<Int32Array> {
  const out = new Int32Array(data.n);
  for (let s = 0; s < data.n; s += batch) {
    const m = Math.min(batch, data.n - s);
    const pred = tf.tidy(() => {
      const x = tf.tensor2d(data.images.subarray(s * data.dim, (s + m) * data.dim), [m, data.dim]);
      return tf.argMax(model.logits(x), 1);
    });
    out.set((await pred.data()) as Int32Array, s);
    pred.dispose();
  }
  return out;
}

/** Fraction of `data` that `model` classifies correctly. */
export async function accuracy(model: Model, data: Dataset, batch = 500): Promise<number> {
  if (data.n === 0) throw new Error("accuracy: empty dataset");
  const pred = await predict(model, data, batch);
  let ok = 0;
  for (let i = 0; i < data.n; i++) if (pred[i] === data.labels[i]) ok++;
  return ok / data.n;
}

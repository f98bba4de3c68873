import type { Rng } from "../rng.js";
import { tf } from "../tf.js";
import type { Model } from "./types.js";

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


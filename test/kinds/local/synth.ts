// Synthetic inputs shared by the local-learner tests.
import { Rng } from "../../../src/rng.js";

/** MNIST-like synthetic images: `classes` sparse binary prototypes with intensity jitter and speckle, pixels in [0, 1]. */
export function synthImages(rng: Rng, n: number, D: number, classes: number): Float32Array {
  const protos = Array.from({ length: classes }, () => Float32Array.from({ length: D }, () => (rng.uniform() < 0.2 ? 1 : 0)));
  const x = new Float32Array(n * D);
  for (let i = 0; i < n; i++) {
    const p = protos[rng.int(classes)];
    for (let j = 0; j < D; j++) {
      const v = p[j] * (0.6 + 0.4 * rng.uniform()) + (rng.uniform() < 0.05 ? rng.uniform() : 0);
      x[i * D + j] = Math.min(1, v);
    }
  }
  return x;
}

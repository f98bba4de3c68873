import { beforeAll, describe, expect, it } from "vitest";
import { featureMoments, standardize, trainLinearReadout } from "../../../src/kinds/local/readout.js";
import { ReadoutConfig } from "../../../src/kinds/local/readoutConfig.js";
import { Rng } from "../../../src/rng.js";
import { initTf, tf } from "../../../src/tf.js";

/** Three Gaussian blobs in h dimensions, with feature scales like relu(I)^4.5 (1e6). */
function blobs(n: number, h: number, rng: Rng, scale = 1e6) {
  const centers = Array.from({ length: 3 }, () => rng.fillNormal(new Float64Array(h), 0, 3));
  const f = new Float32Array(n * h);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 3;
    for (let j = 0; j < h; j++) f[i * h + j] = scale * (centers[y[i]][j] + rng.normal());
  }
  return { f, y };
}

describe("linear readout", () => {
  beforeAll(() => initTf());

  it("moments: mean and std per feature, std 1 for constant features", () => {
    // columns: [1, 2, 3], [5, 5, 5]
    const f = new Float32Array([1, 5, 2, 5, 3, 5]);
    const { mean, std } = featureMoments(f, 3, 2);
    expect(mean[0]).toBeCloseTo(2, 6);
    expect(std[0]).toBeCloseTo(Math.sqrt(2 / 3), 6);
    expect(mean[1]).toBe(5);
    expect(std[1]).toBe(1);
    const z = standardize(f, 3, 2, mean, std);
    expect(Array.from(z).every(Number.isFinite)).toBe(true);
    expect(z[1]).toBe(0);
  });

  it("learns separable classes from features of scale 1e6 and leaks no tensors between epochs", async () => {
    const rng = new Rng(3);
    const n = 300;
    const h = 20;
    const { f, y } = blobs(n, h, rng);
    const counts: number[] = [];
    const cfg = ReadoutConfig.parse({ epochs: 5, lr: 0.05, batch: 32 });
    const r = await trainLinearReadout(f, y, n, h, 3, cfg, new Rng(1), (e) => {
      if (e.done === e.total) counts.push(tf.memory().numTensors);
    });
    expect(counts.length).toBe(5);
    expect(new Set(counts).size, `numTensors per epoch: ${counts}`).toBe(1);
    const acc = tf.tidy(() => {
      const z = tf.tensor2d(standardize(f, n, h, r.mean, r.std), [n, h]);
      const pred = tf.argMax(tf.add(tf.matMul(z, r.weight), r.bias), 1).dataSync();
      return Array.from(pred).reduce((s, p, i) => s + (p === y[i] ? 1 : 0), 0) / n;
    });
    expect(acc).toBeGreaterThan(0.95);
    expect(r.finalLoss).toBeLessThan(0.2);
    r.weight.dispose();
    r.bias.dispose();
  });

  it("is deterministic for a seed", async () => {
    const { f, y } = blobs(90, 6, new Rng(5));
    const cfg = ReadoutConfig.parse({ epochs: 2, batch: 16 });
    const a = await trainLinearReadout(f, y, 90, 6, 3, cfg, new Rng(7));
    const b = await trainLinearReadout(f, y, 90, 6, 3, cfg, new Rng(7));
    expect(Array.from(a.weight.dataSync())).toEqual(Array.from(b.weight.dataSync()));
    for (const t of [a.weight, a.bias, b.weight, b.bias]) t.dispose();
  });

  it("rejects mismatched shapes with a named error", async () => {
    const cfg = ReadoutConfig.parse({ epochs: 1 });
    await expect(trainLinearReadout(new Float32Array(10), new Uint8Array(3), 3, 4, 2, cfg, new Rng(1))).rejects.toThrow(/features have 10 values, expected 3×4/);
  });
});

describe("Krotov's head (Krotov & Hopfield 2019): c = tanh(β·f·S), loss Σ|c − t|^m", () => {
  beforeAll(() => initTf());

  it("learns separable classes; returns weight = β·S with zero bias so logits share c's argmax", async () => {
    const rng = new Rng(8);
    const n = 300;
    const h = 20;
    const { f, y } = blobs(n, h, rng, 1);
    const cfg = ReadoutConfig.parse({ head: "krotov", beta: 0.5, m: 6, epochs: 15, lr: 1e-2 });
    const r = await trainLinearReadout(f, y, n, h, 3, cfg, new Rng(1));
    try {
      expect(Array.from(await r.bias.data())).toEqual([0, 0, 0]);
      const z = standardize(f, n, h, r.mean, r.std);
      const logits = tf.tidy(() => tf.matMul(tf.tensor2d(z, [n, h]), r.weight).arraySync()) as number[][];
      let ok = 0;
      let lossSum = 0;
      for (let i = 0; i < n; i++) {
        const row = logits[i];
        if (row.indexOf(Math.max(...row)) === y[i]) ok++;
        // The loss of the trained head from the returned β·S: c = tanh(logits).
        lossSum += row.reduce((s, l, c) => s + Math.abs(Math.tanh(l) - (c === y[i] ? 1 : -1)) ** 6, 0);
      }
      expect(ok / n).toBeGreaterThan(0.95);
      // finalLoss is the mean over the last epoch (weights moving): close to, not equal to, the end loss.
      expect(lossSum / n).toBeLessThan(Math.max(2 * r.finalLoss, 0.05));
      // An untrained head (S = 0) has loss 3·1 = 3 per sample; training brought it far below.
      expect(r.finalLoss).toBeLessThan(0.5);
    } finally {
      r.weight.dispose();
      r.bias.dispose();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initTf, tf } from "../../src/tf.js";
import { Rng } from "../../src/rng.js";
import { correctness, lossGradient } from "../../src/attacks/eot.js";
import { makeAttack } from "../../src/attacks/registry.js";
import { TOL } from "../tolerances.js";
import { DropoutMlp, TinyMlp, randomImages } from "./models.js";

const D = 10;
const B = 4;
let noisy: DropoutMlp;
let plain: TinyMlp;
let x: tf.Tensor2D;
let y: tf.Tensor1D;

beforeAll(async () => {
  await initTf();
  noisy = new DropoutMlp(D, 32, 3, 0.5);
  plain = new TinyMlp(D, 32, 3);
  x = tf.tensor2d(randomImages(new Rng(4), B, D), [B, D]);
  y = tf.tensor1d([0, 1, 2, 0], "int32");
});
afterAll(() => {
  noisy.dispose();
  plain.dispose();
  tf.dispose([x, y]);
});

/** Total variance over coordinates of `reps` independent gradient estimates with k samples each. */
function estimateVariance(k: number, reps: number): number {
  const est: Float32Array[] = [];
  for (let r = 0; r < reps; r++) {
    const g = lossGradient(noisy, x, y, { loss: "ce", eotSamples: k });
    est.push(g.dataSync() as Float32Array);
    g.dispose();
  }
  let total = 0;
  for (let j = 0; j < est[0].length; j++) {
    const m = est.reduce((a, e) => a + e[j], 0) / reps;
    total += est.reduce((a, e) => a + (e[j] - m) ** 2, 0) / (reps - 1);
  }
  return total;
}

describe("EOT (Athalye et al. 2018)", () => {
  it("averaging k noise samples divides the gradient-estimate variance by ≈ k", () => {
    const k = 16;
    const v1 = estimateVariance(1, 40);
    const vk = estimateVariance(k, 40);
    expect(v1).toBeGreaterThan(0);
    expect(vk).toBeLessThan(v1);
    expect(Math.abs((k * vk) / v1 - 1)).toBeLessThanOrEqual(TOL.attackEotVariance.rtol);
  });

  it("draws k forward passes per gradient on a stochastic model and one on a deterministic model", () => {
    noisy.calls = 0;
    plain.calls = 0;
    tf.dispose([lossGradient(noisy, x, y, { loss: "ce", eotSamples: 7 }), lossGradient(plain, x, y, { loss: "ce", eotSamples: 7 })]);
    expect(noisy.calls).toBe(7);
    expect(plain.calls).toBe(1);
    // FGSM on the stochastic model: 7 passes for its one EOT gradient.
    noisy.calls = 0;
    makeAttack("fgsm").attack({ model: noisy, rng: new Rng(1), loss: "ce", eotSamples: 7 }, x, y, 0.1).dispose();
    expect(noisy.calls).toBe(7);
  });

  it("scores a stochastic model by expected accuracy over its noise", () => {
    const c = correctness(noisy, x, y, { eotSamples: 200 });
    const v = Array.from(c.dataSync());
    c.dispose();
    for (const p of v) {
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
      expect(Math.abs(Math.round(p * 200) - p * 200)).toBeLessThan(1e-3); // multiples of 1/200
    }
    expect(v.some((p) => p > 0 && p < 1)).toBe(true); // some image is not always right or always wrong
    const d = correctness(plain, x, y, { eotSamples: 200 });
    for (const p of d.dataSync()) expect([0, 1]).toContain(p);
    d.dispose();
  });
});

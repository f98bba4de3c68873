import { beforeAll, describe, expect, it } from "vitest";
import { Mlp } from "../../src/kinds/mlp/model.js";
import { NoiseLayer, noiseConfig, POISSON_EPS } from "../../src/models/noise.js";
import { Rng } from "../../src/rng.js";
import { initTf, tf } from "../../src/tf.js";
import { mismatch, TOL } from "../tolerances.js";

beforeAll(() => initTf());

/** Activations from 0 (where the Poisson variance is smallest) to 3. */
const UNITS = 8;
const x0 = Float32Array.from({ length: UNITS }, (_, j) => (3 * j) / (UNITS - 1));

/** Per-unit mean and variance of `passes` noisy copies of x0 (one pass = one batch of `rows` rows). */
function moments(layer: NoiseLayer, passes: number, rows: number): { mean: Float64Array; variance: Float64Array; count: number } {
  const sum = new Float64Array(UNITS);
  const sq = new Float64Array(UNITS);
  const x = tf.tile(tf.tensor2d(x0, [1, UNITS]), [rows, 1]) as tf.Tensor2D;
  for (let p = 0; p < passes; p++) {
    const y = layer.apply(x);
    const v = y.dataSync();
    y.dispose();
    for (let i = 0; i < v.length; i++) {
      sum[i % UNITS] += v[i];
      sq[i % UNITS] += v[i] * v[i];
    }
  }
  x.dispose();
  const count = passes * rows;
  const mean = sum.map((s) => s / count);
  const variance = sq.map((s, j) => s / count - mean[j] ** 2);
  return { mean, variance, count };
}

const models = {
  poisson: (x: number) => {
    const s = 0.35;
    const u = x * s + 0.07;
    return (Math.max(u, 0) + POISSON_EPS) / (s * s);
  },
  gaussian: () => 0.07 ** 2,
};

describe("stochastic neurons (Dapello et al. 2021)", () => {
  for (const kind of ["poisson", "gaussian"] as const) {
    it(`${kind}: two passes differ; the mean over passes is the input and the variance the noise model's`, () => {
      const layer = new NoiseLayer(noiseConfig({ kind }), UNITS, new Rng(11));
      const x = tf.tensor2d(x0, [1, UNITS]);
      const a = layer.apply(x).dataSync();
      const b = layer.apply(x).dataSync();
      expect(mismatch(a, b, TOL.exact)).not.toBeNull();
      const { mean, variance, count } = moments(layer, 200, 50);
      for (let j = 0; j < UNITS; j++) {
        const v = models[kind](x0[j]);
        // Sampling error of a mean is sqrt(v/n); of a variance about v·sqrt(2/n) (normal ε). Five standard errors.
        expect(Math.abs(mean[j] - x0[j]), `unit ${j} mean`).toBeLessThan(5 * Math.sqrt(v / count));
        expect(Math.abs(variance[j] - v), `unit ${j} variance`).toBeLessThan(5 * v * Math.sqrt(2 / count));
      }
    });
  }

  it("fixed noise: passes repeat, and image i gets the same ε in any batch size", () => {
    const layer = new NoiseLayer(noiseConfig({ kind: "poisson", fixed: true }), UNITS, new Rng(5));
    const small = tf.tile(tf.tensor2d(x0, [1, UNITS]), [3, 1]) as tf.Tensor2D;
    const big = tf.tile(tf.tensor2d(x0, [1, UNITS]), [7, 1]) as tf.Tensor2D;
    const a = layer.apply(small).dataSync();
    const b = layer.apply(big).dataSync();
    const c = layer.apply(small).dataSync();
    expect(mismatch(a, c, TOL.exact)).toBeNull();
    expect(mismatch(a, b.subarray(0, a.length), TOL.exact)).toBeNull();
    expect(mismatch(a.subarray(0, UNITS), a.subarray(UNITS, 2 * UNITS), TOL.exact)).not.toBeNull();
  });

  it("an MLP with noise is stochastic (fresh noise) or not (fixed), and its noise is seeded", () => {
    const base = { inputDim: 4, hidden: [6], classes: 2, activation: "relu" as const, seed: 9 };
    const x = tf.tensor2d(new Rng(1).fillUniform(new Float32Array(8)), [2, 4]);
    const fresh = new Mlp({ ...base, noise: noiseConfig({ kind: "gaussian" }) });
    const twin = new Mlp({ ...base, noise: noiseConfig({ kind: "gaussian" }) });
    const fixed = new Mlp({ ...base, noise: noiseConfig({ kind: "gaussian", fixed: true }) });
    expect(fresh.stochastic).toBe(true);
    expect(fixed.stochastic).toBe(false);
    const l1 = fresh.logits(x).dataSync();
    expect(mismatch(l1, fresh.logits(x).dataSync(), TOL.exact)).not.toBeNull();
    expect(mismatch(l1, twin.logits(x).dataSync(), TOL.exact)).toBeNull();
    expect(mismatch(fixed.logits(x).dataSync(), fixed.logits(x).dataSync(), TOL.exact)).toBeNull();
    expect(() => noiseConfig({ kind: "salt" })).toThrow(/poisson, gaussian/);
  });

  it("a pass given a noise stream draws from it alone: same stream, same logits, whatever ran before; the model's own stream is left alone", () => {
    const base = { inputDim: 4, hidden: [6, 5], classes: 2, activation: "relu" as const, seed: 9 };
    const x = tf.tensor2d(new Rng(1).fillUniform(new Float32Array(8)), [2, 4]);
    const a = new Mlp({ ...base, noise: noiseConfig({ kind: "poisson" }) });
    const b = new Mlp({ ...base, noise: noiseConfig({ kind: "poisson" }) });
    b.logits(x).dispose(); // b's own stream has moved on; a's has not
    const la = a.logits(x, { noiseRng: new Rng(3) }).dataSync();
    const lb = b.logits(x, { noiseRng: new Rng(3) }).dataSync();
    expect(mismatch(la, lb, TOL.exact)).toBeNull();
    expect(mismatch(la, a.logits(x, { noiseRng: new Rng(4) }).dataSync(), TOL.exact)).not.toBeNull();
    // The passes above did not touch a's own stream: its next own pass is what a fresh twin's first is.
    const twin = new Mlp({ ...base, noise: noiseConfig({ kind: "poisson" }) });
    expect(mismatch(a.logits(x).dataSync(), twin.logits(x).dataSync(), TOL.exact)).toBeNull();
    // hidden() draws from the given stream too, layer after layer: h2 with stream s = h2 of forward with s.
    const h2 = a.hidden(x, "h2", { noiseRng: new Rng(7) }).dataSync();
    const f = a.forward(x, { noiseRng: new Rng(7) });
    expect(mismatch(h2, f.hiddens[1].dataSync(), TOL.exact)).toBeNull();
    tf.dispose([x, ...f.hiddens, f.logits]);
    for (const m of [a, b, twin]) m.dispose();
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { jacobianFro2Exact } from "../../src/analysis/jacobian.js";
import { Mlp, type MlpConfig } from "../../src/kinds/mlp/model.js";
import { noiseConfig } from "../../src/models/noise.js";
import { jacobianFro2Estimate } from "../../src/regularizers/jacobian.js";
import { Rng } from "../../src/rng.js";
import { initTf, tf } from "../../src/tf.js";
import { tinyBatch } from "../models/fd.js";
import { mismatch, TOL } from "../tolerances.js";

beforeAll(() => initTf());

const D = 7;
const cases: [string, Partial<MlpConfig>][] = [
  ["relu", { activation: "relu" }],
  ["tanh", { activation: "tanh" }],
  ["tanh + fixed poisson noise", { activation: "tanh", noise: noiseConfig({ kind: "poisson", fixed: true }) }],
  ["relu, standardized inputs (one σ below the 0.01 floor)", { activation: "relu", standardize: true }],
];
// Per-feature input moments for the standardized case: σ = 0.001 for feature 0 exercises the floor.
const moments = { mean: Float32Array.from({ length: D }, (_, i) => 0.1 * i), std: Float32Array.from({ length: D }, (_, i) => (i === 0 ? 0.001 : 0.05 + 0.1 * i)) };
const net = (over: Partial<MlpConfig>) =>
  new Mlp({ inputDim: D, hidden: [9, 6], classes: 4, activation: "tanh", noise: null, seed: 2, ...over }, over.standardize ? moments : undefined);

describe("Mlp.inputVjp", () => {
  for (const [label, over] of cases) {
    it(`equals tfjs's first-order input gradient of v·out (${label})`, () => {
      const m = net(over);
      const x = tf.tensor2d(tinyBatch(1, 5, D, 4).x, [5, D]);
      const rng = new Rng(3);
      for (const layer of [-1, 0, 1]) {
        const k = layer === -1 ? 4 : m.config.hidden[layer];
        const v = tf.tensor2d(rng.fillNormal(new Float32Array(5 * k)), [5, k]);
        const out = (xi: tf.Tensor2D) => (layer === -1 ? m.logits(xi) : m.hidden(xi, m.hiddenNames[layer]));
        const ref = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(out(xi as tf.Tensor2D), v)))(x);
        expect(mismatch(m.inputVjp(x, v, layer).dataSync(), ref.dataSync(), TOL.f32Path), `layer ${layer}`).toBeNull();
      }
    });
  }
});

describe("Jacobian estimator (Hoffman et al. 2019)", () => {
  for (const [label, over] of cases) {
    it(`mean over many projections matches the exact ‖J‖²_F within 5 % (${label})`, () => {
      const m = net(over);
      const b = 16;
      const x = tf.tensor2d(tinyBatch(4, b, D, 4).x, [b, D]);
      const exactLogits = jacobianFro2Exact((xi) => m.logits(xi), x, 4);
      const estLogits = jacobianFro2Estimate((v) => m.inputVjp(x, v), b, 4, 400, new Rng(8)).dataSync()[0];
      expect(exactLogits).toBeGreaterThan(0);
      expect(mismatch([estLogits], [exactLogits], TOL.jacobianEstimate)).toBeNull();
      const exactHidden = jacobianFro2Exact((xi) => m.hidden(xi, "h1"), x, 9);
      const estHidden = jacobianFro2Estimate((v) => m.inputVjp(x, v, 0), b, 9, 400, new Rng(9)).dataSync()[0];
      expect(mismatch([estHidden], [exactHidden], TOL.jacobianEstimate)).toBeNull();
    });
  }

  it("one projection is not the exact value (the test can tell them apart)", () => {
    const m = net({});
    const x = tf.tensor2d(tinyBatch(4, 2, D, 4).x, [2, D]);
    const exact = jacobianFro2Exact((xi) => m.logits(xi), x, 4);
    const one = jacobianFro2Estimate((v) => m.inputVjp(x, v), 2, 4, 1, new Rng(1)).dataSync()[0];
    expect(mismatch([one], [exact], TOL.jacobianEstimate)).not.toBeNull();
  });
});

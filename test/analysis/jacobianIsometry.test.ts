import { beforeAll, describe, expect, it } from "vitest";
import { hiddenActivations } from "../../src/models/activations.js";
import { isometryScore } from "../../src/analysis/isometry.js";
import { jacobianFro2Exact, logitJacobianFro2 } from "../../src/analysis/jacobian.js";
import { weightNorm } from "../../src/analysis/weightNorm.js";
import { Mlp } from "../../src/kinds/mlp/model.js";
import { Rng } from "../../src/rng.js";
import { initTf, tf } from "../../src/tf.js";
import { tinyBatch } from "../models/fd.js";
import { mismatch, TOL } from "../tolerances.js";

beforeAll(() => initTf());

const net = () => new Mlp({ inputDim: 5, hidden: [6], classes: 3, activation: "tanh", noise: null, seed: 7 });

describe("exact Jacobian norm", () => {
  it("a linear map's ‖J‖²_F is ‖W‖²_F", () => {
    const rng = new Rng(1);
    const w = tf.tensor2d(rng.fillNormal(new Float32Array(12)), [4, 3]);
    const x = tf.tensor2d(rng.fillNormal(new Float32Array(8)), [2, 4]);
    const want = w.square().sum().dataSync()[0];
    expect(mismatch([jacobianFro2Exact((xi) => tf.matMul(xi, w), x, 3)], [want], TOL.f32Path)).toBeNull();
  });

  it("matches central differences of every input coordinate (f32 forward, f64 sums)", () => {
    const m = net();
    const { x } = tinyBatch(2, 3, 5, 3);
    const h = 1e-2;
    let fd = 0;
    for (let b = 0; b < 3; b++) {
      for (let i = 0; i < 5; i++) {
        const plus = Float32Array.from(x.subarray(b * 5, b * 5 + 5));
        const minus = Float32Array.from(plus);
        plus[i] += h;
        minus[i] -= h;
        const lp = m.logits(tf.tensor2d(plus, [1, 5])).dataSync();
        const lm = m.logits(tf.tensor2d(minus, [1, 5])).dataSync();
        for (let c = 0; c < 3; c++) fd += ((lp[c] - lm[c]) / (2 * h)) ** 2;
      }
    }
    fd /= 3;
    const exact = logitJacobianFro2(m, x, 3, 5, 2);
    expect(mismatch([exact], [fd], TOL.fdF32)).toBeNull();
  });
});

describe("isometry score", () => {
  it("is 1 for a scaled copy, lower for a distorted one, and ignores other-class pairs", () => {
    const rng = new Rng(3);
    const n = 30;
    const d = 4;
    const x = rng.fillUniform(new Float64Array(n * d));
    const labels = Array.from({ length: n }, (_, i) => i % 3);
    expect(isometryScore(x, x.map((v) => 3 * v), labels, n, d, d)).toBeCloseTo(1, 12);
    const squashed = x.map((v) => v ** 4);
    const s = isometryScore(x, squashed, labels, n, d, d);
    expect(s).toBeLessThan(0.99);
    expect(s).toBeGreaterThan(0);
    // A per-class offset changes only cross-class distances, which the score ignores.
    const shifted = x.map((v, k) => v + 100 * labels[Math.floor(k / d)]);
    expect(isometryScore(x, shifted, labels, n, d, d)).toBeCloseTo(1, 9);
  });

  it("hand-computed: three same-class points", () => {
    // Input distances 1, 2, √5; representation distances 1, 1, √2.
    const x = [0, 0, 1, 0, 0, 2];
    const h = [0, 0, 1, 0, 0, 1];
    const a = [1, 2, Math.sqrt(5)];
    const b = [1, 1, Math.SQRT2];
    const mean = (v: number[]) => v.reduce((p, q) => p + q) / v.length;
    const ma = mean(a);
    const mb = mean(b);
    const cov = a.reduce((s, ai, i) => s + (ai - ma) * (b[i] - mb), 0);
    const r = cov / Math.sqrt(a.reduce((s, ai) => s + (ai - ma) ** 2, 0) * b.reduce((s, bi) => s + (bi - mb) ** 2, 0));
    expect(isometryScore(x, h, [5, 5, 5], 3, 2, 2)).toBeCloseTo(r, 12);
    expect(isometryScore(x, h, [1, 2, 3], 3, 2, 2)).toBeNaN();
  });
});

describe("weight norm and hidden activations", () => {
  it("weightNorm is √Σθ² over weights and biases", () => {
    const m = net();
    m.biases[0].assign(tf.fill([6], 0.5));
    let s = 0;
    for (const v of m.trainableVariables()) for (const a of v.dataSync()) s += a * a;
    expect(weightNorm(m)).toBeCloseTo(Math.sqrt(s), 10);
    expect(s).toBeGreaterThan(6 * 0.25);
  });

  it("hiddenActivations in chunks equal one pass", () => {
    const m = net();
    const { x } = tinyBatch(5, 7, 5, 3);
    const all = m.hidden(tf.tensor2d(x, [7, 5]), "h1").dataSync();
    const chunked = hiddenActivations(m, "h1", x, 7, 5, 3);
    expect(chunked.width).toBe(6);
    expect(mismatch(chunked.data, all, TOL.exact)).toBeNull();
  });
});

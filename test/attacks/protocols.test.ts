// Issue 22: the attack-side options the seeds' protocols need (Holzhausen et al. 2024, LocalLearning
// `Attacks.py`): PGD from the clean image with a fixed step rule and one clamp at the end, and the
// critical perturbation as the first flipping point of a log grid (scan, or bisection over its indices).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initTf, tf } from "../../src/tf.js";
import { Rng } from "../../src/rng.js";
import { criticalPerturbation, gridValues, logspace, medianFlipped } from "../../src/attacks/critical.js";
import { makeAttack } from "../../src/attacks/registry.js";
import { LinearSoftmax, thresholdFixture } from "./models.js";

beforeAll(async () => {
  await initTf();
});

const f = Math.fround;

/**
 * Plain-TS PGD-L∞ as LocalLearning runs it, in f32 like tfjs: x₀ = x; 20 times x ← Π_ε(x + a·sign ∇ₓCE)
 * with a = 0.01 if ε ≥ 0.01 else 0.1·ε, the projection onto the ε-box only; one clamp to [0, 1] after
 * the last step. The CE gradient of a linear softmax model is (softmax(z) − onehot)·Wᵀ (f64 here: only
 * its sign is used).
 */
function referencePgd(x: Float32Array, y: number[], eps: number[], W: Float32Array, bias: Float32Array, d: number, c: number, steps: number): Float32Array {
  const out = new Float32Array(x.length);
  y.forEach((label, i) => {
    const e = f(eps[i]);
    const a = e >= f(0.01) ? f(0.01) : f(0.1 * e);
    const x0 = x.subarray(i * d, (i + 1) * d);
    let xa = Float32Array.from(x0);
    const box = (cand: Float32Array, clamp: boolean) =>
      Float32Array.from(cand, (v, j) => {
        const dv = Math.min(Math.max(f(v - x0[j]), -e), e);
        const r = f(x0[j] + dv);
        return clamp ? Math.min(Math.max(r, 0), 1) : r;
      });
    for (let s = 0; s < steps; s++) {
      const z = Array.from({ length: c }, (_, k) => bias[k] + xa.reduce((acc, v, j) => acc + v * W[j * c + k], 0));
      const mx = Math.max(...z);
      const p = z.map((v) => Math.exp(v - mx));
      const sum = p.reduce((u, v) => u + v, 0);
      const g = Array.from({ length: d }, (_, j) => p.reduce((acc, pk, k) => acc + (pk / sum - (k === label ? 1 : 0)) * W[j * c + k], 0));
      xa = box(Float32Array.from(xa, (v, j) => f(v + f(Math.sign(g[j]) * a))), false);
    }
    out.set(box(xa, true), i * d);
  });
  return out;
}

describe("PGD-L∞ without random start, fixed step, clamp only at the end (Holzhausen et al.)", () => {
  it("matches a plain-TS reimplementation bit for bit, on both sides of the step rule's ε = 0.01", () => {
    const d = 12;
    const c = 3;
    const rng = new Rng(5);
    const W = rng.fillNormal(new Float32Array(d * c));
    const bias = rng.fillNormal(new Float32Array(c));
    const model = new LinearSoftmax(W, d, c, bias);
    // Pixels at the bounds too, so that the single final clamp matters.
    const x = Float32Array.from(rng.fillUniform(new Float32Array(6 * d), -0.2, 1.2), (v) => Math.min(1, Math.max(0, v)));
    const eps = [0.005, 0.02, 0.05, 0.3, 0.008, 0.1];
    const xt = tf.tensor2d(x, [6, d]);
    const logits = model.logits(xt);
    const y = Array.from(logits.argMax(1).dataSync());
    const yt = tf.tensor1d(y, "int32");
    const pgd = makeAttack("pgd-linf", { steps: 20, randomStart: false, select: "last", fixedStep: {}, clampEachStep: false });
    const got = pgd.attack({ model, rng: new Rng(1), loss: "ce", eotSamples: 1 }, xt, yt, eps);
    const want = referencePgd(x, y, eps, W, bias, d, c, 20);
    expect(Array.from(got.dataSync())).toEqual(Array.from(want));
    // It moved: every image's perturbation reaches its budget somewhere (20 steps of ≥ 0.1·ε).
    const g = got.dataSync();
    for (let i = 0; i < 6; i++) expect(Math.max(...Array.from({ length: d }, (_, j) => Math.abs(g[i * d + j] - x[i * d + j])))).toBeGreaterThan(0);
    tf.dispose([xt, yt, logits, got]);
    model.dispose();
  });

  it("clampEachStep: false differs from clamping every iterate only through the bounds", () => {
    const a = makeAttack("pgd-linf", { fixedStep: { size: 0.02 }, randomStart: false, clampEachStep: false });
    expect(a.settings()).toMatchObject({ fixedStepSize: 0.02, fixedStepBelow: 0.01, fixedStepRelative: 0.1, clampEachStep: false, randomStart: false });
  });
});

// A 1-D threshold classifier at t = 0.5: image x flips exactly when |δ| > |x − t| (ties stay in class 0).
const T = 0.5;
const xs = [0.3, 0.45, 0.8, 0.05, 0.62, 0.4999];

describe("critical perturbation on a log grid (first flip, each ε from the clean image)", () => {
  const fx = thresholdFixture(T, xs);
  beforeAll(() => fx.setup());
  afterAll(() => fx.dispose());
  const ctx = fx.ctx;

  it("logspace is numpy's", () => {
    expect(logspace(-6, -1.5, 400)[0]).toBeCloseTo(1e-6, 18);
    expect(logspace(-6, -1.5, 400)[399]).toBeCloseTo(10 ** -1.5, 15);
    expect(logspace(0, 2, 3)).toEqual([1, 10, 100]);
    expect(gridValues({ logspace: [-2, 0, 5] })).toEqual(logspace(-2, 0, 5));
  });

  it.each(["grid", "grid-bisection"] as const)("%s returns the first grid point above each margin (closed form), NaN when none flips", (method) => {
    const grid = logspace(-6, -1, 120);
    for (const name of ["fgsm", "pgd-linf"]) {
      const attack = makeAttack(name, name === "pgd-linf" ? { steps: 20, randomStart: false, select: "last", fixedStep: {}, clampEachStep: false } : {});
      const r = criticalPerturbation(attack, ctx(), fx.x, fx.y, { method, max: 1, iters: 1, grid });
      xs.forEach((v, i) => {
        const margin = Math.abs(v - T);
        // The attack moves the image by exactly ε (f32) toward t: it flips iff ε > margin.
        const expected = grid.find((g) => Math.abs(Math.fround(Math.fround(v) + (v > T ? -1 : 1) * Math.fround(g)) - Math.fround(v)) > margin && (v > T ? Math.fround(Math.fround(v) - Math.fround(g)) <= T : Math.fround(Math.fround(v) + Math.fround(g)) > T));
        if (expected === undefined) expect(Number.isNaN(r.eps[i]), `${name} image ${i}`).toBe(true);
        else expect(r.eps[i], `${name} image ${i}`).toBe(expected);
      });
      // Margins 0.2, 0.05, 0.3, 0.45, 0.12 exceed the grid top 0.1 except 0.05; 0.4999 flips at the first grid point above 1e-4.
      expect(Number.isNaN(r.eps[0])).toBe(true);
      expect(r.eps[1]).toBeGreaterThan(0.05);
      expect(r.eps[5]).toBeGreaterThan(1e-4);
      expect(r.eps[5]).toBeLessThan(1.11e-4);
    }
  });

  it("the median over flipped images only drops the never-flipped ones (Holzhausen et al.'s figures)", () => {
    expect(medianFlipped([NaN, 0.1, 0.3, NaN, 0.2])).toBeCloseTo(0.2, 15);
    expect(medianFlipped([NaN, NaN])).toBeNull();
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initTf, tf } from "../../src/tf.js";
import { criticalPerturbation, medianFlip } from "../../src/attacks/critical.js";
import { makeAttack } from "../../src/attacks/registry.js";
import { TOL } from "../tolerances.js";
import { thresholdFixture } from "./models.js";

// A 1-D threshold classifier at t = 0.5: an image x is flipped exactly when it crosses t, so its
// critical perturbation (in any norm) is its margin |x − t| (just above it: ties stay in class 0).
const T = 0.5;
const xs = [0.3, 0.45, 0.8, 0.05, 0.62];
const margins = xs.map((v) => Math.abs(v - T));
const fx = thresholdFixture(T, xs);
beforeAll(async () => {
  await initTf();
  fx.setup();
});
afterAll(() => fx.dispose());
const ctx = fx.ctx;

describe("critical perturbation of a 1-D threshold classifier", () => {
  it.each(["fgsm", "pgd-linf", "pgd-l2", "fgm-l2"])("equals the margin by bisection (%s)", (name) => {
    const r = criticalPerturbation(makeAttack(name, name.startsWith("pgd") ? { steps: 10 } : {}), ctx(), fx.x, fx.y, { method: "bisection", max: 1, iters: 20, grid: [] });
    margins.forEach((m, i) => {
      expect(r.eps[i] - m, `image ${i}`).toBeGreaterThanOrEqual(-TOL.attackCritical.atol);
      expect(Math.abs(r.eps[i] - m), `image ${i}`).toBeLessThanOrEqual(TOL.attackCritical.atol);
      // In 1-D every norm of δ is |δ|, and the flipping δ has size ε*.
      expect(Math.abs(r.l2[i] - m), `image ${i}`).toBeLessThanOrEqual(TOL.attackCritical.atol);
    });
  });

  it("takes the first flipping grid value, and NaN when no grid value flips", () => {
    const grid = [0.31, 0.02, 0.1, 0.16, 0.21]; // unsorted on purpose
    const r = criticalPerturbation(makeAttack("fgsm"), ctx(), fx.x, fx.y, { method: "grid", max: 1, iters: 1, grid });
    const expected = margins.map((m) => [...grid].sort((a, b) => a - b).find((g) => g > m) ?? NaN);
    expect(Array.from(r.eps)).toEqual(expected);
    // 0.05 and 0.45 have margin 0.45: nothing up to 0.31 flips them.
    expect(Number.isNaN(r.eps[3])).toBe(true);
  });

  it("reports 0 for an already misclassified image and NaN beyond the search range", () => {
    const yWrong = tf.tensor1d([1, 0, 1, 0, 1], "int32"); // first image: labeled 1 but x = 0.3 → wrong
    const r = criticalPerturbation(makeAttack("fgsm"), ctx(), fx.x, yWrong, { method: "bisection", max: 0.1, iters: 12, grid: [] });
    expect(r.eps[0]).toBe(0);
    expect(r.l2[0]).toBe(0);
    expect(Number.isNaN(r.eps[3])).toBe(true); // margin 0.45 > max 0.1
    yWrong.dispose();
  });

  it("medianFlip counts unflipped images as +∞", () => {
    expect(medianFlip([0.1, 0.3, 0.2])).toBe(0.2);
    expect(medianFlip([0.1, NaN, 0.2, 0.4])).toBeCloseTo(0.3, 12);
    expect(medianFlip([0.1, NaN, NaN])).toBeNull();
    expect(medianFlip([])).toBeNull();
  });
});

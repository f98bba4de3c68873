// Table-driven over the attack registry: every attack, every ε, both kinds of budget (one ε or one per
// image) stays inside the threat model, and each does what its capability flags say.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initTf, tf } from "../../src/tf.js";
import { Rng } from "../../src/rng.js";
import { rowNorms, type AttackContext } from "../../src/attacks/base.js";
import { attackLoss } from "../../src/attacks/loss.js";
import { ATTACK_NAMES, ATTACKS, makeAttack } from "../../src/attacks/registry.js";
import { TOL } from "../tolerances.js";
import { DropoutMlp, TinyMlp, randomImages } from "./models.js";

const EPS = { linf: [0, 0.01, 0.1, 0.3, 1], l2: [0, 0.5, 1, 3, 30] };
const B = 12;
// A square number of pixels (5 × 5), so the Square attacks see an image.
const D = 25;
const C = 4;
/** Fewer iterations than the defaults where an attack has them (the invariants do not depend on it). */
const ATTACK_OPTS: Record<string, object> = {
  "pgd-linf": { steps: 8 },
  "pgd-l2": { steps: 8 },
  ...Object.fromEntries(["apgd-ce", "apgd-dlr", "apgd-t", "apgd-ce-l2", "apgd-dlr-l2", "apgd-t-l2", "fab-t", "fab-t-l2"].map((n) => [n, { iters: 10 }])),
  square: { queries: 50 },
  "square-l2": { queries: 50 },
};

let model: TinyMlp;
let stochastic: DropoutMlp;
let x: tf.Tensor2D;
let y: tf.Tensor1D;
const ctx = (m = model, seed = 1): AttackContext => ({ model: m, rng: new Rng(seed), loss: "ce", eotSamples: 4 });

beforeAll(async () => {
  await initTf();
  model = new TinyMlp(D, 16, C);
  stochastic = new DropoutMlp(D, 16, C);
  x = tf.tensor2d(randomImages(new Rng(7), B, D), [B, D]);
  y = tf.tensor1d(Int32Array.from({ length: B }, (_, i) => i % C), "int32");
});
afterAll(() => {
  tf.dispose([x, y]);
  model.dispose();
  stochastic.dispose();
});

function checkBudget(xa: tf.Tensor2D, norm: "linf" | "l2", eps: ArrayLike<number>): void {
  expect(xa.shape).toEqual([B, D]);
  const v = xa.dataSync();
  for (const p of v) {
    expect(Number.isFinite(p)).toBe(true);
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThanOrEqual(1);
  }
  const nt = tf.tidy(() => rowNorms(norm, tf.sub(xa, x)));
  const n = nt.dataSync();
  nt.dispose();
  const t = TOL.attackBudget;
  for (let i = 0; i < B; i++) expect(n[i], `row ${i}`).toBeLessThanOrEqual(eps[i] * (1 + t.rtol) + t.atol);
}

describe.each(ATTACK_NAMES)("%s", (name) => {
  const norm = ATTACKS[name].norm;
  const attack = makeAttack(name, ATTACK_OPTS[name] ?? {});

  it("declares the norm of its registry entry", () => {
    expect(attack.norm).toBe(norm);
    expect(attack.name).toBe(name);
  });

  it.each(EPS[norm])("‖x_adv − x‖ ≤ ε and x_adv ∈ [0,1] at ε = %s", (eps) => {
    for (const m of [model, stochastic]) {
      const xa = attack.attack(ctx(m), x, y, eps);
      checkBudget(xa, norm, new Array(B).fill(eps));
      if (eps === 0) expect(Array.from(xa.dataSync())).toEqual(Array.from(x.dataSync()));
      xa.dispose();
    }
  });

  it("respects one ε per image", () => {
    const eps = Array.from({ length: B }, (_, i) => (i % 3) * (norm === "linf" ? 0.15 : 1.5));
    const xa = attack.attack(ctx(), x, y, eps);
    checkBudget(xa, norm, eps);
    xa.dispose();
  });

  it("is reproducible from the seed", () => {
    const eps = norm === "linf" ? 0.1 : 1;
    const a = attack.attack(ctx(model, 9), x, y, eps);
    const b = attack.attack(ctx(model, 9), x, y, eps);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    tf.dispose([a, b]);
  });

  const { minimalNorm } = ATTACKS[name].flags as { minimalNorm?: boolean };
  const kind = minimalNorm ? "minimal-norm" : attack.gradientBased ? "loss" : "random";
  it(
    { "minimal-norm": "returns the clean image or an adversarial, and breaks images", loss: "raises the loss", random: "spends the whole budget away from the bounds" }[kind],
    () => {
      if (kind === "minimal-norm") {
        const xa = attack.attack(ctx(), x, y, norm === "linf" ? 0.3 : 3);
        const [pred, moved] = tf.tidy(() => [model.logits(xa).argMax(1), rowNorms(norm, tf.sub(xa, x))]);
        const p = pred.dataSync();
        const m = moved.dataSync();
        const yd = y.dataSync();
        const ct = tf.tidy(() => model.logits(x).argMax(1));
        const clean = ct.dataSync();
        ct.dispose();
        for (let i = 0; i < B; i++) if (m[i] > 0) expect(p[i], `row ${i} moved but is still correct`).not.toBe(yd[i]);
        // Every initially correct image is broken at this budget (images already wrong are left as they are).
        for (let i = 0; i < B; i++) expect(m[i] > 0, `row ${i}`).toBe(clean[i] === yd[i]);
        tf.dispose([xa, pred, moved]);
      } else if (kind === "loss") {
        const eps = norm === "linf" ? 0.1 : 1;
        const xa = attack.attack(ctx(), x, y, eps);
        const [l0, l1] = tf.tidy(() => [tf.sum(attackLoss(model.logits(x), y, "ce")), tf.sum(attackLoss(model.logits(xa), y, "ce"))]).map((t) => t.dataSync()[0]);
        expect(l1).toBeGreaterThan(l0 + 0.05 * Math.abs(l0));
        xa.dispose();
      } else {
        // Interior images and a small budget: clipping never bites, so ‖δ‖ = ε exactly.
        const xi = tf.fill([B, D], 0.5) as tf.Tensor2D;
        const eps = norm === "linf" ? 0.2 : 0.8;
        const xa = attack.attack(ctx(), xi, y, eps);
        const n = tf.tidy(() => rowNorms(norm, tf.sub(xa, xi))).dataSync();
        for (const v of n) expect(Math.abs(v - eps)).toBeLessThanOrEqual(eps * 1e-5);
        tf.dispose([xi, xa]);
      }
    },
  );

  it("rejects a wrong input width, a negative or non-finite ε, and a wrong ε count", () => {
    const bad = tf.zeros([2, D + 1]) as tf.Tensor2D;
    expect(() => attack.attack(ctx(), bad, tf.tensor1d([0, 1], "int32"), 0.1)).toThrow(/columns/);
    expect(() => attack.attack(ctx(), x, y, -0.1)).toThrow(/ε/);
    expect(() => attack.attack(ctx(), x, y, NaN)).toThrow(/ε/);
    expect(() => attack.attack(ctx(), x, y, [0.1, 0.2])).toThrow(/ε/);
    bad.dispose();
  });

  it("leaks no tensors", () => {
    const before = tf.memory().numTensors;
    const xa = attack.attack(ctx(), x, y, norm === "linf" ? 0.1 : 1);
    xa.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

it("PGD with restarts keeps the worst restart per image and stays in the budget", () => {
  const one = makeAttack("pgd-linf", { steps: 5, restarts: 1 });
  const many = makeAttack("pgd-linf", { steps: 5, restarts: 4 });
  const before = tf.memory().numTensors;
  const xa = many.attack(ctx(), x, y, 0.05);
  checkBudget(xa, "linf", new Array(B).fill(0.05));
  xa.dispose();
  expect(tf.memory().numTensors).toBe(before);
  expect(many.settings().restarts).toBe(4);
  const last = makeAttack("pgd-linf", { steps: 5, restarts: 3, select: "last" }).attack(ctx(), x, y, 0.05);
  checkBudget(last, "linf", new Array(B).fill(0.05));
  last.dispose();
  expect(one.settings().relStepSize).toBeCloseTo(2.5 / 5, 12);
});

describe("the L∞ projection's fast paths (issue 16)", () => {
  it("equal min(max(d, −ε), ε) bit for bit, for one ε and for one ε per image", async () => {
    const { project } = await import("../../src/attacks/base.js");
    const rng = new Rng(9);
    const [b, d] = [7, 13];
    const x = tf.tensor2d(rng.fillUniform(new Float32Array(b * d)), [b, d]);
    const xa = tf.tensor2d(rng.fillUniform(new Float32Array(b * d), -0.5, 1.5), [b, d]);
    for (const col of [new Float32Array(b).fill(0.1), Float32Array.from({ length: b }, (_, i) => [0, 0.03, 0.3][i % 3])]) {
      const eps = tf.tensor2d(col, [b, 1]);
      const want = tf.tidy(() => tf.clipByValue(tf.add(x, tf.minimum(tf.maximum(tf.sub(xa, x), tf.neg(eps)), eps)), 0, 1));
      expect(Array.from(project("linf", x, xa, eps).dataSync())).toEqual(Array.from(want.dataSync()));
      tf.dispose([eps, want]);
    }
  });
});

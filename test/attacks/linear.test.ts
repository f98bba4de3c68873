// On a linear softmax model the attacks have closed forms: FGSM is x + ε·sign(W(p − e_y)), and for two
// classes the worst case in the ε-ball is the corner (L∞) or the point ε·v/‖v‖ (L2) along v = w_other − w_y.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initTf, tf } from "../../src/tf.js";
import { Rng } from "../../src/rng.js";
import type { AttackContext } from "../../src/attacks/base.js";
import { makeAttack } from "../../src/attacks/registry.js";
import { LOSS_NAMES } from "../../src/attacks/loss.js";
import { lossGradient } from "../../src/attacks/eot.js";
import { mismatch, TOL } from "../tolerances.js";
import { LinearSoftmax } from "./models.js";

const D = 24;
const rng = new Rng(11);
const ctx = (model: LinearSoftmax, loss: "ce" | "margin" = "ce"): AttackContext => ({ model, rng: new Rng(2), loss, eotSamples: 1 });

beforeAll(() => initTf());

function clip01(v: number): number {
  return Math.min(1, Math.max(0, v));
}

describe("FGSM on a 5-class linear softmax model", () => {
  const C = 5;
  const B = 6;
  let model: LinearSoftmax;
  beforeAll(() => {
    model = new LinearSoftmax(rng.fillNormal(new Float32Array(D * C)), D, C, rng.fillNormal(new Float32Array(C), 0, 0.5));
  });
  afterAll(() => model.dispose());

  it.each([0.05, 0.3])("equals clip(x + ε·sign(W(softmax(xW + b) − e_y))) at ε = %s", (eps) => {
    const xs = rng.fillUniform(new Float32Array(B * D));
    for (let i = 0; i < xs.length; i += 5) xs[i] = i % 2;
    const ys = Int32Array.from({ length: B }, (_, i) => i % C);
    const w = model.w;
    const bias = model.b.dataSync();
    const expected = new Float64Array(B * D);
    for (let r = 0; r < B; r++) {
      const z = Array.from({ length: C }, (_, c) => bias[c] + Array.from({ length: D }, (_, d) => xs[r * D + d] * w[d * C + c]).reduce((a, b) => a + b, 0));
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const s = e.reduce((a, b) => a + b, 0);
      const p = e.map((v) => v / s);
      for (let d = 0; d < D; d++) {
        let g = 0;
        for (let c = 0; c < C; c++) g += w[d * C + c] * (p[c] - (c === ys[r] ? 1 : 0));
        expected[r * D + d] = clip01(xs[r * D + d] + eps * Math.sign(g));
      }
    }
    const x = tf.tensor2d(xs, [B, D]);
    const y = tf.tensor1d(ys, "int32");
    const xa = makeAttack("fgsm").attack(ctx(model), x, y, eps);
    expect(mismatch(xa.dataSync(), expected, TOL.f32)).toBeNull();
    tf.dispose([x, y, xa]);
  });
});

describe.each(LOSS_NAMES)("PGD on a 2-class linear model reaches the analytic worst case (loss %s)", (loss) => {
  const B = 4;
  let model: LinearSoftmax;
  let v: Float64Array; // w_1 − w_0
  let x: tf.Tensor2D;
  let y: tf.Tensor1D;
  let xs: Float32Array;
  const ys = Int32Array.from([0, 1, 0, 1]);
  beforeAll(() => {
    const w = rng.fillNormal(new Float32Array(D * 2), 0, 0.3);
    model = new LinearSoftmax(w, D, 2);
    v = Float64Array.from({ length: D }, (_, d) => w[d * 2 + 1] - w[d * 2]);
    // Interior pixels, so the L2 optimum is not clipped; one row touches the bounds for L∞.
    xs = rng.fillUniform(new Float32Array(B * D), 0.3, 0.7);
    for (let d = 0; d < D; d += 3) xs[2 * D + d] = d % 2;
    x = tf.tensor2d(xs, [B, D]);
    y = tf.tensor1d(ys, "int32");
  });
  afterAll(() => {
    model.dispose();
    tf.dispose([x, y]);
  });
  // Margin z_other − z_y at a point: the loss both CE and CW ascend monotonically.
  const margin = (row: ArrayLike<number>, label: number) => (label === 0 ? 1 : -1) * Array.from(row).reduce((a, p, d) => a + p * v[d], 0);

  it("L∞: every pixel at the clipped corner x + ε·sign(±v)", () => {
    const eps = 0.1;
    const xa = makeAttack("pgd-linf", { steps: 40 }).attack(ctx(model, loss), x, y, eps);
    const expected = Float64Array.from(xs, (p, i) => {
      const r = Math.floor(i / D);
      return clip01(p + eps * Math.sign(v[i % D]) * (ys[r] === 0 ? 1 : -1));
    });
    expect(mismatch(xa.dataSync(), expected, TOL.f32)).toBeNull();
    xa.dispose();
  });

  it("L2 from x: exactly x + ε·(±v)/‖v‖; from a random start: the optimal margin within tolerance", () => {
    const eps = 0.5;
    const nv = Math.hypot(...v);
    expect(Math.max(...v.map(Math.abs)) * eps / nv).toBeLessThan(0.3); // the optimum stays inside [0, 1]
    const rows = [0, 1, 3];
    const xi = tf.tensor2d(rows.flatMap((r) => Array.from(xs.subarray(r * D, (r + 1) * D))), [3, D]);
    const yi = tf.tensor1d(rows.map((r) => ys[r]), "int32");
    const fixed = makeAttack("pgd-l2", { steps: 40, randomStart: false }).attack(ctx(model, loss), xi, yi, eps);
    const expected = rows.flatMap((r) => Array.from({ length: D }, (_, d) => xs[r * D + d] + (eps * v[d] / nv) * (ys[r] === 0 ? 1 : -1)));
    expect(mismatch(fixed.dataSync(), expected, TOL.f32)).toBeNull();

    const random = makeAttack("pgd-l2", { steps: 40 }).attack(ctx(model, loss), xi, yi, eps);
    const ra = random.dataSync();
    rows.forEach((r, k) => {
      const best = margin(xs.subarray(r * D, (r + 1) * D), ys[r]) + eps * nv;
      const got = margin(ra.subarray(k * D, (k + 1) * D), ys[r]);
      expect(got).toBeLessThanOrEqual(best + 1e-5);
      expect(Math.abs(got - best)).toBeLessThanOrEqual(TOL.attackPgdL2Start.rtol * eps * nv);
    });
    tf.dispose([xi, yi, fixed, random]);
  });
});

describe("a confident model (input gradients ~1e-10)", () => {
  it("FGSM and PGD-L∞ still move every pixel by ε (tfjs-wasm's Sign zeroes |x| < 1.2e-7)", () => {
    const Dn = 8;
    // Logit margin 8·0.5·… ≈ 30: p_other ≈ e^-30, so every gradient entry is ~1e-13.
    const w = Float32Array.from({ length: Dn * 2 }, (_, k) => (k % 2 ? 4 : -4));
    const model = new LinearSoftmax(w, Dn, 2);
    const x = tf.tensor2d(new Float32Array(Dn).fill(0.5), [1, Dn]);
    const y = tf.tensor1d([1], "int32");
    const g = tf.tidy(() => tf.max(tf.abs(lossGradient(model, x, y, { loss: "ce", eotSamples: 1 }))));
    const gmax = g.dataSync()[0];
    expect(gmax).toBeGreaterThan(0);
    expect(gmax).toBeLessThan(1e-7);
    for (const name of ["fgsm", "pgd-linf"]) {
      const xa = makeAttack(name, name === "fgsm" ? {} : { steps: 5 }).attack(ctx(model), x, y, 0.1);
      expect(mismatch(xa.dataSync(), new Array(Dn).fill(0.4), TOL.f32), name).toBeNull();
      xa.dispose();
    }
    tf.dispose([x, y, g]);
    model.dispose();
  });
});

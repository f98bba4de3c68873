// The Square attack (Andriushchenko et al. 2020) as the reference runs it in AutoAttack: its p schedule
// and square sizes on 28×28 images, and a random search that reaches the worst case of a linear
// model without a gradient.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AttackContext } from "../../src/attacks/base.js";
import { makeAttack } from "../../src/attacks/registry.js";
import { squareEta, squareLayout, squareP, squareSide, squareSideL2 } from "../../src/attacks/square.js";
import { Rng } from "../../src/rng.js";
import { initTf, tf } from "../../src/tf.js";
import { twoClassLinear } from "./models.js";

beforeAll(() => initTf());

describe("Square's schedule (square.py p_selection, resc_schedule False as in AutoAttack)", () => {
  it("halves p_init = 0.8 after 10, 50, 200, 500, 1000, 2000 and 4000 queries within 5000", () => {
    const at = (it: number) => squareP(it, 0.8, 5000, false);
    const table: [number, number][] = [
      [0, 0.8], [10, 0.8], [11, 0.4], [50, 0.4], [51, 0.2], [200, 0.2], [201, 0.1], [500, 0.1],
      [501, 0.05], [1000, 0.05], [1001, 0.025], [2000, 0.025], [2001, 0.0125], [4000, 0.0125], [4001, 0.00625], [4999, 0.00625],
    ];
    for (const [it, p] of table) expect(at(it), `query ${it}`).toBeCloseTo(p, 15);
    // Beyond 5000 queries (other settings): 6000, 8000, then p_init/512 for good.
    expect([6001, 8001, 20000].map(at)).toEqual([0.8 / 256, 0.8 / 512, 0.8 / 512]);
  });

  it("stretches the schedule to the query budget when asked (1000 queries: halvings after 1, 5, 20, 50 … )", () => {
    expect([1, 2, 5, 6, 20, 21].map((it) => squareP(it, 0.8, 1000, true))).toEqual([0.8, 0.4, 0.4, 0.2, 0.2, 0.1]);
  });

  it("gives squares of side 25, 18, 13, 9, 6, 4, 3, 2 on 28×28 images as p halves, then 2 and 1", () => {
    // round(√(p·784)): √627.2 = 25.04, √313.6 = 17.7, √156.8 = 12.5, √78.4 = 8.85, √39.2 = 6.26, √19.6 = 4.43, √9.8 = 3.13, √4.9 = 2.21, √2.45 = 1.57, √1.225 = 1.11.
    expect(Array.from({ length: 10 }, (_, k) => squareSide(0.8 / 2 ** k, 28, 28))).toEqual([25, 18, 13, 9, 6, 4, 3, 2, 2, 1]);
    expect(squareSide(1, 28, 28)).toBe(28);
    expect(squareLayout(784)).toEqual({ c: 1, h: 28, w: 28 });
    expect(squareLayout(1000)).toEqual({ c: 1, h: 1, w: 1000 });
  });
});

describe("Square under L2 (square.py eta, eta_rectangles)", () => {
  it("uses odd sides of at least 3 on 28×28 images: 25, 19, 13, 9, 7, 5, 3, 3", () => {
    expect(Array.from({ length: 8 }, (_, k) => squareSideL2(0.8 / 2 ** k, 28, 28))).toEqual([25, 19, 13, 9, 7, 5, 3, 3]);
  });

  it("proposes a unit-norm window, a positive bump above a negative one, center-weighted; transposed on request", () => {
    // eta(5): rows 0–1 = eta_rectangles(2, 5), rows 2–4 = −eta_rectangles(3, 5). eta_rectangles(2, 5): center
    // (x_c, y_c) = (2, 3): ring 0 is the single cell (1, 2) with weight 1, ring 1 rows 0–1 × columns 1–3 with ¼
    // more, ring 2 rows 0–1 × columns 0–4 with 1/9 more.
    const e = squareEta(5, false);
    const top = [1 / 9, 1 / 9 + 1 / 4, 1 / 9 + 1 / 4, 1 / 9 + 1 / 4, 1 / 9, 1 / 9, 1 / 9 + 1 / 4, 1 + 1 / 4 + 1 / 9, 1 / 9 + 1 / 4, 1 / 9];
    const ratio = e[7] / top[7];
    for (let k = 0; k < 10; k++) expect(e[k]).toBeCloseTo(top[k] * ratio, 12);
    for (let k = 10; k < 25; k++) expect(e[k]).toBeLessThan(0);
    expect(e.reduce((a, v) => a + v * v, 0)).toBeCloseTo(1, 12);
    const t = squareEta(5, true);
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) expect(t[i * 5 + j]).toBe(e[j * 5 + i]);
  });
});

describe("Square on a linear model of 28×28 images with spatially smooth weights", () => {
  const N = 8;
  let lin: ReturnType<typeof twoClassLinear>;
  let x: tf.Tensor2D;
  let y: tf.Tensor1D;
  beforeAll(() => {
    // Square searches over squares of one sign, so it needs what natural images give it: nearby
    // pixels that push the same way. w_1 − w_0 ∝ cos(2πr/28)·cos(2πc/28) + noise.
    lin = twoClassLinear(9, 784, 4, N, "linf", (j) => Math.cos((2 * Math.PI * Math.floor(j / 28)) / 28) * Math.cos((2 * Math.PI * (j % 28)) / 28));
    x = tf.tensor2d(lin.images, [N, 784]);
    y = tf.tensor1d(lin.labels, "int32");
  });
  afterAll(() => {
    lin.model.dispose();
    tf.dispose([x, y]);
  });
  const ctx = (seed = 3): AttackContext => ({ model: lin.model, rng: new Rng(seed), loss: "ce", eotSamples: 1 });

  it("breaks every image at 1.5·ε* without a gradient, and none below ε*", () => {
    for (const [scale, broken] of [[1.5, true], [0.999, false]] as const) {
      const xa = makeAttack("square", { queries: 2000 }).attack(ctx(), x, y, Array.from(lin.epsStar, (e) => e * scale));
      const p = tf.tidy(() => lin.model.logits(xa).argMax(1));
      const pd = p.dataSync();
      for (let i = 0; i < N; i++) expect(pd[i] !== lin.labels[i], `image ${i} at ε*·${scale}`).toBe(broken);
      tf.dispose([xa, p]);
    }
  });

  it("stops on an image once it is broken: a larger query budget leaves those images as they were", () => {
    const eps = Array.from(lin.epsStar, (e) => e * 1.5);
    const a = makeAttack("square", { queries: 300 }).attack(ctx(5), x, y, eps);
    const b = makeAttack("square", { queries: 2000 }).attack(ctx(5), x, y, eps);
    const [pa, pb] = tf.tidy(() => [lin.model.logits(a).argMax(1), lin.model.logits(b).argMax(1)]);
    const [ad, bd, pad, pbd] = [a.dataSync(), b.dataSync(), pa.dataSync(), pb.dataSync()];
    let early = 0;
    for (let i = 0; i < N; i++) {
      if (pad[i] === lin.labels[i]) continue;
      early++;
      expect(Array.from(bd.subarray(i * 784, (i + 1) * 784)), `image ${i}`).toEqual(Array.from(ad.subarray(i * 784, (i + 1) * 784)));
    }
    // Some images need more than 300 queries, some fewer, so both branches are exercised.
    expect(early).toBeGreaterThan(0);
    expect(Array.from(pbd).filter((p, i) => p !== lin.labels[i]).length).toBeGreaterThan(early);
    tf.dispose([a, b, pa, pb]);
  });
});

describe("Square-L2 on a linear model of 28×28 images with smooth weights", () => {
  it("breaks every image at 2·ε* (ε* = margin/‖w‖₂) without a gradient, and none below ε*", () => {
    const N = 6;
    const lin = twoClassLinear(9, 784, 4, N, "l2", (j) => Math.cos((2 * Math.PI * Math.floor(j / 28)) / 28) * Math.cos((2 * Math.PI * (j % 28)) / 28));
    const x = tf.tensor2d(lin.images, [N, 784]);
    const y = tf.tensor1d(lin.labels, "int32");
    for (const [scale, broken] of [[2, true], [0.999, false]] as const) {
      const xa = makeAttack("square-l2", { queries: 500 }).attack({ model: lin.model, rng: new Rng(3), loss: "ce", eotSamples: 1 }, x, y, Array.from(lin.epsStar, (e) => e * scale));
      const p = tf.tidy(() => lin.model.logits(xa).argMax(1));
      const pd = p.dataSync();
      for (let i = 0; i < N; i++) expect(pd[i] !== lin.labels[i], `image ${i} at ε*·${scale}`).toBe(broken);
      tf.dispose([xa, p]);
    }
    lin.model.dispose();
    tf.dispose([x, y]);
  });
});

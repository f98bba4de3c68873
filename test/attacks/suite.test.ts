// Suites (AutoAttack's cascade, Croce & Hein 2020): each part runs only on the images every earlier
// part left correct; the report gives the accuracy after each part and each image's worst case; a
// stochastic model gets the randomized version with its EOT samples; a model whose gradients are
// masked by a hard threshold is flagged because Square breaks what the gradient parts could not.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AttackEvalInput } from "../../src/attacks/config.js";
import { evaluateRobustness, type AttackData } from "../../src/attacks/evaluate.js";
import { runJob, type JobEnv } from "../../src/attacks/jobs.js";
import { parseAttackConfig } from "../../src/attacks/config.js";
import { Mlp } from "../../src/kinds/mlp/model.js";
import { noiseConfig } from "../../src/models/noise.js";
import { Rng } from "../../src/rng.js";
import { initTf, tf } from "../../src/tf.js";
import { RowCounter, ThresholdedLinear, TinyMlp, randomImages, twoClassLinear } from "./models.js";

beforeAll(() => initTf());

/** Labels = the model's own predictions on random images, so every image starts correct. */
function ownLabels(model: { logits(x: tf.Tensor2D): tf.Tensor2D }, images: Float32Array, n: number, d: number): Int32Array {
  const p = tf.tidy(() => model.logits(tf.tensor2d(images, [n, d])).argMax(1));
  const out = Int32Array.from(p.dataSync());
  p.dispose();
  return out;
}

describe("a suite runs each part only on the images still correct", () => {
  it("APGD-DLR sees exactly the images APGD-CE left correct (rows of every forward pass)", async () => {
    const D = 16;
    const N = 30;
    const inner = new TinyMlp(D, 12, 4, 21);
    const model = new RowCounter(inner);
    const images = randomImages(new Rng(8), N, D);
    const labels = ownLabels(inner, images, N, D);
    labels[3] = (labels[3] + 1) % 4; // one image wrong from the start: no part may attack it
    const cfg = parseAttackConfig({ images: N, "autoattack-rand": { parts: ["apgd-ce", "apgd-dlr"] }, "apgd-ce": { iters: 3 }, "apgd-dlr": { iters: 3 } });
    const env: JobEnv = { model, cfg, images, labels, dim: D };
    const clean = Array.from({ length: N }, (_, i) => (i === 3 ? 0 : 1));
    const r = await runJob(env, { kind: "suite", suite: "autoattack-rand", eps: 0.08, s: 0, e: N, clean });
    if (r.kind !== "suite") throw new Error("not a suite result");
    const b0 = N - 1;
    const b1 = Array.from(r.brokenBy).filter((b) => b === -1 || b === 1).length;
    expect(r.brokenBy[3]).toBe(-2);
    expect(r.parts.map((p) => p.attacked)).toEqual([b0, b1]);
    expect(b1).toBeGreaterThan(0);
    expect(b1).toBeLessThan(b0);
    // Each APGD part: the start point and 3 iterations (one gradient pass each), then the scoring pass.
    expect(model.rows).toEqual([...new Array(5).fill(b0), ...new Array(5).fill(b1)]);
    // Worst case: an image broken by either part is 0 after it; the cumulative rows never rise.
    expect(Array.from(r.correct)).toEqual(Array.from(r.brokenBy, (b) => (b === -1 ? 1 : 0)));
    expect(Array.from(r.parts[0].correct)).toEqual(Array.from(r.brokenBy, (b) => (b === -1 || b === 1 ? 1 : 0)));
    inner.dispose();
  });
});

describe("the AutoAttack suites in a report", () => {
  const D = 784;
  const N = 24;
  const small: AttackEvalInput = {
    images: N,
    batch: 12,
    attacks: ["pgd-linf", "autoattack"],
    eps: { linf: [0, 0.05, 0.2] },
    "pgd-linf": { steps: 10 },
    "apgd-ce": { iters: 10 },
    "apgd-t": { iters: 10, targets: 3 },
    "fab-t": { iters: 10, targets: 3 },
    square: { queries: 200 },
    critical: { enabled: false },
    sanity: { eps1Images: 8 },
  };

  it("gives the accuracy after each part, each image's worst case, and the worst case over every attack at each ε", async () => {
    const lin = twoClassLinear(4, D, 5, N);
    const data: AttackData = { images: lin.images, labels: lin.labels, n: N, dim: D };
    const rep = await evaluateRobustness(lin.model, data, small);
    lin.model.dispose();
    const aa = rep.results.filter((r) => r.attack === "autoattack");
    expect(aa.map((r) => r.eps)).toEqual([0, 0.05, 0.2]);
    for (const r of aa) {
      expect(r.parts!.map((p) => p.attack)).toEqual(["apgd-ce", "apgd-t", "fab-t", "square"]);
      const acc = r.parts!.map((p) => p.accuracy);
      for (let k = 1; k < acc.length; k++) expect(acc[k]).toBeLessThanOrEqual(acc[k - 1]);
      expect(acc.at(-1)).toBe(r.accuracy);
      expect(r.brokenBy!.filter((b) => b === null).length / N).toBe(r.accuracy);
      // Each part attacks what the earlier ones left: the first all correct images, the next its survivors.
      expect(r.parts![0].attacked).toBe(r.eps === 0 ? 0 : rep.initiallyCorrect);
      for (let k = 1; k < 4; k++) expect(r.parts![k].attacked).toBe(r.eps === 0 ? 0 : r.parts![k - 1].attacked - r.parts![k - 1].broken);
      for (const [k, p] of r.parts!.entries()) expect(r.brokenBy!.filter((b) => b === p.attack).length, p.attack).toBe(p.broken);
    }
    expect(aa[0].accuracy).toBe(rep.cleanAccuracy);
    // On a linear model APGD-CE alone reaches the worst case: nothing is left for the later parts.
    expect(aa[2].parts![0].broken).toBe(rep.initiallyCorrect);
    const wc = rep.worstCase.find((w) => w.eps === 0.05)!;
    expect(wc.attacks).toEqual(["pgd-linf", "autoattack"]);
    expect(wc.accuracy).toBeLessThanOrEqual(Math.min(...rep.results.filter((r) => r.eps === 0.05).map((r) => r.accuracy)));
    const masking = rep.sanity.checks.filter((c) => c.masking);
    expect(masking.map((c) => [c.name, c.passed])).toEqual([["monotone-in-eps", true], ["linf-eps1-near-zero", true], ["gradient-free-finds-more", true], ["apgd-le-pgd", true]]);
  });

  it("flags a model whose gradients a hard threshold masks: Square breaks what APGD and FAB could not", async () => {
    // Pixels 0.09–0.099 from the threshold ½: a move of ±ε = 0.1 towards it crosses, the random start's
    // U(−ε, ε) rarely does. Weights smooth over the image, as Square's squares need.
    const lin = twoClassLinear(6, D, 5, N, "linf", (j) => Math.cos((2 * Math.PI * Math.floor(j / 28)) / 28) * Math.cos((2 * Math.PI * (j % 28)) / 28));
    const w = (lin.model as unknown as { w: Float32Array }).w;
    const masked = new ThresholdedLinear(w, D, 5, Float32Array.from([0, 0, -100, -100, -100]));
    const rng = new Rng(12);
    const images = Float32Array.from({ length: N * D }, () => 0.5 + (rng.uniform() < 0.5 ? -1 : 1) * (0.09 + 0.009 * rng.uniform()));
    const labels = ownLabels(masked, images, N, D);
    const rep = await evaluateRobustness(masked, { images, labels, n: N, dim: D }, { ...small, eps: { linf: [0.1] }, square: { queries: 1000 } });
    lin.model.dispose();
    masked.dispose();
    const aa = rep.results.find((r) => r.attack === "autoattack")!;
    const [ce, t, fab, sq] = aa.parts!;
    expect(fab.accuracy).toBeGreaterThan(0.5);
    expect(sq.broken).toBeGreaterThan(0);
    const flag = rep.sanity.checks.find((c) => c.name === "gradient-free-finds-more")!;
    expect(flag.passed).toBe(false);
    expect(flag.violations[0]).toMatchObject({ attack: "autoattack", part: "square", eps: 0.1 });
    expect(rep.sanity.checks.find((c) => c.name === "gradients-usable")!.passed).toBe(false);
    expect([ce.attack, t.attack]).toEqual(["apgd-ce", "apgd-t"]);
  });
});

describe("a stochastic model", () => {
  let noisy: Mlp;
  afterAll(() => noisy?.dispose());

  it("gets AutoAttack's randomized version, with the EOT samples of its gradients reported", async () => {
    const D = 20;
    const N = 16;
    noisy = new Mlp({ inputDim: D, hidden: [16], classes: 4, activation: "relu", noise: noiseConfig({ kind: "poisson" }), seed: 3 });
    const images = randomImages(new Rng(5), N, D);
    const labels = ownLabels({ logits: (x) => noisy.logits(x, { noiseRng: new Rng(1) }) }, images, N, D);
    const rep = await evaluateRobustness(
      noisy,
      { images, labels, n: N, dim: D },
      { images: N, attacks: ["autoattack"], eps: { linf: [0.1] }, eotSamples: 3, "apgd-ce": { iters: 4 }, "apgd-dlr": { iters: 4 }, "autoattack-rand": { eotSamples: 5 }, critical: { enabled: false }, sanity: { eps1Images: 4 } },
    );
    const [r] = rep.results;
    expect(r).toMatchObject({ attack: "autoattack-rand", requested: "autoattack", settings: { parts: "apgd-ce,apgd-dlr", eotSamples: 5 } });
    expect(r.parts!.map((p) => [p.attack, p.settings.eotSamples])).toEqual([["apgd-ce", 5], ["apgd-dlr", 5]]);
    expect(rep.eotSamples).toBe(3);
    // Expected accuracies over 3 noise samples per image.
    expect(Math.abs(r.accuracy * N * 3 - Math.round(r.accuracy * N * 3))).toBeLessThan(1e-4);
  });
});

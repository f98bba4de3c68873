import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initTf, tf } from "../../src/tf.js";
import { activeDense } from "../../src/wasm/dense.js";
import { Rng } from "../../src/rng.js";
import { parseAttackConfig, type AttackEvalInput } from "../../src/attacks/config.js";
import { evaluateRobustness, sanitySlack, type AttackData } from "../../src/attacks/evaluate.js";
import type { ProgressEvent } from "../../src/progress.js";
import { DropoutMlp, LinearSoftmax, RoundingLinear } from "./models.js";

// Two classes in D = 16: class 0 around 0.4, class 1 around 0.6, separated by a linear model along
// v = 1 with threshold 0.5·D. Without clipping the L∞ critical ε of image i is |Σx − 8| / ‖v‖₁.
const D = 16;
const N = 60;
function blobs(seed: number): AttackData {
  const r = new Rng(seed);
  const images = new Float32Array(N * D);
  const labels = new Uint8Array(N);
  for (let i = 0; i < N; i++) {
    labels[i] = i % 2;
    for (let d = 0; d < D; d++) images[i * D + d] = Math.min(1, Math.max(0, (labels[i] ? 0.6 : 0.4) + 0.08 * r.normal()));
  }
  return { images, labels, n: N, dim: D, source: "blobs" };
}
const wLinear = () => Float32Array.from({ length: D * 2 }, (_, k) => (k % 2 ? 0.5 : -0.5));
const bLinear = () => Float32Array.from([4, -4]); // z1 − z0 = Σx − 8
const small = {
  images: 48,
  batch: 20,
  attacks: ["fgsm", "pgd-linf", "noise-linf", "fgm-l2", "pgd-l2", "noise-l2"] as AttackEvalInput["attacks"] & string[],
  eps: { linf: [0, 0.02, 0.05, 0.1, 0.2], l2: [0.1, 0.3, 0.6] },
  "pgd-linf": { steps: 40 },
  "pgd-l2": { steps: 40 },
  critical: { iters: 12, images: 30 },
  sanity: { eps1Images: 20 },
} satisfies AttackEvalInput;

let data: AttackData;
beforeAll(async () => {
  await initTf();
  data = blobs(1);
});

describe("evaluateRobustness", () => {
  let model: LinearSoftmax;
  beforeAll(() => {
    model = new LinearSoftmax(wLinear(), D, 2, bLinear());
  });
  afterAll(() => model.dispose());

  it("produces the attack × ε table, relative accuracy, critical perturbations and passing sanity checks", async () => {
    const events: ProgressEvent[] = [];
    const before = tf.memory().numTensors;
    const rep = await evaluateRobustness(model, data, small, { onProgress: (e) => events.push(e) });
    expect(tf.memory().numTensors).toBe(before);
    expect(rep.data.images).toBe(48);
    // initTf starts the dense engine: its kernel build (not just "wasm") is what fixes the numbers.
    expect(rep.kernels).toBe(activeDense()?.pool.wasm.build);
    expect(["simd", "scalar", "threads", "relaxed"]).toContain(rep.kernels);
    expect(rep.results.map((r) => `${r.attack}@${r.eps}`)).toEqual([
      ...["fgsm", "pgd-linf", "noise-linf"].flatMap((a) => small.eps.linf.map((e) => `${a}@${e}`)),
      ...["fgm-l2", "pgd-l2", "noise-l2"].flatMap((a) => small.eps.l2.map((e) => `${a}@${e}`)),
    ]);
    for (const r of rep.results.filter((r) => r.eps === 0)) expect(r.accuracy).toBe(rep.cleanAccuracy);
    const correct = rep.initiallyCorrect;
    for (const r of rep.results) {
      expect(r.relativeAccuracy).toBeCloseTo((r.accuracy * rep.data.images) / correct, 6); // deterministic: only correct images can stay correct
      expect(r.images).toBe(48);
    }
    const pgd = rep.results.find((r) => r.attack === "pgd-linf" && r.eps === 0.1)!;
    expect(pgd.settings).toMatchObject({ steps: 40, restarts: 1, randomStart: true, loss: "ce", eotSamples: 1 });
    expect(pgd.settings.stepSize).toBeCloseTo(0.1 * 2.5 / 40, 9);
    expect(rep.results.find((r) => r.attack === "pgd-linf" && r.eps === 0.2)!.accuracy).toBe(0);
    expect(rep.sanity.checks.filter((c) => !c.passed)).toEqual([]);

    // Critical ε of the linear model: |Σx − 8| / 16 for each initially correct image (pixels stay inside [0, 1]).
    const c = rep.critical!;
    const analytic: number[] = [];
    for (let i = 0; i < 48 && analytic.length < 30; i++) {
      const s = Array.from(data.images.subarray(i * D, (i + 1) * D)).reduce((a, b) => a + b, 0);
      if ((s > 8 ? 1 : 0) === data.labels[i]) analytic.push(Math.abs(s - 8) / D);
    }
    expect(c.images).toBe(analytic.length);
    expect(c.flipped).toBe(analytic.length);
    c.eps.forEach((e, k) => expect(Math.abs(e! - analytic[k])).toBeLessThanOrEqual(1 / 2 ** 12 + 1e-5));
    // The L2 norm of an L∞ corner perturbation of size ε in D dims is ε·√D.
    c.l2.forEach((l, k) => expect(l!).toBeCloseTo(c.eps[k]! * Math.sqrt(D), 3));
    expect(stages(events)).toEqual(["attack:clean", ...small.attacks.map((a) => `attack:${a}`), "attack:sanity-eps1", "attack:critical"]);
  });

  it("is reproducible from the seed", async () => {
    const strip = (r: Awaited<ReturnType<typeof evaluateRobustness>>) => r.results.map(({ seconds: _s, ...rest }) => rest);
    const a = await evaluateRobustness(model, data, { ...small, critical: { enabled: false } });
    const b = await evaluateRobustness(model, data, { ...small, critical: { enabled: false } });
    expect(strip(a)).toEqual(strip(b));
  });

  it("flags a model with masked gradients instead of reporting it robust", async () => {
    const masked = new RoundingLinear(wLinear(), D, 2, bLinear());
    const rep = await evaluateRobustness(masked, data, { ...small, attacks: ["fgsm", "pgd-linf", "noise-linf"], critical: { enabled: false } });
    masked.dispose();
    expect(rep.sanity.passed).toBe(false);
    const failedNames = rep.sanity.checks.filter((c) => !c.passed).map((c) => c.name);
    expect(failedNames).toContain("gradients-usable");
    expect(failedNames).toContain("linf-eps1-near-zero");
  });

  it("attacks a stochastic model with EOT and records the samples", async () => {
    const noisy = new DropoutMlp(D, 12, 2, 0.8);
    noisy.calls = 0;
    const rep = await evaluateRobustness(noisy, data, { ...small, images: 10, attacks: ["fgsm", "noise-linf"], eotSamples: 3, critical: { enabled: false } });
    noisy.dispose();
    expect(rep.eotSamples).toBe(3);
    expect(rep.model.stochastic).toBe(true);
    expect(rep.results[0].settings.eotSamples).toBe(3);
    for (const r of rep.results) expect(Math.abs(Math.round(r.accuracy * 30) - r.accuracy * 30)).toBeLessThan(1e-3); // means over 10 images × 3 samples
    for (const r of rep.results.filter((q) => q.eps === 0)) expect(r.accuracy).toBe(rep.cleanAccuracy);
    // Sampling noise of 10 images × 3 samples widens the comparisons' slack to 3·√(¼/30).
    expect(rep.sanity.checks[1].detail).toContain(`slack ${3 * Math.sqrt(0.25 / 30)}`);
  });
});

it("sanitySlack: the floor for deterministic models, 3 standard errors of n·k samples for stochastic ones", () => {
  expect(sanitySlack(0.01, 1000, 0)).toBe(0.01);
  expect(sanitySlack(0.01, 1000, 10)).toBeCloseTo(3 * Math.sqrt(0.25 / 10000), 12);
  expect(sanitySlack(0.05, 1000, 10)).toBe(0.05);
});

describe("parseAttackConfig", () => {
  it("fills the issue's defaults", () => {
    const c = parseAttackConfig({});
    expect(c.eps.linf).toEqual([0, 0.01, 0.03, 0.05, 0.1, 0.2, 0.3]);
    expect(c.eps.l2).toEqual([0.5, 1, 2, 3]);
    for (const a of ["pgd-linf", "pgd-l2"] as const) expect(c[a]).toEqual({ steps: 40, restarts: 1, randomStart: true, select: "best", fixedStep: null, clampEachStep: true });
    expect(c.attacks).toEqual(["fgsm", "pgd-linf", "noise-linf"]);
  });
  it("names the bad field", () => {
    expect(() => parseAttackConfig({ "pgd-l2": { steps: 0 } })).toThrow(/pgd-l2\.steps/);
    expect(() => parseAttackConfig({ pgd: { steps: 3 } })).toThrow(/PGD options moved from `pgd` to each attack's own section \(`pgd-linf`, `pgd-l2`\)/);
    expect(() => parseAttackConfig({ fgsm: { steps: 3 } })).toThrow(/fgsm: .*steps/i);
    expect(() => parseAttackConfig({ attacks: ["cw"] })).toThrow(/attacks\.0/);
    expect(() => parseAttackConfig({ eps: { linf: [0.1, 2] } })).toThrow(/eps\.linf\.1/);
    expect(() => parseAttackConfig({ stepz: 3 })).toThrow(/stepz|unrecognized/i);
  });
});

function stages(ev: ProgressEvent[]): string[] {
  return ev.map((e) => e.stage).filter((s, i, a) => a.indexOf(s) === i);
}

describe("critical perturbations under several attacks (critical.also)", () => {
  it("adds the search under noise beside PGD's, leaves PGD's numbers unchanged, and noise needs larger ε", async () => {
    const model = new LinearSoftmax(wLinear(), D, 2, bLinear());
    try {
      const base = await evaluateRobustness(model, data, { ...small, attacks: ["pgd-linf"] });
      const both = await evaluateRobustness(model, data, { ...small, attacks: ["pgd-linf"], critical: { ...small.critical, also: ["noise-linf"] } });
      expect({ ...both.critical, seconds: 0 }).toEqual({ ...base.critical, seconds: 0 });
      expect(base.criticalAlso).toEqual([]);
      expect(both.criticalAlso).toHaveLength(1);
      const noise = both.criticalAlso[0];
      expect(noise.attack).toBe("noise-linf");
      expect(noise.images).toBe(base.critical!.images);
      // Random sign noise moves Σx far less than the worst case: its critical ε is larger image by image.
      for (let i = 0; i < noise.eps.length; i++) {
        const a = base.critical!.eps[i];
        const b = noise.eps[i];
        if (a !== null && b !== null) expect(b).toBeGreaterThanOrEqual(a * 0.999);
      }
      expect(noise.medianEps === null || noise.medianEps > base.critical!.medianEps!).toBe(true);
    } finally {
      model.dispose();
    }
  });
});

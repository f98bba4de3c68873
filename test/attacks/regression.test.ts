// Issue 24 (attacks own their hyperparameters) must not change a number of the attacks that existed
// before it: the fingerprints below were recorded with the code before the attack registry was
// redesigned (shared `pgd` options, ONE_STEP_OF/NOISE_OF side tables), and the redesigned code gives
// them too — same RNG labels, same defaults, same per-image results, bit for bit.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { AttackEvalInput } from "../../src/attacks/config.js";
import { evaluateRobustness, type AttackData, type AttackReport } from "../../src/attacks/evaluate.js";
import { Rng } from "../../src/rng.js";
import { initTf, tf } from "../../src/tf.js";
import { Mlp } from "../../src/kinds/mlp/model.js";
import { noiseConfig } from "../../src/models/noise.js";
import { TinyMlp, randomImages } from "./models.js";

const D = 24;
const N = 40;
let data: AttackData;
let noisyData: AttackData;
let plain: TinyMlp;
let noisy: Mlp;
beforeAll(async () => {
  await initTf();
  plain = new TinyMlp(D, 16, 4, 11);
  // Draws its noise from the stream each batch job forks, so the numbers do not depend on call order.
  noisy = new Mlp({ inputDim: D, hidden: [16], classes: 4, activation: "relu", noise: noiseConfig({ kind: "poisson" }), seed: 12 });
  const images = randomImages(new Rng(31), N, D);
  // Labels: the plain model's own predictions, so every image starts correct and the attacks have work.
  const pred = tf.tidy(() => plain.logits(tf.tensor2d(images, [N, D])).argMax(1));
  data = { images, labels: Uint8Array.from(pred.dataSync()), n: N, dim: D };
  const noisyPred = tf.tidy(() => noisy.logits(tf.tensor2d(images, [N, D]), { noiseRng: new Rng(3) }).argMax(1));
  noisyData = { ...data, labels: Uint8Array.from(noisyPred.dataSync()) };
  tf.dispose([pred, noisyPred]);
});
afterAll(() => {
  plain.dispose();
  noisy.dispose();
});

/** Every number of a report (no timings), in report order. */
function numbers(r: AttackReport): unknown {
  return {
    clean: r.cleanAccuracy,
    correct: r.initiallyCorrect,
    cells: r.results.map((c) => [c.attack, c.eps, c.accuracy, c.relativeAccuracy, c.settings]),
    critical: [r.critical, ...r.criticalAlso].map((c) => c && [c.attack, c.eps, c.l2, c.medianEps, c.medianL2, c.flipped]),
    sanity: r.sanity.checks.filter((c) => !["apgd-le-pgd", "gradient-free-finds-more"].includes(c.name)).map((c) => [c.name, c.passed, c.violations]),
  };
}

/** FNV-1a over the UTF-16 code units of a string. */
function fnv(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}

const ALL: AttackEvalInput["attacks"] = ["fgsm", "pgd-linf", "noise-linf", "fgm-l2", "pgd-l2", "noise-l2"];
const RUNS: Record<"defaults" | "options" | "stochastic", AttackEvalInput> = {
  defaults: { images: N, batch: 16, attacks: ALL, eps: { linf: [0, 0.05, 0.2], l2: [0.5, 2] }, "pgd-linf": { steps: 6 }, "pgd-l2": { steps: 6 }, critical: { images: 12, iters: 5, also: ["noise-linf"] }, sanity: { eps1Images: 10 } },
  options: {
    images: N,
    batch: 16,
    seed: 5,
    attacks: ["pgd-linf", "pgd-l2", "fgsm"],
    eps: { linf: [0.1], l2: [1] },
    "pgd-linf": { steps: 4, restarts: 2, relStepSize: 0.3, select: "last" },
    "pgd-l2": { steps: 4, restarts: 2, relStepSize: 0.3, select: "last" },
    loss: "margin",
    critical: { attack: "pgd-l2", method: "grid", images: 10 },
    sanity: { eps1Images: 10 },
  },
  stochastic: { images: 24, batch: 10, attacks: ["fgsm", "pgd-linf", "noise-linf"], eps: { linf: [0, 0.1] }, "pgd-linf": { steps: 3 }, eotSamples: 3, critical: { images: 8, iters: 3 }, sanity: { eps1Images: 8 } },
} as const;

it.each(Object.keys(RUNS) as (keyof typeof RUNS)[])("the pre-existing attacks give the recorded numbers (%s)", async (run) => {
  const model = run === "stochastic" ? noisy : plain;
  const rep = await evaluateRobustness(model, run === "stochastic" ? noisyData : data, RUNS[run]);
  const json = JSON.stringify(numbers(rep));
  expect({ fingerprint: fnv(json), clean: rep.cleanAccuracy, first: rep.results.map((r) => r.accuracy).slice(0, 4) }).toEqual(RECORDED[run]);
});

const RECORDED: Record<keyof typeof RUNS, unknown> = {
  defaults: { fingerprint: "887b75ec", clean: 1, first: [1, 0.75, 0.325, 1] },
  options: { fingerprint: "ff626f56", clean: 1, first: [0.6, 0.075, 0.55] },
  stochastic: { fingerprint: "56f79ff7", clean: 0.416666679084301, first: [0.416666679084301, 0.4027777885397275, 0.416666679084301, 0.3611111206312974] },
};

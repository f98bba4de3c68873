// Issue 25: the study's ETA counts the attack phase, from the attacks' own cost model, EOT included.
import { describe, expect, it } from "vitest";
import type { AnyAttackEntry } from "../../../src/attacks/entry.js";
import { ATTACK_ENTRIES } from "../../../src/attacks/registry.js";
import { kindPresets } from "../../../src/runner/presets.js";
import { parseStudy } from "../../../src/runner/study/config.js";
import { attackCost, attackStages, costDone, etaSeconds, jobStages, stochasticModel, totalCost } from "../../../src/runner/study/cost.js";
import { readStudyPreset } from "../../../src/runner/study/studyPresetsNode.js";
import { planStudy } from "../../../src/runner/study/plan.js";

/** The quick default study (--seeds 2 --epochs 5), as the issue timed it. */
const quick = async () => Object.fromEntries((await planStudy(parseStudy({ ...readStudyPreset(), seeds: [1], epochs: 5 }), kindPresets)).map((j) => [j.arm, j.config]));

describe("the cost model of a job", () => {
  it("asks each attack for its passes per image (PGD: steps + 1, FGSM 2, noise 1)", async () => {
    const cfg = (await quick()).mlp.attack!;
    for (const e of ATTACK_ENTRIES) expect(attackCost(e.name, cfg), e.name).toBe((e as AnyAttackEntry).cost((cfg as unknown as Record<string, never>)[e.name], 10));
    expect(attackCost("pgd-linf", cfg)).toBe(41);
    expect(attackCost("fgsm", cfg)).toBe(2);
    // A suite: the sum of its parts (an upper bound: later parts see only the images still correct).
    expect(attackCost("autoattack", cfg)).toBe(["apgd-ce", "apgd-t", "fab-t", "square"].reduce((a, p) => a + attackCost(p, cfg), 0));
  });

  it("lists the attack stages in the order the evaluation runs them, ε = 0 free, EOT samples multiplying every pass", async () => {
    const { mlp, stochastic } = await quick();
    expect(stochasticModel(mlp)).toBe(false);
    expect(stochasticModel(stochastic)).toBe(true);
    const a = attackStages(mlp.attack!, { stochastic: false, testImages: 2000 });
    expect(a.map((s) => s.stage)).toEqual(["attack:clean", "attack:fgsm", "attack:pgd-linf", "attack:autoattack", "attack:pgd-l2", "attack:noise-linf", "attack:sanity-eps1", "attack:critical", "attack:critical-noise-linf"]);
    // AutoAttack at its own grid (ε 0.05, 0.1), every part counted on every image.
    expect(a.find((s) => s.stage === "attack:autoattack")!.passes).toBe(2 * 200 * attackCost("autoattack", mlp.attack!));
    // 200 images; L∞ ε 0.05/0.1/0.2 (0 costs nothing), L2 ε 1/2; criticals on ≤ 50 images with 2 + 10 probes.
    expect(a.find((s) => s.stage === "attack:pgd-linf")!.passes).toBe(3 * 200 * 41);
    expect(a.find((s) => s.stage === "attack:pgd-l2")!.passes).toBe(2 * 200 * 41);
    expect(a.find((s) => s.stage === "attack:critical")!.passes).toBe(50 * 12 * 41);
    const eot = attackStages(stochastic.attack!, { stochastic: true, testImages: 2000 });
    eot.forEach((s, i) => expect(s.passes).toBe(8 * a[i].passes));
  });

  it("the stochastic arm of the quick study spends most of its time attacking: 5 epochs of training are a tenth of it", async () => {
    const { kh, mlp, stochastic } = await quick();
    const st = jobStages(stochastic);
    const train = st.find((s) => s.stage === "mlp")!.passes;
    expect(train / totalCost(st)).toBeLessThan(0.15);
    // Its attack phase is 8 × the plain MLP's (same net, 8 EOT samples).
    const attack = (c: typeof mlp) => totalCost(jobStages(c).filter((s) => s.stage.startsWith("attack:")));
    expect(attack(stochastic) / attack(mlp)).toBeCloseTo(8, 9);
    // The KH arm of the quick study: its local learning and readout come before its attacks.
    expect(jobStages(kh).map((s) => s.stage).slice(0, 3)).toEqual(["kh", "readout", "metrics"]);
  });

  it("progress maps onto cost in stage order, within a stage by epoch and units, never backwards", async () => {
    const { stochastic } = await quick();
    const st = jobStages(stochastic);
    const total = totalCost(st);
    const trained = costDone(st, { stage: "mlp", done: 8000, total: 8000, unit: "images", epoch: 5, epochs: 5 });
    expect(trained).toBeCloseTo(st[0].passes, 6);
    const half = costDone(st, { stage: "mlp", done: 4000, total: 8000, unit: "images", epoch: 3, epochs: 5 });
    expect(half / st[0].passes).toBeCloseTo(0.5, 9);
    const pgdStart = st.slice(0, st.findIndex((s) => s.stage === "attack:pgd-linf")).reduce((s, x) => s + x.passes, 0);
    expect(costDone(st, { stage: "attack:pgd-linf", done: 0, total: 800, unit: "images" })).toBeCloseTo(pgdStart, 6);
    expect(costDone(st, { stage: "attack:critical-noise-linf", done: 50, total: 50, unit: "images" })).toBeCloseTo(total, 6);
    expect(costDone(st, { stage: "features", done: 1, total: 2, unit: "images" }, trained)).toBe(trained);
    expect(costDone(st, { stage: "mlp", done: 1, total: 8000, unit: "images", epoch: 1, epochs: 5 }, trained)).toBe(trained);
  });
});

describe("the cost model of an analysis", () => {
  it("dapello-2021: one geometry unit per MFTMA (45, 80 and 60 as the runs count them), most of each job, the exemplar ones dearest", async () => {
    const jobs = Object.fromEntries((await planStudy(parseStudy(readStudyPreset("dapello-2021")), kindPresets)).map((j) => [j.arm, j.config]));
    const geometry = (arm: string) => jobStages(jobs[arm]).find((s) => s.stage === "geometry")!;
    // 3 conditions (class clean and attacked, exemplar attacked; a stochastic model adds noise draws) ×
    // representations (pixels, [vone,] h1, logits) × 5 MFTMA seeds.
    expect(geometry("mlp").units).toHaveLength(3 * 3 * 5);
    expect(geometry("vone-gaussian").units).toHaveLength(4 * 4 * 5);
    expect(geometry("vone-deterministic").units).toHaveLength(3 * 4 * 5);
    const st = jobStages(jobs.mlp);
    expect(geometry("mlp").passes / totalCost(st)).toBeGreaterThan(0.5);
    // The 30 class analyses are two thirds of the count but a small part of the cost.
    const before = st.slice(0, st.findIndex((s) => s.stage === "geometry")).reduce((a, s) => a + s.passes, 0);
    const atExemplars = costDone(st, { stage: "geometry", done: 30, total: 45, unit: "analyses" }) - before;
    expect(atExemplars / geometry("mlp").passes).toBeLessThan(0.25);
    // Without geometry (the default study) there is no such stage.
    expect(Object.values(await quick()).flatMap((c) => jobStages(c).map((s) => s.stage))).not.toContain("geometry");
  });
});

describe("the study's ETA", () => {
  it("is the study's rate so far, but never below what a running job needs at its own rate", () => {
    expect(etaSeconds({ elapsed: 10, done: 0.5, total: 100, running: [] })).toBeNull();
    expect(etaSeconds({ elapsed: 100, done: 50, total: 100, running: [] })).toBeCloseTo(100, 9);
    expect(etaSeconds({ elapsed: 100, done: 50, total: 100, running: [{ elapsed: 100, done: 10, total: 60 }] })).toBeCloseTo(500, 9);
  });

  it("the quick study's last job, trained and about to be attacked under EOT, is far from done (it used to say 0 s)", async () => {
    const jobs = await quick();
    const plans = Object.values(jobs).map((c) => jobStages(c));
    const total = plans.reduce((s, p) => s + totalCost(p), 0);
    const st = jobStages(jobs.stochastic);
    const own = costDone(st, { stage: "mlp", done: 8000, total: 8000, unit: "images", epoch: 5, epochs: 5 });
    // Every other job ended; the stochastic one has trained for 60 s and now attacks.
    const done = total - totalCost(st) + own;
    const eta = etaSeconds({ elapsed: 600, done, total, running: [{ elapsed: 60, done: own, total: totalCost(st) }] })!;
    // At least six times its training time still to go: the attack phase is ~88 % of the job.
    expect(eta).toBeGreaterThan(6 * 60);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { initTf } from "../../src/tf.js";
import { Rng } from "../../src/rng.js";
import { attackConfigFromFlags, attackFlags } from "../../src/cli/attack.js";
import { ATTACK_ENTRIES } from "../../src/attacks/registry.js";
import { SUITE_ENTRIES } from "../../src/attacks/suites.js";
import { evaluateRobustness, type AttackReport } from "../../src/attacks/evaluate.js";
import { accuracyPlots, criticalCurve, criticalPlot, robustnessTable } from "../../src/attacks/report.js";
import { TinyMlp, randomImages } from "./models.js";

let rep: AttackReport;
beforeAll(async () => {
  await initTf();
  const model = new TinyMlp(12, 8, 3);
  const n = 30;
  const images = randomImages(new Rng(2), n, 12);
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 3);
  rep = await evaluateRobustness(model, { images, labels, n, dim: 12 }, { attacks: ["fgsm", "pgd-linf", "pgd-l2"], "pgd-linf": { steps: 5 }, "pgd-l2": { steps: 5 }, critical: { enabled: false }, sanity: { eps1Images: 10 } });
  model.dispose();
});

describe("attack report", () => {
  it("tabulates every attack × ε with plain and relative accuracy, and lists each sanity check", () => {
    const t = robustnessTable(rep);
    expect(t).toMatch(/L∞ ε\s+0\s+0\.01\s+0\.03\s+0\.05\s+0\.1\s+0\.2\s+0\.3/);
    expect(t).toMatch(/L2 ε\s+0\.5\s+1\s+2\s+3/);
    expect(t).toMatch(/^fgsm\s+\d/m);
    expect(t).toMatch(/^pgd-l2\s+\d/m);
    for (const c of rep.sanity.checks) expect(t).toContain(c.name);
  });

  it("draws one accuracy-vs-ε SVG per norm with a curve per attack", async () => {
    const plots = await accuracyPlots(rep);
    expect(plots.map(([n]) => n)).toEqual(["linf", "l2"]);
    for (const [, svg] of plots) expect(svg.startsWith("<svg")).toBe(true);
    expect(plots[0][1]).toContain("pgd-linf");
    expect(plots[0][1]).not.toContain("pgd-l2");
  });

  it("the critical-perturbation curve steps down by 1/images at each image's critical ε (ties together), flat to the range's end", async () => {
    // 5 images: flipped at 0.1, 0.1, 0.3; two not flipped within max 0.5.
    const c = criticalCurve({ eps: [0.3, null, 0.1, null, 0.1], images: 5, max: 0.5 });
    expect(c.x).toEqual([0, 0.1, 0.1, 0.3, 0.3, 0.5]);
    expect(c.y).toEqual([1, 1, 0.6, 0.6, 0.4, 0.4]);
    expect(await criticalPlot(rep)).toBeNull(); // this report ran no critical search
    const svg = await criticalPlot({ ...rep, critical: { attack: "pgd-linf", norm: "linf", method: "bisection", max: 1, iters: 10, images: 5, flipped: 3, medianEps: 0.3, medianL2: 1, eps: [0.3, null, 0.1, null, 0.1], l2: [], seconds: 0 }, criticalAlso: [] });
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain("median ε 0.300");
  });
});

describe("hebblab attack flags", () => {
  it("map onto the attack config, flags overriding defaults", async () => {
    const c = await attackConfigFromFlags({ pgdLinfSteps: 7, epsLinf: [0, 0.1], attacks: ["pgd-linf"], critical: false, pgdLinfRandomStart: true, pgdL2RandomStart: false, eot: 12, pgdLinfSelect: "last" });
    expect(c["pgd-linf"]).toMatchObject({ steps: 7, randomStart: true, select: "last" });
    expect(c["pgd-l2"]).toMatchObject({ steps: 40, randomStart: false, select: "best" });
    expect(c.eps.linf).toEqual([0, 0.1]);
    expect(c.eps.l2).toEqual([0.5, 1, 2, 3]);
    expect(c.critical.enabled).toBe(false);
    expect(c.eotSamples).toBe(12);
  });
  it("exist for every option of every attack and suite, derived from the registries (help = the option's doc and default)", async () => {
    const flags = attackFlags();
    const byKey = new Map(flags.map((f) => [f.key, f]));
    expect(byKey.get("apgdCeIters")).toMatchObject({ path: "apgd-ce.iters", option: "--apgd-ce-iters <value>" });
    expect(byKey.get("apgdCeIters")!.help).toMatch(/autopgd_base\.py n_iter = 100.*\[default 100\]/);
    expect(byKey.get("autoattackEps")).toMatchObject({ path: "autoattack.eps", option: "--autoattack-eps <list>" });
    expect(byKey.get("pgdL2RandomStart")).toMatchObject({ negated: true, option: "--no-pgd-l2-random-start" });
    const c = await attackConfigFromFlags({ attacks: ["autoattack"], apgdCeIters: 3, apgdTTargets: 2, squareQueries: 10, autoattackEps: [0.1], autoattackRandEotSamples: 5 });
    expect(c["apgd-ce"].iters).toBe(3);
    expect(c["apgd-t"].targets).toBe(2);
    expect(c.square.queries).toBe(10);
    expect(c.autoattack.eps).toEqual([0.1]);
    expect(c["autoattack-rand"].eotSamples).toBe(5);
    // Every option of every section has its flag.
    for (const section of [...ATTACK_ENTRIES, ...SUITE_ENTRIES])
      for (const key of Object.keys(section.schema.shape)) expect(flags.some((f) => f.path === `${section.name}.${key}`), `${section.name}.${key}`).toBe(true);
  });

  it("name the bad field", async () => {
    await expect(attackConfigFromFlags({ pgdLinfSteps: 0 })).rejects.toThrow(/pgd-linf\.steps/);
    await expect(attackConfigFromFlags({ attacks: ["nope"] })).rejects.toThrow(/attacks/);
    await expect(attackConfigFromFlags({ autoattackParts: ["apgd-ce", "pgd-l2"] })).rejects.toThrow(/autoattack\.parts: every part must be an attack of the suite's norm \(linf\)/);
  });
});

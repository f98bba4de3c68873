import { describe, expect, it } from "vitest";
import { autoattackBreakdown, autoattackFindings, reportMarkdown, summaryTable, type JobResults, type StudyData } from "../../src/report/study.js";

/** One job's results as a study job writes them, with only what the report reads. */
function job(arm: string, pgd: number, parts: [string, number][], maskingFailed: string[] = []): JobResults {
  const check = (name: string, masking: boolean) => ({ name, passed: !maskingFailed.includes(name), masking, detail: `${name} detail` });
  return {
    job: { arm, seed: 1, id: `${arm}-seed1` },
    configHash: "0123456789abcdef",
    seed: 1,
    config: { model: arm === "kh" ? "kh" : "mlp" },
    backend: { kernels: "wasm-simd", tfjs: "wasm", threads: 1 },
    versions: {},
    metrics: { testAccuracy: 0.97 },
    timings: { totalSeconds: 1 },
    attack: {
      results: [
        { attack: "pgd-linf", eps: 0.1, accuracy: pgd },
        { attack: "autoattack", eps: 0.1, accuracy: parts.at(-1)![1], parts: parts.map(([attack, accuracy]) => ({ attack, accuracy })) },
      ],
      critical: null,
      sanity: {
        passed: maskingFailed.length === 0,
        checks: [check("pgd-le-one-step", false), check("monotone-in-eps", true), check("gradient-free-finds-more", true), check("apgd-le-pgd", true)],
      },
      eotSamples: 8,
      data: { images: 100 },
      config: { "pgd-linf": { steps: 40, restarts: 1 } },
    },
  };
}

const study = (jobs: JobResults[]): StudyData => ({ name: "t", arms: [{ name: "kh" }, { name: "mlp" }], jobs, fields: {}, missing: [] });

describe("the study report's AutoAttack sections and gradient-masking flags", () => {
  const d = study([
    job("kh", 0.34, [["apgd-ce", 0.3], ["apgd-t", 0.18], ["fab-t", 0.14], ["square", 0.14]]),
    // Square breaks 5 points the gradient parts left: the run raised the gradient-free flag.
    job("mlp", 0.2, [["apgd-ce", 0.2], ["apgd-t", 0.19], ["fab-t", 0.19], ["square", 0.14]], ["gradient-free-finds-more"]),
  ]);

  it("marks the AutoAttack number of the flagged arm only, and names the flag as gradient masking", () => {
    const t = summaryTable(d);
    const col = t.head.indexOf("AutoAttack 0.1 %");
    expect(col).toBeGreaterThan(0);
    expect(t.rows[0][col]).toBe("14.0");
    expect(t.rows[1][col]).toBe("14.0 ⚠");
    const md = reportMarkdown(d);
    expect(md).toMatch(/- mlp: \*\*⚠ gradient masking: gradient-free-finds-more\*\* \(seed 1\): gradient-free-finds-more detail/);
    expect(md).toMatch(/- kh: all checks passed/);
  });

  it("gives each part's cumulative accuracy beside PGD's, and says when AutoAttack reorders the arms", () => {
    expect(autoattackBreakdown(d).rows).toEqual([
      ["kh (1 seed)", "standard", "PGD 34.0 · apgd-ce 30.0 → apgd-t 18.0 → fab-t 14.0 → square 14.0"],
      ["mlp (1 seed)", "standard", "PGD 20.0 · apgd-ce 20.0 → apgd-t 19.0 → fab-t 19.0 → square 14.0"],
    ]);
    // PGD: kh 34 > mlp 20; AutoAttack: 14 = 14, ties broken by name (kh first): the same order.
    expect(autoattackFindings(d)[0]).toMatch(/PGD orders kh > mlp; AutoAttack orders kh > mlp: the same order/);
    const flipped = study([job("kh", 0.34, [["apgd-ce", 0.1]]), job("mlp", 0.2, [["apgd-ce", 0.15]])]);
    expect(autoattackFindings(flipped)[0]).toBe(
      "L∞ ε 0.1: kh 34.0 → 10.0 %, mlp 20.0 → 15.0 % (PGD-40 → AutoAttack). Most robust first, PGD orders kh > mlp; AutoAttack orders mlp > kh: a DIFFERENT order — the PGD-based comparison does not hold.",
    );
  });
});

import { describe, expect, it } from "vitest";
import { autoattackBreakdown, autoattackFindings, geometryFindings, geometryTable, reportMarkdown, studyPlots, summaryTable, type JobResults, type StudyData } from "../../src/report/study.js";

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

describe("the study report follows the study's own ε and shows the geometry analysis", () => {
  /** A Dapello-style job: PGD at 1/255 and 8/255 only, and geometry rows over `reps`. */
  const dapello = (arm: string, reps: string[], capacity: (cond: string, i: number) => number, seed = 1): JobResults => {
    const base = job(arm, 0, [["apgd-ce", 0]]);
    const conds = ["class, clean", "class, PGD-L∞ ε=0.0039", "exemplar, PGD-L∞ ε=0.0314"];
    return {
      ...base,
      job: { arm, seed, id: `${arm}-seed${seed}` },
      seed,
      metrics: {
        testAccuracy: 0.98,
        geometry: {
          seeds: 5,
          representations: reps,
          rows: conds.flatMap((condition) => reps.map((representation, i) => ({ condition, representation, manifolds: condition.startsWith("class") ? 10 : 50, capacity: capacity(condition, i), radius: 1 + i, dimension: 10 + i, sd: { capacity: 0.001, radius: 0.01, dimension: 0.1 } }))),
        },
      },
      attack: { ...base.attack!, results: [0.0039, 0.0314].map((eps) => ({ attack: "pgd-linf", eps, accuracy: eps < 0.01 ? 0.9 : 0.5 })) },
    };
  };
  const cap = (k: number) => (cond: string, i: number) => (cond === "class, clean" ? 0.1 * k : 0.05 * k) + 0.01 * i;
  const d: StudyData = { name: "d", arms: [{ name: "mlp" }, { name: "vone" }], jobs: [dapello("mlp", ["pixels", "h1", "logits"], cap(1)), dapello("vone", ["pixels", "vone", "h1", "logits"], cap(2))], fields: {}, missing: [] };

  it("has a PGD column at every ε the jobs ran (1/255 and 8/255 here), none at the default study's", () => {
    const t = summaryTable(d);
    expect(t.head).toEqual(["arm", "clean %", "PGD-L∞ 0.0039 %", "PGD-L∞ 0.0314 %", "train s"]);
    expect(t.rows[0].slice(2, 4)).toEqual(["90.0", "50.0"]);
  });

  it("tables every arm's MFTMA rows (one seed: ± the SD over MFTMA seeds) and says what the attacks did at the last hidden representation", () => {
    const g = geometryTable(d);
    expect(g.rows).toHaveLength(3 * 3 + 3 * 4);
    expect(g.rows[0]).toEqual(["mlp (1 seed)", "class, clean", "pixels", "10", "0.100 ± 1.00e-3", "1.00 ± 0.0100", "10.0 ± 0.100"]);
    expect(geometryFindings(d)).toEqual([
      "mlp, at h1: class manifold capacity 0.110 clean → 0.0600 attacked (×0.55); attacked exemplar manifolds capacity 0.0600, radius 2.00.",
      "vone, at h1: class manifold capacity 0.220 clean → 0.120 attacked (×0.55); attacked exemplar manifolds capacity 0.120, radius 3.00.",
    ]);
    // Two seeds: the mean over them ± their SD.
    const two: StudyData = { ...d, jobs: [...d.jobs, dapello("mlp", ["pixels", "h1", "logits"], cap(3), 2)] };
    expect(geometryTable(two).rows[0].slice(0, 5)).toEqual(["mlp (2 seeds)", "class, clean", "pixels", "10", "0.200 ± 0.141"]);
    expect(reportMarkdown(d)).toMatch(/## Manifold geometry \(MFTMA\)[\s\S]*\| vone \(1 seed\) \| exemplar, PGD-L∞ ε=0\.0314 \| logits \| 50 \|/);
    // Without the analysis, no section.
    expect(reportMarkdown({ ...d, jobs: d.jobs.map((j) => ({ ...j, metrics: { testAccuracy: 0.9 } })) })).not.toMatch(/Manifold geometry/);
  });

  it("plots capacity by relative depth per condition, the arms' representations aligned from pixels (0) to logits (1)", async () => {
    const plots = await studyPlots(d);
    const names = Object.keys(plots).filter((k) => k.startsWith("geometry-"));
    expect(names).toEqual(["geometry-capacity-class-clean", "geometry-capacity-class-pgd-l-0.0039", "geometry-capacity-exemplar-pgd-l-0.0314"]);
    expect(plots["geometry-capacity-class-clean"]).toMatch(/mlp[\s\S]*vone/);
  });
});

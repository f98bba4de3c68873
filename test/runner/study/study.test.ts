// Issue 11: studies are data, jobs are self-contained, reports are rebuilt from results files alone.
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MODEL_KINDS } from "../../../src/kinds/registry.js";

import { kindPresets } from "../../../src/runner/presets.js";
import { parseStudy } from "../../../src/runner/study/config.js";
import { readStudyPreset } from "../../../src/runner/study/studyPresetsNode.js";

const DEFAULT_STUDY = readStudyPreset();
import { combinations, planStudy } from "../../../src/runner/study/plan.js";
import { CHROMIUM, CHROMIUM_ARGS, describeWithBrowser, requireChromium } from "../../browser.js";
import { runCli } from "../../cli.js";

/** The kinds of local rules (they share the readout section). */
const LOCAL_RULES = MODEL_KINDS.filter((k) => k.sharedSections?.readout);

const arm = (name: string, config: Record<string, unknown> = { model: "mlp" }) => ({ name, config });

describe("study config", () => {
  it("the default study validates and plans one job per arm and seed, each with its published settings", async () => {
    const s = parseStudy(DEFAULT_STUDY);
    const jobs = await planStudy(s, kindPresets);
    expect(jobs.map((j) => j.id)).toEqual(["kh-seed1", "mlp-seed1", "l2-seed1", "jacobian-seed1", "isometric-seed1", "spectral-seed1", "stochastic-seed1"]);
    const byArm = Object.fromEntries(jobs.map((j) => [j.arm, j.config]));
    expect(byArm.kh.kh).toMatchObject({ epochs: 1000, hidden: 2000, k: 7, inputNorm: "p" });
    expect(byArm.kh.preset).toEqual({ name: "local-learning-mnist", version: 1 });
    expect(byArm.jacobian.mlp.regularizers).toEqual([expect.objectContaining({ name: "jacobian", strength: 0.01 })]);
    expect(byArm.isometric.mlp).toMatchObject({ hidden: [100, 100, 100, 100, 100], activation: "tanh", epochs: 5 });
    expect(byArm.stochastic.mlp.noise).toMatchObject({ kind: "poisson" });
    for (const j of jobs) expect(j.config.attack?.critical.also).toEqual(["noise-linf"]);
    // AutoAttack beside PGD at the two budgets the study's conclusions rest on.
    for (const j of jobs) expect([j.config.attack?.attacks, j.config.attack?.autoattack.eps]).toEqual([["fgsm", "pgd-linf", "autoattack", "pgd-l2", "noise-linf"], [0.05, 0.1]]);
  });

  it("--epochs and seeds expand as asked; a sweep makes one arm per value", async () => {
    const s = parseStudy({ seeds: [3, 4], epochs: 2, arms: [{ name: "kh", config: { kh: { hidden: 20 } }, sweep: { "kh.k": [2, 5] } }, arm("mlp")] });
    const jobs = await planStudy(s, kindPresets);
    expect(jobs.map((j) => j.id)).toEqual(["kh-k2-seed3", "kh-k2-seed4", "kh-k5-seed3", "kh-k5-seed4", "mlp-seed3", "mlp-seed4"]);
    expect(jobs[2].config.kh).toMatchObject({ k: 5, epochs: 2, hidden: 20 });
    expect(jobs[4].config.mlp.epochs).toBe(2);
    expect(new Set(jobs.map((j) => j.configHash)).size).toBe(6);
    // Every local rule's arm gets --epochs in its own section; KH's stays untouched by the others.
    for (const rule of LOCAL_RULES.filter((r) => r.name !== "kh")) {
      const [job] = await planStudy(parseStudy({ epochs: 3, arms: [{ name: "other", config: { model: rule.name } }] }), kindPresets);
      expect((job.config as unknown as Record<string, { epochs: number }>)[rule.name].epochs).toBe(3);
      expect(job.config.kh.epochs).toBe(300);
    }
    expect(combinations({ a: [1, 2], b: ["x", "y"] })).toEqual([{ a: 1, b: "x" }, { a: 1, b: "y" }, { a: 2, b: "x" }, { a: 2, b: "y" }]);
  });

  // Each entry: a bad study and the field its error must name.
  const BAD: [string, unknown, RegExp][] = [
    ["no arms", { arms: [] }, /study\.arms: a study needs at least one arm/],
    ["arms missing", {}, /study\.arms/],
    ["duplicate arm names", { arms: [arm("a"), arm("a")] }, /study\.arms\.1\.name: arm name 'a' is used twice/],
    ["bad arm name", { arms: [arm("Big Arm")] }, /study\.arms\.0\.name: must be lower-case/],
    ["unknown study field", { arms: [arm("a")], color: "red" }, /study\.\(root\)|study: .*color|Unrecognized key/],
    ["unknown arm field", { arms: [{ name: "a", confg: {} }] }, /study\.arms\.0.*confg|Unrecognized key/],
    ["no seeds", { arms: [arm("a")], seeds: [] }, /study\.seeds: at least one seed/],
    ["non-integer seed", { arms: [arm("a")], seeds: [1.5] }, /study\.seeds\.0/],
    ["repeated seeds", { arms: [arm("a")], seeds: [1, 1] }, /study\.seeds: seeds repeat/],
    ["arm sets the seed", { arms: [arm("a", { seed: 3 })] }, /study\.arms\.0\.config\.seed: 'seed' is set by the study/],
    ["arm sets the attack", { arms: [arm("a", { attack: {} })] }, /study\.arms\.0\.config\.attack: 'attack' is set by the study/],
    ["empty sweep", { arms: [{ name: "a", sweep: { "kh.k": [] } }] }, /study\.arms\.0\.sweep\.kh\.k: a sweep needs at least one value/],
    ["bad sweep path", { arms: [{ name: "a", sweep: { "kh..k": [1] } }] }, /study\.arms\.0\.sweep.*dotted config path/],
    ["epochs 0", { arms: [arm("a")], epochs: 0 }, /study\.epochs/],
    ["attack ε above 1", { arms: [arm("a")], attack: { eps: { linf: [2] } } }, /study\.attack\.eps\.linf\.0/],
    ["bad data source", { arms: [arm("a")], data: { source: "ftp:x" } }, /study\.data\.source/],
  ];
  for (const [what, raw, re] of BAD) it(`rejects: ${what}`, () => expect(() => parseStudy(raw)).toThrow(re));

  it("rejects at planning, naming the arm: a bad arm config, an unknown preset, a sweep onto an invalid value", async () => {
    await expect(planStudy(parseStudy({ arms: [arm("a", { kh: { k: 1 } })] }), kindPresets)).rejects.toThrow(/study\.arms\.0 \(a\): invalid config:\n\s+kh\.k/);
    await expect(planStudy(parseStudy({ arms: [{ name: "a", preset: "nope" }] }), kindPresets)).rejects.toThrow(/study\.arms\.0 \(a\): unknown preset 'nope'/);
    await expect(planStudy(parseStudy({ arms: [{ name: "a", sweep: { "kh.p": [0.5] } }] }), kindPresets)).rejects.toThrow(/study\.arms\.0 \(a, sweep \{"kh\.p":0\.5\}\): invalid config:\n\s+kh\.p/);
  });
});

describe("a study on another dataset (issue 14)", () => {
  it("--data sets every arm's source; arms are checked against it when planned", async () => {
    const printed = await runCli(["compare", "--data", "spoken-digits-mel", "--print-study"]);
    expect(JSON.parse(printed.out).data.source).toBe("spoken-digits-mel");
    const mel = await planStudy(parseStudy({ ...DEFAULT_STUDY, data: { source: "spoken-digits-mel" } }), kindPresets);
    for (const j of mel) expect(j.config.data.source).toBe("spoken-digits-mel");
    // The waveform source sends local rules to its log-mel images, naming the arm.
    await expect(planStudy(parseStudy({ ...DEFAULT_STUDY, data: { source: "spoken-digits" } }), kindPresets)).rejects.toThrow(/study\.arms\.0 \(kh\): invalid config:\n\s+data\.source: 'spoken-digits' holds waveforms.*'spoken-digits-mel'/);
  });

  it("runs a KH arm and an MLP arm on npy features and records the source", async () => {
    const { encodeNpy } = await import("../../../src/data/npy.js");
    const { Rng } = await import("../../../src/rng.js");
    const dir = await mkdtemp(join(tmpdir(), "hebblab-study-npy-"));
    try {
      // Three classes of 12-feature vectors around different means.
      const rng = new Rng(4);
      const make = async (name: string, n: number) => {
        const labels = Array.from({ length: n }, (_, i) => i % 3);
        const x = labels.flatMap((l) => Array.from({ length: 12 }, (_, j) => Math.min(1, Math.max(0, (j % 3 === l ? 0.9 : 0.1) + 0.05 * rng.normal()))));
        await writeFile(join(dir, `${name}_images.npy`), encodeNpy(x, [n, 12], "<f4"));
        await writeFile(join(dir, `${name}_labels.npy`), encodeNpy(labels, [n], "<i8"));
      };
      await make("train", 120);
      await make("test", 60);
      const study = {
        name: "npy",
        data: { source: `npy:${dir}` },
        seeds: [1],
        arms: [
          { name: "kh", config: { kh: { hidden: 12, epochs: 5, batch: 20, k: 2 }, readout: { epochs: 10 } } },
          { name: "mlp", config: { model: "mlp", mlp: { hidden: [8], epochs: 10, batch: 20, lr: 0.01 }, analyses: { isometry: { images: 20 }, jacobian: { images: 20 } } } },
        ],
        attack: { images: 20, batch: 10, attacks: ["fgsm"], eps: { linf: [0, 0.1] }, critical: { enabled: false }, sanity: { eps1Images: 5 } },
      };
      await writeFile(join(dir, "study.json"), JSON.stringify(study));
      const err = await cli(["compare", "--config", join(dir, "study.json"), "--out", join(dir, "out")]);
      expect(process.exitCode, err).toBe(0);
      for (const id of ["kh-seed1", "mlp-seed1"]) {
        const r = JSON.parse(await readFile(join(dir, "out", "jobs", id, "results.json"), "utf8"));
        expect(r.data).toMatchObject({ source: `npy:${dir}`, dim: 12, classes: 3, train: 120, test: 60 });
        expect(r.metrics.testAccuracy, id).toBeGreaterThan(0.8);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

/** A study small enough for a test: real digits, tiny models, a short attack. */
const TINY = {
  name: "tiny",
  data: { train: 300, test: 100 },
  seeds: [1, 2],
  arms: [
    { name: "kh", description: "tiny KH", preset: "local-learning-mnist", config: { kh: { hidden: 30, epochs: 3, batch: 50 }, readout: { epochs: 2 } } },
    { name: "mlp", description: "tiny MLP", config: { model: "mlp", mlp: { hidden: [20], epochs: 2 }, analyses: { isometry: { images: 50 }, jacobian: { images: 50 } } } },
  ],
  attack: {
    images: 30,
    batch: 15,
    attacks: ["fgsm", "pgd-linf", "autoattack", "pgd-l2", "noise-linf"],
    eps: { linf: [0, 0.05, 0.1, 0.2], l2: [1, 2] },
    "pgd-linf": { steps: 3 },
    "pgd-l2": { steps: 3 },
    autoattack: { eps: [0.05, 0.1] },
    "apgd-ce": { iters: 3 },
    "apgd-t": { iters: 3, targets: 2 },
    "fab-t": { iters: 3, targets: 2 },
    square: { queries: 20 },
    critical: { images: 8, iters: 3, also: ["noise-linf"] },
    sanity: { eps1Images: 10 },
  },
};

/** Runs the CLI quietly; returns stderr (the exit code stays in process.exitCode). */
const cli = async (args: string[]): Promise<string> => (await runCli(args)).err;

/** Every job's results without wall times and dates. */
async function jobResults(dir: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const id of (await readdir(join(dir, "jobs"))).sort()) {
    const r = JSON.parse(await readFile(join(dir, "jobs", id, "results.json"), "utf8"));
    delete r.timings;
    delete r.startedAt;
    delete r.finishedAt;
    for (const k of Object.keys(r.attack ?? {})) if (k === "seconds") delete r.attack.seconds;
    r.attack.results.forEach((c: { seconds?: number; parts?: { seconds?: number }[] }) => {
      delete c.seconds;
      c.parts?.forEach((p) => delete p.seconds);
    });
    for (const c of [r.attack.critical, ...r.attack.criticalAlso]) delete c.seconds;
    out[id] = r;
  }
  return out;
}

describe("hebblab compare, run and report (end to end, tiny study)", () => {
  let root: string;
  let a: string;
  let b: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "hebblab-study-"));
    await writeFile(join(root, "tiny.json"), JSON.stringify(TINY));
    a = join(root, "a");
    b = join(root, "b");
    // Two workers in one run (1 thread each), one worker in the other: the numbers must not care.
    const errA = await cli(["compare", "--config", join(root, "tiny.json"), "--out", a, "--workers", "2"]);
    expect(process.exitCode, errA).toBe(0);
    await cli(["compare", "--config", join(root, "tiny.json"), "--out", b]);
    expect(process.exitCode).toBe(0);
  }, 300_000);
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("writes the report, one CSV row per arm × seed, and every job's own directory", async () => {
    for (const f of ["report.md", "report.html", "results.csv", "results.json", "study.json"]) expect((await readFile(join(a, f), "utf8")).length).toBeGreaterThan(100);
    const csv = (await readFile(join(a, "results.csv"), "utf8")).trim().split("\n");
    expect(csv).toHaveLength(1 + 4);
    expect(csv[0]).toMatch(/^study,arm,seed,job,config_hash,model,clean,fgsm@0\.05/);
    const md = await readFile(join(a, "report.md"), "utf8");
    expect(md).toMatch(/\| kh \(2 seeds\) \| \d+\.\d ± \d+\.\d/);
    expect(md).toMatch(/## What the papers reported/);
    // AutoAttack beside PGD: its columns at its own ε grid, and each part's accuracy per arm.
    expect(csv[0]).toMatch(/,autoattack@0\.05,autoattack@0\.1,/);
    expect(md).toMatch(/\| arm \| clean % \|.*\| PGD-L∞ 0\.2 % \| AutoAttack 0\.05 % \| AutoAttack 0\.1 % \|/);
    expect(md).not.toMatch(/AutoAttack 0\.2 %/);
    expect(md).toMatch(/## AutoAttack, part by part/);
    expect(md).toMatch(/\| kh \(2 seeds\) \| standard \| PGD \d+\.\d · apgd-ce \d+\.\d → apgd-t \d+\.\d → fab-t \d+\.\d → square \d+\.\d \|/);
    expect(md).toMatch(/- L∞ ε 0\.1: kh \d+\.\d → \d+\.\d %, mlp \d+\.\d → \d+\.\d % \(PGD-40 → AutoAttack\)\. Most robust first, PGD orders (kh > mlp|mlp > kh); AutoAttack orders (kh > mlp|mlp > kh): (the same order|a DIFFERENT order)/);
    expect(md).toMatch(/## Sanity checks/);
    expect(md).toMatch(/\| kh-seed1 \| [0-9a-f]{16} \| 1 \| local-learning-mnist v1/);
    for (const id of ["kh-seed1", "kh-seed2", "mlp-seed1", "mlp-seed2"]) {
      const files = await readdir(join(a, "jobs", id));
      expect(files).toEqual(expect.arrayContaining(["job.json", "results.json", "model", "log.txt"]));
      expect(files).not.toContain("checkpoint");
    }
    expect(await readdir(join(a, "jobs", "kh-seed1"))).toEqual(expect.arrayContaining(["fields.svg", "fields.png"]));
  });

  it("two runs with the same seeds give identical results files (timings aside), on 1 or 2 workers", async () => {
    expect(await jobResults(b)).toEqual(await jobResults(a));
  });

  it("hebblab report rebuilds the same report from the results files alone", async () => {
    const before = await Promise.all(["report.md", "report.html", "results.csv", "results.json"].map((f) => readFile(join(a, f), "utf8")));
    for (const f of ["report.md", "report.html", "results.csv", "results.json"]) await rm(join(a, f));
    await cli(["report", a]);
    const after = await Promise.all(["report.md", "report.html", "results.csv", "results.json"].map((f) => readFile(join(a, f), "utf8")));
    expect(after).toEqual(before);
  });

  it("refuses an existing study without --resume; --resume skips finished jobs and reruns a lost one", async () => {
    const err = await cli(["compare", "--config", join(root, "tiny.json"), "--out", a]);
    expect(process.exitCode).toBe(1);
    expect(err).toMatch(/already holds a study .*--resume/);
    const before = await jobResults(a);
    await rm(join(a, "jobs", "mlp-seed2", "results.json"));
    const err2 = await cli(["compare", "--config", join(root, "tiny.json"), "--out", a, "--resume"]);
    expect(process.exitCode, err2).toBe(0);
    expect(err2).toMatch(/4 jobs \(3 already done\)/);
    expect(await jobResults(a)).toEqual(before);
    await cli(["compare", "--config", join(root, "tiny.json"), "--out", a, "--resume", "--seeds", "1"]);
    expect(process.exitCode).toBe(1);
  });

  describeWithBrowser("the HTML report in headless Chromium", () => {
    it("opens without console errors and shows the table and plots (screenshot kept)", async () => {
      requireChromium();
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      try {
        const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
        const errors: string[] = [];
        page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
        page.on("pageerror", (e) => errors.push(e.message));
        await page.goto(`file://${join(a, "report.html")}`);
        expect(await page.locator("table").first().locator("tbody tr").count()).toBe(2);
        expect(await page.locator(".plots svg").count()).toBeGreaterThanOrEqual(4);
        const shot = join(process.cwd(), "test-artifacts", "study-report.png");
        await page.screenshot({ path: shot, fullPage: true });
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }
    }, 60_000);
  });
});

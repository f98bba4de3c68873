// Issue 13: population geometry (Dapello et al. 2021) of a model's representations, clean and attacked.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { writeHbm } from "../../src/analysis/matrixFile.js";
import { manifoldAnalysis } from "../../src/analysis/mftma.js";
import { makeAttack } from "../../src/attacks/registry.js";
import type { Split } from "../../src/data/types.js";
import { Rng } from "../../src/rng.js";
import { geometryAttacks, geometryStimuli, parseGeometryConfig, populationGeometry, representationNames } from "../../src/runner/analyses/populationGeometry.js";
import { resolveConfig } from "../../src/runner/config.js";
import { costDone, jobStages } from "../../src/runner/study/cost.js";
import type { ProgressEvent } from "../../src/progress.js";
import { runTraining } from "../../src/runner/train.js";
import { initTf, tf } from "../../src/tf.js";
import { LinearSoftmax, TinyMlp } from "../attacks/models.js";
import { runCli } from "../cli.js";
import { mismatch, TOL } from "../tolerances.js";

const SMALL = { classPoints: 8, exemplars: 4, copies: 6, nT: 30, nReps: 2, steps: 3 };

/**
 * The study's cost model plans the geometry stage of this training config with one unit per analysis,
 * in the order the run reports them: as many as `events` count, the cheap class manifolds first.
 */
function expectCostPlan(train: Record<string, unknown>, settings: Record<string, unknown>, events: ProgressEvent[]) {
  const cfg = resolveConfig({ ...train, analyses: { ...(train.analyses as object), geometry: { enabled: true, ...settings } } });
  const stages = jobStages(cfg);
  const names = stages.map((s) => s.stage);
  expect(names.indexOf("geometry")).toBe(names.indexOf("metrics") + 1);
  const g = stages.find((s) => s.stage === "geometry")!;
  const total = events.at(-1)!.total;
  expect(events.every((e) => e.stage === "geometry" && e.total === total)).toBe(true);
  expect(g.units).toHaveLength(total);
  // Progress maps through the weights: never backwards, all of the stage at the end.
  const done = events.map((e) => costDone(stages, e));
  for (let i = 1; i < done.length; i++) expect(done[i]).toBeGreaterThanOrEqual(done[i - 1]);
  const before = stages.slice(0, names.indexOf("geometry")).reduce((a, s) => a + s.passes, 0);
  expect(done.at(-1)! - before).toBeCloseTo(g.passes, 6);
}

describe("populationGeometry", () => {
  it("measures class and exemplar manifolds at every representation, seeded, and its pixel rows are MFTMA of the images", async () => {
    const train = { seed: 1, model: "mlp", data: { train: 300, test: 200 }, mlp: { hidden: [24], epochs: 1 }, analyses: { isometry: { images: 20 }, jacobian: { images: 20 } } };
    const { model, results } = await runTraining(train);
    const split = await import("../../src/data/load.js").then((m) => m.loadSplit(results.config.data));
    const events: ProgressEvent[] = [];
    const a = await populationGeometry(model, split.test, SMALL, (e) => events.push(e));
    expectCostPlan(train, SMALL, events);
    const b = await populationGeometry(model, split.test, SMALL);
    expect(JSON.stringify(a.rows)).toBe(JSON.stringify(b.rows));
    expect(a.representations).toEqual(["pixels", "h1", "logits"]);
    expect(a.rows.map((r) => `${r.condition} @ ${r.representation}`)).toEqual(
      ["class, clean", "class, PGD-L∞ ε=0.1", "exemplar, PGD-L∞ ε=0.1"].flatMap((c) => representationNames(model).map((n) => `${c} @ ${n}`)),
    );
    const pix = a.rows[0];
    expect(pix.manifolds).toBe(10);
    expect(pix.width).toBe(784);
    for (const r of a.rows) {
      expect(r.capacity).toBeGreaterThan(0);
      expect(Number.isFinite(r.radius) && Number.isFinite(r.dimension)).toBe(true);
    }
    // Exemplar manifolds of PGD copies are tight next to class manifolds.
    const at = (c: string, n: string) => a.rows.find((r) => r.condition.startsWith(c) && r.representation === n)!;
    expect(at("exemplar", "pixels").radius).toBeLessThan(at("class, clean", "pixels").radius);
    // The clean pixel row is MFTMA of the first images of each class, with the analysis's own stream.
    const byClass: number[][] = Array.from({ length: 10 }, () => []);
    for (let i = 0; i < split.test.n; i++) if (byClass[split.test.labels[i]].length < SMALL.classPoints) byClass[split.test.labels[i]].push(i);
    const direct = manifoldAnalysis(
      byClass.map((l) => ({ m: l.length, data: Float32Array.from(l.flatMap((i) => Array.from(split.test.images.subarray(i * 784, (i + 1) * 784)))) })),
      784,
      { nT: SMALL.nT, nReps: SMALL.nReps, rng: new Rng(1).fork("mftma-class, clean-pixels") },
    );
    expect(pix.capacity).toBe(direct.capacity);
    model.dispose();
  }, 120_000);

  it("adds noise-draw exemplar manifolds for a stochastic model", async () => {
    const train = { seed: 2, model: "mlp", data: { train: 300, test: 200 }, mlp: { hidden: [24], epochs: 1, noise: "poisson" }, analyses: { isometry: { images: 20 }, jacobian: { images: 20 } } };
    const { model, results } = await runTraining(train);
    const split = await import("../../src/data/load.js").then((m) => m.loadSplit(results.config.data));
    const events: ProgressEvent[] = [];
    const settings = { ...SMALL, exemplars: 3, copies: 5, seeds: 2 };
    const g = await populationGeometry(model, split.test, settings, (e) => events.push(e));
    expectCostPlan(train, settings, events);
    expect([...new Set(g.rows.map((r) => r.condition))]).toEqual(["class, clean", "class, PGD-L∞ ε=0.1", "exemplar, noise draws", "exemplar, PGD-L∞ ε=0.1"]);
    model.dispose();
  }, 120_000);
});

/** A toy test split: n images [n, d] in [0.3, 0.7] (the [0, 1] clamp never binds at these ε), labels i mod classes. */
function toySplit(seed: number, n: number, d: number, classes: number): Split["test"] {
  const images = new Rng(seed).fillUniform(new Float32Array(n * d), 0.3, 0.7);
  return { images, labels: Uint8Array.from({ length: n }, (_, i) => i % classes), n, rows: 1, cols: d, dim: d, classes, source: "toy" };
}

/** sign(∂CE/∂x) of a linear softmax model at image i with label y: Σ_c w[j, c](p_c − [c = y]), in f64. */
function ceGradSign(m: LinearSoftmax, x: Float32Array, y: number): number[] {
  const { inputDim: D, classes: C, w } = m;
  const z = Array.from({ length: C }, (_, c) => Array.from({ length: D }, (_, j) => x[j] * w[j * C + c]).reduce((a, b) => a + b, 0));
  const e = z.map((v) => Math.exp(v - Math.max(...z)));
  const p = e.map((v) => v / e.reduce((a, b) => a + b, 0));
  return Array.from({ length: D }, (_, j) => Math.sign(Array.from({ length: C }, (_, c) => w[j * C + c] * (p[c] - (c === y ? 1 : 0))).reduce((a, b) => a + b, 0)));
}

// Issue 22: each manifold type has its own attack (Dapello et al. 2021: class manifolds PGD ε 1/255, 16
// steps of ε/4; exemplar manifolds one step of size ε = 8/255), and MFTMA repeats over seeds.
describe("populationGeometry: per-manifold-type attacks and MFTMA seeds", () => {
  const D = 12;
  let lin: LinearSoftmax;
  beforeAll(async () => {
    await initTf();
    lin = new LinearSoftmax(new Rng(7).fillNormal(new Float32Array(D * 2), 0, 0.5), D, 2);
  });
  const test = toySplit(5, 12, D, 2);
  const idxOf = (cfg: { copies: number }, k: number) => Math.floor(k / cfg.copies);

  it("an exemplar attack of one step of size ε without a random start is FGSM at ε", () => {
    const cfg = { classPoints: 3, exemplars: 3, copies: 2, attack: { exemplar: { eps: 0.05, steps: 1, relStepSize: 1, randomStart: false, select: "last" as const } } };
    const ex = geometryStimuli(lin, test, cfg).at(-1)!;
    expect(ex.name).toBe("exemplar, PGD-L∞ ε=0.05");
    const expected = new Float64Array(ex.x.length);
    for (let k = 0; k < ex.x.length / D; k++) {
      const i = idxOf(cfg, k);
      const x = test.images.subarray(i * D, (i + 1) * D);
      ceGradSign(lin, x, test.labels[i]).forEach((s, j) => (expected[k * D + j] = x[j] + 0.05 * s));
    }
    expect(mismatch(ex.x, expected, TOL.f32)).toBeNull();
    const fgsm = tf.tidy(() => makeAttack("fgsm").attack({ model: lin, rng: new Rng(1), loss: "ce", eotSamples: 1 }, tf.tensor2d(test.images.subarray(0, D), [1, D]), tf.tensor1d([test.labels[0]], "int32"), 0.05).dataSync());
    expect(mismatch(ex.x.subarray(0, D), fgsm, TOL.exact)).toBeNull();
  });

  it("Dapello's settings reach the attacks: class PGD ends on the corner at its own ε, exemplar copies take one step of ε from their own random starts", () => {
    const cfg = {
      classPoints: 4,
      exemplars: 3,
      copies: 5,
      eps: 0.2,
      attack: { class: { eps: 0.02, steps: 16, relStepSize: 0.25, select: "last" as const }, exemplar: { eps: 0.07, steps: 1, relStepSize: 1, select: "last" as const } },
    };
    const [clean, cls, ex] = geometryStimuli(lin, test, cfg);
    expect([clean.name, cls.name, ex.name]).toEqual(["class, clean", "class, PGD-L∞ ε=0.02", "exemplar, PGD-L∞ ε=0.07"]);
    // Two classes of a linear model: the CE gradient's sign is the same everywhere, so 16 steps of ε/4 from
    // any start in the ball end on the corner x + ε·sign(g) (the section's ε 0.2 is not used).
    const order = [0, 2, 4, 6, 1, 3, 5, 7];
    const corner = new Float64Array(cls.x.length);
    order.forEach((i, k) => {
      const x = test.images.subarray(i * D, (i + 1) * D);
      ceGradSign(lin, x, test.labels[i]).forEach((s, j) => (corner[k * D + j] = x[j] + 0.02 * s));
    });
    expect(mismatch(cls.x, corner, TOL.f32)).toBeNull();
    // One step of ε from u ~ U(−ε, ε): δ = clip(u + ε·s, −ε, ε) lies on the gradient's side, within ε, at
    // ±ε exactly where u·s ≥ 0 (half the pixels), and every copy has its own start.
    let atEps = 0;
    for (let k = 0; k < ex.x.length / D; k++) {
      const i = idxOf(cfg, k);
      const s = ceGradSign(lin, test.images.subarray(i * D, (i + 1) * D), test.labels[i]);
      for (let j = 0; j < D; j++) {
        const d = ex.x[k * D + j] - test.images[i * D + j];
        expect(d * s[j]).toBeGreaterThanOrEqual(-1e-7);
        expect(Math.abs(d)).toBeLessThanOrEqual(0.07 * (1 + TOL.attackBudget.rtol) + TOL.attackBudget.atol);
        if (Math.abs(Math.abs(d) - 0.07) < 1e-6) atEps++;
      }
    }
    expect(atEps / ex.x.length).toBeGreaterThan(0.3);
    expect(atEps / ex.x.length).toBeLessThan(0.7);
    expect(mismatch(ex.x.subarray(0, D), ex.x.subarray(D, 2 * D), TOL.f32)).not.toBeNull();
  });

  it("without `attack` both types run today's PGD (ε 0.1, 10 steps of 2.5ε/10, random start, best iterate), and the config keeps its hash", () => {
    const cfg = parseGeometryConfig({});
    const today = { eps: 0.1, steps: 10, relStepSize: 0.25, randomStart: true, select: "best" };
    expect(geometryAttacks(cfg)).toEqual({ class: today, exemplar: today });
    // The call the analysis made before per-type settings existed, with its seed streams.
    const small = { classPoints: 3, exemplars: 2, copies: 2 };
    const [, cls, ex] = geometryStimuli(lin, test, small);
    const old = (x: Float32Array, y: number[], label: string) => {
      const r = new Rng(1).fork(label);
      return tf.tidy(() =>
        makeAttack("pgd-linf", { steps: 10, randomStart: true, restarts: 1 })
          .attack({ model: lin, rng: r.fork("batch-0"), loss: "ce", eotSamples: 8, noiseRng: r.fork("noise-0") }, tf.tensor2d(x, [y.length, D]), tf.tensor1d(y, "int32"), 0.1)
          .dataSync(),
      );
    };
    const rows = (idx: number[]) => Float32Array.from(idx.flatMap((i) => Array.from(test.images.subarray(i * D, (i + 1) * D))));
    expect(mismatch(cls.x, old(rows([0, 2, 4, 1, 3, 5]), [0, 0, 0, 1, 1, 1], "class-pgd"), TOL.exact)).toBeNull();
    expect(mismatch(ex.x, old(rows([0, 0, 1, 1]), [0, 0, 1, 1], "exemplar-pgd"), TOL.exact)).toBeNull();
    expect([cls.name, ex.name]).toEqual(["class, PGD-L∞ ε=0.1", "exemplar, PGD-L∞ ε=0.1"]);
    // The new fields are optional: a config without them resolves to the same settings, so the same hash.
    const g = resolveConfig({}).analyses.geometry;
    expect("attack" in g || "seeds" in g).toBe(false);
  });

  it("seeds: each row is the mean of per-seed MFTMA runs (seed 0 = the single-seed run), with their SD; the seeds differ", async () => {
    const mlp = new TinyMlp(20, 12, 3);
    const t = toySplit(9, 30, 20, 3);
    const small = { classPoints: 6, exemplars: 3, copies: 4, nT: 20, nReps: 1, steps: 2, maxFeatures: 8 };
    const one = await populationGeometry(mlp, t, small);
    const explicitOne = await populationGeometry(mlp, t, { ...small, seeds: 1 });
    expect(JSON.stringify(explicitOne.rows)).toBe(JSON.stringify(one.rows));
    expect(one.rows[0].perSeed).toBeUndefined();
    const three = await populationGeometry(mlp, t, { ...small, seeds: 3 });
    expect(three.seeds).toBe(3);
    expect(three.rows.map((r) => `${r.condition} @ ${r.representation}`)).toEqual(one.rows.map((r) => `${r.condition} @ ${r.representation}`));
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    three.rows.forEach((r, i) => {
      for (const k of ["capacity", "radius", "dimension", "centerCorrelation"] as const) {
        const v = r.perSeed![k];
        expect(v).toHaveLength(3);
        expect(v[0]).toBe(one.rows[i][k]);
        expect(r[k]).toBeCloseTo(mean(v), 12);
        expect(r.sd![k]).toBeCloseTo(Math.sqrt(mean(v.map((x) => (x - mean(v)) ** 2))), 12);
      }
      expect(new Set(r.perSeed!.capacity).size, `${r.condition} @ ${r.representation}`).toBe(3);
    });
    mlp.dispose();
  });

  it("a bad setting is refused with its field named", async () => {
    await expect(populationGeometry(lin, test, { attack: { class: { eps: -0.1 } } })).rejects.toThrow(/attack\.class\.eps: Too small/);
    await expect(populationGeometry(lin, test, { seeds: 0 })).rejects.toThrow(/seeds: Too small/);
    expect(() => parseGeometryConfig({ attack: { exemplar: { steps: 0 } } })).toThrow(/attack\.exemplar\.steps/);
    expect(() => parseGeometryConfig({ attack: { both: { eps: 0.1 } } })).toThrow(/attack: Unrecognized key: "both"/);
    expect(() => resolveConfig({ analyses: { geometry: { seeds: 0, attack: { exemplar: { eps: -1 } } } } })).toThrow(/analyses\.geometry\.attack\.exemplar\.eps[\s\S]*analyses\.geometry\.seeds/);
  });
});

describe("hebblab geometry", () => {
  it("analyses point clouds from matrix files, and a saved model with its plots", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hebblab-geometry-"));
    try {
      const rng = new Rng(3);
      const files: string[] = [];
      for (let i = 0; i < 4; i++) {
        const f = join(dir, `m${i}.hbm`);
        await writeHbm(f, Float32Array.from({ length: 6 * 40 }, () => rng.normal() + (i === 0 ? 3 : 0)), 6, 40);
        files.push(f);
      }
      const r = await runCli(["geometry", "--manifolds", ...files, "--out", join(dir, "points.json"), "--n-t", "40"]);
      expect(r.err).toBe("");
      const j = JSON.parse(await readFile(join(dir, "points.json"), "utf8"));
      expect(j.manifolds).toBe(4);
      expect(j.nT).toBe(40);
      expect(r.out).toMatch(/^capacity \d\.\d{4}, radius/);
      const bad = await runCli(["geometry", "--out", join(dir, "x.json")]);
      expect(bad.err).toMatch(/give a model directory/);

      await runCli(["train", "--model", "mlp", "--hidden", "16", "--epochs", "1", "--train-size", "200", "--test-size", "150", "--out", join(dir, "t.json"), "--save", join(dir, "model")]);
      const g = await runCli(["geometry", join(dir, "model"), "--out", join(dir, "g.json"), "--class-points", "6", "--exemplars", "0", "--n-t", "20", "--n-reps", "1", "--steps", "2", "--seeds", "2", "--attack", '{"class":{"eps":0.02,"relStepSize":0.25}}']);
      expect(g.err).not.toMatch(/hebblab:/);
      const rep = JSON.parse(await readFile(join(dir, "g.json"), "utf8"));
      expect(rep.rows).toHaveLength(2 * 3);
      expect(rep.seeds).toBe(2);
      expect(rep.attacks.class).toEqual({ eps: 0.02, steps: 2, relStepSize: 0.25, randomStart: true, select: "best" });
      expect(rep.rows[3].condition).toBe("class, PGD-L∞ ε=0.02");
      expect(rep.rows[3].perSeed.capacity).toHaveLength(2);
      const badAttack = await runCli(["geometry", join(dir, "model"), "--out", join(dir, "x.json"), "--attack", '{"class":{"eps":-1}}']);
      expect(badAttack.err).toMatch(/attack\.class\.eps: Too small/);
      for (const m of ["capacity", "radius", "dimension"]) expect((await readFile(join(dir, `g-${m}.svg`), "utf8")).startsWith("<svg")).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

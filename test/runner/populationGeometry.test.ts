// Issue 13: population geometry (Dapello et al. 2021) of a model's representations, clean and attacked.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeHbm } from "../../src/analysis/matrixFile.js";
import { manifoldAnalysis } from "../../src/analysis/mftma.js";
import { Rng } from "../../src/rng.js";
import { populationGeometry, representationNames } from "../../src/runner/analyses/populationGeometry.js";
import { runTraining } from "../../src/runner/train.js";
import { runCli } from "../cli.js";

const SMALL = { classPoints: 8, exemplars: 4, copies: 6, nT: 30, nReps: 2, steps: 3 };

describe("populationGeometry", () => {
  it("measures class and exemplar manifolds at every representation, seeded, and its pixel rows are MFTMA of the images", async () => {
    const { model, results } = await runTraining({ seed: 1, model: "mlp", data: { train: 300, test: 200 }, mlp: { hidden: [24], epochs: 1 }, analyses: { isometry: { images: 20 }, jacobian: { images: 20 } } });
    const split = await import("../../src/data/load.js").then((m) => m.loadSplit(results.config.data));
    const a = await populationGeometry(model, split.test, SMALL);
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
    const { model, results } = await runTraining({ seed: 2, model: "mlp", data: { train: 300, test: 200 }, mlp: { hidden: [24], epochs: 1, noise: "poisson" }, analyses: { isometry: { images: 20 }, jacobian: { images: 20 } } });
    const split = await import("../../src/data/load.js").then((m) => m.loadSplit(results.config.data));
    const g = await populationGeometry(model, split.test, { ...SMALL, exemplars: 3, copies: 5 });
    expect([...new Set(g.rows.map((r) => r.condition))]).toEqual(["class, clean", "class, PGD-L∞ ε=0.1", "exemplar, noise draws", "exemplar, PGD-L∞ ε=0.1"]);
    model.dispose();
  }, 120_000);
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
      const g = await runCli(["geometry", join(dir, "model"), "--out", join(dir, "g.json"), "--class-points", "6", "--exemplars", "0", "--n-t", "20", "--n-reps", "1", "--steps", "2"]);
      expect(g.err).not.toMatch(/hebblab:/);
      const rep = JSON.parse(await readFile(join(dir, "g.json"), "utf8"));
      expect(rep.rows).toHaveLength(2 * 3);
      for (const m of ["capacity", "radius", "dimension"]) expect((await readFile(join(dir, `g-${m}.svg`), "utf8")).startsWith("<svg")).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

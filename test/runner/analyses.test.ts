// Analyses are one registry (ANALYSES): a run names which to compute and how; every model kind gets
// them alike through the Model interface.
import { describe, expect, it } from "vitest";
import type { Dataset, Split } from "../../src/data/types.js";
import { Rng } from "../../src/rng.js";
import { ANALYSES } from "../../src/runner/analyses/registry.js";
import { resolveConfig } from "../../src/runner/config.js";
import { runTraining } from "../../src/runner/train.js";

/** Four noisy prototypes in 36 pixels. */
function split(): Split {
  const protos = new Rng(0).fillUniform(new Float32Array(4 * 36), 0, 1);
  const make = (n: number, s: number): Dataset => {
    const rng = new Rng(s);
    const images = new Float32Array(n * 36);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      labels[i] = i % 4;
      for (let j = 0; j < 36; j++) images[i * 36 + j] = Math.min(1, Math.max(0, protos[labels[i] * 36 + j] + 0.15 * rng.normal()));
    }
    return { images, labels, n, rows: 6, cols: 6, dim: 36, classes: 4, source: "test-protos" };
  };
  return { train: make(200, 1), test: make(80, 2) };
}

const mlp = { model: "mlp", seed: 2, mlp: { hidden: [20, 12], epochs: 1, batch: 20 }, threads: 1 };

describe("the analyses registry", () => {
  it("derives the config's analyses section: one subsection per analysis, geometry off by default", () => {
    const a = resolveConfig({}).analyses as Record<string, { enabled: boolean }>;
    expect(Object.keys(a)).toEqual(ANALYSES.map((x) => x.name));
    expect(a.spectrum.enabled).toBe(true);
    expect(a.geometry.enabled).toBe(false);
    expect(() => resolveConfig({ analyses: { accuracy: { enabled: false } } })).toThrow(/analyses\.accuracy\.enabled/);
    expect(() => resolveConfig({ analyses: { nope: {} } })).toThrow(/analyses/);
  });

  it("a run names which analyses to compute and on which representations; the rest are left out", async () => {
    const { results, model } = await runTraining({ ...mlp, analyses: { spectrum: { representations: ["h1"] }, isometry: { enabled: false }, jacobian: { images: 10 } } }, { split: split() });
    model.dispose();
    const m = results.metrics as Record<string, any>;
    expect(Object.keys(m.spectrumByLayer)).toEqual(["h1"]);
    // The headline representation (the last hidden one) was not asked for, so there is no headline spectrum.
    expect(m.spectrum).toBeUndefined();
    expect(m.isometry).toBeUndefined();
    expect(m.jacobianFro2).toBeGreaterThan(0);
    expect(m.testAccuracy).toBeGreaterThan(0.5);
    await expect(runTraining({ ...mlp, analyses: { spectrum: { representations: ["h9"] } } }, { split: split() })).rejects.toThrow(/representations: mlp has no h9 \(has: h1, h2\)/);
  });

  it("MFTMA geometry runs when a run turns it on, with its pictures", async () => {
    const geometry = { enabled: true, classPoints: 5, exemplars: 3, copies: 3, steps: 2, nT: 10, nReps: 1 };
    const { results, model, artifacts } = await runTraining({ ...mlp, analyses: { geometry } }, { split: split() });
    model.dispose();
    const g = (results.metrics as Record<string, any>).geometry;
    expect(g.representations).toEqual(["pixels", "h1", "h2", "logits"]);
    expect(g.rows.length).toBe(3 * 4);
    for (const r of g.rows) expect(r.capacity).toBeGreaterThan(0);
    expect(Object.keys(artifacts).filter((k) => k.startsWith("geometry-")).sort()).toEqual(["geometry-capacity.svg", "geometry-dimension.svg", "geometry-radius.svg"]);
  });
});

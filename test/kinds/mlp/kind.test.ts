import { beforeAll, describe, expect, it } from "vitest";
import type { Dataset, Split } from "../../../src/data/types.js";
import { runTraining } from "../../../src/runner/train.js";
import { Rng } from "../../../src/rng.js";
import { initTf, tf } from "../../../src/tf.js";

beforeAll(() => initTf());

/** Three noisy prototypes in 20 pixels. */
function split(seed: number): Split {
  const protos = new Rng(0).fillUniform(new Float32Array(3 * 20), 0, 1);
  const make = (n: number, s: number): Dataset => {
    const rng = new Rng(s);
    const images = new Float32Array(n * 20);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      labels[i] = i % 3;
      for (let j = 0; j < 20; j++) images[i * 20 + j] = Math.min(1, Math.max(0, protos[labels[i] * 20 + j] + 0.1 * rng.normal()));
    }
    return { images, labels, n, rows: 4, cols: 5, dim: 20, classes: 3, source: "test-protos" };
  };
  return { train: make(240, seed), test: make(90, seed + 1) };
}

describe("the mlp kind, trained by the runner", () => {
  it("trains from a config and records every metric of issue 4 (the kind's and the runner's analyses)", async () => {
    const cfg = {
      model: "mlp",
      seed: 3,
      mlp: { hidden: [16, 12], activation: "tanh", epochs: 3, batch: 30, lr: 1e-2, regularizers: [{ name: "l2" }, { name: "isometric" }] },
      analyses: { isometry: { images: 60 }, jacobian: { images: 60 } },
      threads: 1,
    };
    const events: string[] = [];
    const before = tf.memory().numTensors;
    const { results: out, model } = await runTraining(cfg, { split: split(1), onProgress: (e) => events.push(e.stage) });
    const m = out.metrics as Record<string, any>;
    expect(m.testAccuracy).toBeGreaterThan(0.9);
    for (const k of ["jacobianFro2", "isometry", "weightNorm"]) expect(Number.isFinite(m[k]) && m[k] > 0, k).toBe(true);
    // h1 (16 wide) has ranks 11..16 to fit; h2 (12 wide) too few, which is reported, not a NaN.
    expect(Number.isFinite(m.spectrumByLayer.h1.alphaWeighted) && Number.isFinite(m.spectrumByLayer.h1.alphaUnweighted)).toBe(true);
    expect(m.spectrum.alphaWeighted).toBeNull();
    expect(m.spectrum.error).toMatch(/usable/);
    expect(m.spectrum.representation).toBe("h2 (test images)");
    expect(m.spectralPenalty.anchored).toBeGreaterThanOrEqual(0);
    expect(Object.keys(m.spectrumByLayer)).toEqual(["h1", "h2"]);
    expect(m.regularizers.map((r: { name: string }) => r.name)).toEqual(["l2", "isometric"]);
    expect(m.finalPenalties.isometric).toBeGreaterThan(0);
    expect(out.timings.epochSeconds).toHaveLength(3);
    expect(events).toContain("mlp");
    expect(m.metricsImages).toBe(60);
    expect(model.kind).toBe("mlp");
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("refuses a spectral term whose batch does not exceed the width", async () => {
    const cfg = { model: "mlp", mlp: { hidden: [16], batch: 16, regularizers: [{ name: "spectral" }] }, threads: 1 };
    await expect(runTraining(cfg, { split: split(1) })).rejects.toThrow(/must exceed the hidden width/);
  });
});

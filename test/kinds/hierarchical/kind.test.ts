import { beforeAll, describe, expect, it } from "vitest";
import type { Dataset, Split } from "../../../src/data/types.js";
import { PerParameterAdam } from "../../../src/kinds/hierarchical/adam.js";
import { HierarchicalSection } from "../../../src/kinds/hierarchical/config.js";
import { HierarchicalNet, initialWeights } from "../../../src/kinds/hierarchical/model.js";
import { levelStep } from "../../../src/kinds/hierarchical/train.js";
import { Rng } from "../../../src/rng.js";
import { memoryCheckpoints, type CheckpointStore } from "../../../src/runner/checkpoint.js";
import { runTraining, type TrainResults } from "../../../src/runner/train.js";
import { initTf, tf } from "../../../src/tf.js";

/** Four noisy prototypes in 16 pixels; classes {0, 1} and {2, 3} are the coarse groups. */
function split(): Split {
  const protos = new Rng(0).fillUniform(new Float32Array(4 * 16), 0, 1);
  const make = (n: number, s: number): Dataset => {
    const rng = new Rng(s);
    const images = new Float32Array(n * 16);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      labels[i] = i % 4;
      for (let j = 0; j < 16; j++) images[i * 16 + j] = Math.min(1, Math.max(0, protos[labels[i] * 16 + j] + 0.1 * rng.normal()));
    }
    return { images, labels, n, rows: 4, cols: 4, dim: 16, classes: 4, source: "test-protos" };
  };
  return { train: make(160, 1), test: make(80, 2) };
}

const hierarchical = { width: 16, depthPerLevel: 1, hierarchy: [[[0, 1], [2, 3]], [[0], [1], [2], [3]]], lambda: 0.1, K: 10, lr: 1e-2, batch: 16, epochs: 10 };
const cfg = { model: "hierarchical", seed: 3, hierarchical, threads: 1, analyses: { jacobian: { images: 20 } } };

beforeAll(() => initTf());

describe("the hierarchical kind, trained by the runner", () => {
  it("learns every level, and records each level's accuracy and the isometry at its readout depth beside the runner's figures", async () => {
    const { results, model } = await runTraining(cfg, { split: split() });
    const m = results.metrics as Record<string, any>;
    expect(m.levels.map((l: { readout: string }) => l.readout)).toEqual(["h2", "h3"]);
    expect(m.levels.map((l: { groups: string }) => l.groups)).toEqual(["01 | 23", "0 | 1 | 2 | 3"]);
    // Chance is 1/2 and 1/4; the fine level learns with fewer free layers (the coarse level's are frozen).
    expect(m.levels[0].testAccuracy).toBeGreaterThan(0.9);
    expect(m.levels[1].testAccuracy).toBeGreaterThan(0.6);
    for (const l of m.levels) expect(Number.isFinite(l.isometry)).toBe(true);
    // The finest level is the model's logits: its accuracy is the run's.
    expect(m.levels[1].testAccuracy).toBe(m.testAccuracy);
    expect(Object.keys(m.isometryByLayer)).toEqual(["h1", "h2", "h3"]);
    expect(m.spectrum.representation).toBe("h3, level 2 readout (test images)");
    expect(m.weightNorm).toBeGreaterThan(0);
    expect(m.finalTrainLoss).toHaveLength(2);
    model.dispose();
  });

  it("a level's step leaves the layers below its predecessor's readout alone", async () => {
    const c = HierarchicalSection.parse(hierarchical);
    const net = new HierarchicalNet({ inputDim: 16, classes: 4, width: 16, levels: 2, depthPerLevel: 1, hierarchy: c.hierarchy }, initialWeights({ inputDim: 16, classes: 4, width: 16, levels: 2, depthPerLevel: 1, hierarchy: c.hierarchy }, new Rng(1)));
    const s = split();
    const images = tf.tensor2d(s.train.images, [s.train.n, 16]);
    const labels = tf.tensor1d(Int32Array.from(s.train.labels), "int32");
    const idx = tf.tensor1d(Int32Array.from({ length: 32 }, (_, i) => i), "int32");
    const before = net.trainableVariables().map((v) => v.dataSync().slice());
    levelStep(net, new PerParameterAdam(1e-2), c, 1, idx, images, labels);
    const changed = net.trainableVariables().map((v, i) => v.dataSync().some((x, k) => x !== before[i][k]));
    // Input layer (w, b) and hidden layer 1 (w, b) frozen; hidden layer 2 and the head trained.
    expect(changed).toEqual([false, false, false, false, true, true, true, true]);
    tf.dispose([images, labels, idx]);
    net.dispose();
  });

  it("killed after epoch 1 and resumed from its checkpoint, ends with the numbers of an uninterrupted run", async () => {
    const comparable = (r: TrainResults) => {
      const { timings: _t, startedAt: _s, finishedAt: _f, ...rest } = r;
      return JSON.parse(JSON.stringify(rest));
    };
    const whole = await runTraining(cfg, { split: split() });
    whole.model.dispose();
    const inner = memoryCheckpoints();
    let n = 0;
    const killing: CheckpointStore = { load: () => inner.load(), clear: () => inner.clear(), flush: () => inner.flush(), save: (c) => (inner.save(c), ++n === 1 && (() => { throw new Error("killed"); })()) };
    await expect(runTraining(cfg, { split: split(), checkpoints: killing })).rejects.toThrow(/killed/);
    const resumed = await runTraining(cfg, { split: split(), checkpoints: inner });
    resumed.model.dispose();
    expect(comparable(resumed.results)).toEqual(comparable(whole.results));
  });
});

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Dataset } from "../../../src/data/types.js";
import { loadModel } from "../../../src/kinds/loadModelNode.js";
import { saveModel } from "../../../src/models/io.js";
import { Mlp, type MlpConfig } from "../../../src/kinds/mlp/model.js";
import { accuracy } from "../../../src/models/accuracy.js";
import { MlpTrainer } from "../../../src/kinds/mlp/trainer.js";
import { regularizerFromConfig } from "../../../src/regularizers/registry.js";
import { wasmEigen } from "../../../src/regularizers/spectral.js";
import { Rng } from "../../../src/rng.js";
import { initTf, tf } from "../../../src/tf.js";
import { init } from "../../../src/wasm/init.js";
import { mismatch, TOL } from "../../tolerances.js";
import { directionalCheck, tinyBatch } from "../../models/fd.js";

beforeAll(() => initTf());

const cfg = (over: Partial<MlpConfig> = {}): MlpConfig => ({ inputDim: 6, hidden: [5, 4], classes: 3, activation: "tanh", noise: null, seed: 3, ...over });

/** Two Gaussian blobs per class in 8 dimensions, pixels clipped to [0, 1]. */
function blobs(n: number, seed: number): Dataset {
  const d = 8;
  const c = 3;
  const centers = new Rng(0).fillUniform(new Float32Array(c * d), 0.2, 0.8);
  const rng = new Rng(seed);
  const images = new Float32Array(n * d);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % c;
    for (let j = 0; j < d; j++) images[i * d + j] = Math.min(1, Math.max(0, centers[labels[i] * d + j] + 0.05 * rng.normal()));
  }
  return { images, labels, n, rows: 1, cols: d, dim: d, classes: c, source: "test-blobs" };
}

describe("Mlp", () => {
  it("has the layer shapes, names and forward outputs it promises", () => {
    const m = new Mlp(cfg());
    expect(m.weights.map((w) => w.shape)).toEqual([[6, 5], [5, 4], [4, 3]]);
    expect(m.hiddenNames).toEqual(["h1", "h2"]);
    const { x } = tinyBatch(1, 7, 6, 3);
    const xt = tf.tensor2d(x, [7, 6]);
    const out = m.forward(xt);
    expect(out.hiddens.map((h) => h.shape)).toEqual([[7, 5], [7, 4]]);
    expect(out.logits.shape).toEqual([7, 3]);
    expect(mismatch(m.hidden(xt, "h2").dataSync(), out.hiddens[1].dataSync(), TOL.exact)).toBeNull();
    expect(mismatch(m.logits(xt).dataSync(), out.logits.dataSync(), TOL.exact)).toBeNull();
    // h1 by hand: tanh(x·W1 + b1) for row 0.
    const w1 = m.weights[0].dataSync();
    const h1 = out.hiddens[0].dataSync();
    for (let j = 0; j < 5; j++) {
      let z = 0;
      for (let i = 0; i < 6; i++) z += x[i] * w1[i * 5 + j];
      expect(h1[j]).toBeCloseTo(Math.tanh(z), 5);
    }
    expect(() => m.hidden(xt, "h3")).toThrow(/h1, h2/);
    m.dispose();
  });

  it("owns exactly its variables: dispose() frees every tensor it made", () => {
    const before = tf.memory().numTensors;
    const m = new Mlp(cfg());
    expect(tf.memory().numTensors - before).toBe(6);
    m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("rejects invalid configs with the field named", () => {
    expect(() => new Mlp(cfg({ hidden: [] }))).toThrow(/hidden/);
    expect(() => new Mlp(cfg({ activation: "elu" as never }))).toThrow(/activation/);
  });

  for (const activation of ["relu", "tanh"] as const) {
    it(`cross-entropy gradient matches a central difference (${activation})`, () => {
      const m = new Mlp(cfg({ activation }));
      const { x, labels } = tinyBatch(2, 9, 6, 3);
      const xt = tf.tensor2d(x, [9, 6]);
      const onehot = tf.oneHot(tf.tensor1d(labels, "int32"), 3);
      const loss = () => tf.losses.softmaxCrossEntropy(onehot, m.forward(xt).logits) as tf.Scalar;
      // relu: a smaller step, so that no pre-activation crosses its kink within ±ε.
      const r = directionalCheck(m, loss, activation === "relu" ? 2e-3 : 1e-2, 7);
      expect(Math.abs(r.analytic)).toBeGreaterThan(1e-3);
      expect(mismatch([r.analytic], [r.numeric], TOL.fdF32), JSON.stringify(r)).toBeNull();
      m.dispose();
    });
  }

  it("saves and loads through the model registry with identical logits", async () => {
    const m = new Mlp(cfg({ noise: { kind: "gaussian", std: 0.1, fixed: true } }));
    const dir = await mkdtemp(join(tmpdir(), "hebblab-mlp-"));
    try {
      await saveModel(dir, m, { note: "test" });
      const { model: back, meta } = await loadModel(dir);
      expect(meta).toEqual({ note: "test" });
      expect(back.kind).toBe("mlp");
      expect(back.stochastic).toBe(false);
      const x = tf.tensor2d(tinyBatch(3, 4, 6, 3).x, [4, 6]);
      expect(mismatch(back.logits(x).dataSync(), m.logits(x).dataSync(), TOL.exact)).toBeNull();
      back.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
      m.dispose();
    }
  });

  it("trains with every regularizer: loss falls, blobs are learned, no tensor leaks across epochs", async () => {
    const train = blobs(300, 1);
    const test = blobs(150, 2);
    // tanh: with relu, the isometric term can silence units until the spectral term has nothing left (tested separately).
    const m = new Mlp({ inputDim: 8, hidden: [16], classes: 3, activation: "tanh", noise: null, seed: 1 });
    const eigen = wasmEigen(await init());
    const regs = ["l2", "jacobian", "jacobian-hidden", "isometric", "spectral"].map((name) => regularizerFromConfig({ name }, { eigen }));
    const tr = new MlpTrainer(m, new Rng(1), { batch: 30, lr: 1e-2, regularizers: regs });
    const first = await tr.epoch(train);
    const count = tf.memory().numTensors;
    let last = first;
    for (let e = 0; e < 4; e++) last = await tr.epoch(train);
    expect(tf.memory().numTensors).toBe(count);
    expect(last.loss).toBeLessThan(first.loss);
    for (const r of regs) expect(last.penalties[r.name], r.name).toBeGreaterThan(0);
    expect(last.steps).toBe(10);
    expect(await accuracy(m, test)).toBeGreaterThan(0.95);
    tr.dispose();
    for (const r of regs) r.dispose?.();
    m.dispose();
  });
});

describe("Mlp with standardized inputs", () => {
  it("computes (x − μ)/max(σ, 0.01) first, and saves and loads its moments with the same outputs", async () => {
    await initTf();
    const D = 5;
    const mean = Float32Array.from([0.5, 0.1, 0.2, 0.3, 0.4]);
    const std = Float32Array.from([0.2, 0.001, 0.5, 0.1, 0.3]);
    const m = new Mlp({ inputDim: D, hidden: [3], classes: 2, activation: "relu", noise: null, seed: 4, standardize: true }, { mean, std });
    const plain = new Mlp({ inputDim: D, hidden: [3], classes: 2, activation: "relu", noise: null, seed: 4 });
    const x = Float32Array.from([0.9, 0.2, 0.1, 0.3, 0.0]);
    const z = Float32Array.from(x, (v, i) => (v - mean[i]) / Math.max(std[i], 0.01));
    const a = m.logits(tf.tensor2d(x, [1, D])).dataSync();
    const b = plain.logits(tf.tensor2d(z, [1, D])).dataSync();
    for (let i = 0; i < 2; i++) expect(a[i]).toBeCloseTo(b[i], 4);
    const dir = await mkdtemp(join(tmpdir(), "hebblab-mlp-std-"));
    try {
      await saveModel(dir, m);
      const back = (await loadModel(dir)).model;
      expect(Array.from(back.logits(tf.tensor2d(x, [1, D])).dataSync())).toEqual(Array.from(a));
      back.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(() => new Mlp({ inputDim: D, hidden: [3], classes: 2, activation: "relu", noise: null, seed: 4, standardize: true })).toThrow(/standardize needs the first layer's input mean and std, 5 values each/);
    m.dispose();
    plain.dispose();
  });
});

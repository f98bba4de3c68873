// Issue 22: the MLP options Holzhausen et al.'s backprop arms need (LocalLearning `SHLP`, `CETrainer`):
// no hidden bias, He-normal init, BatchNorm before the readout, pre-activation currents, lr schedules.
import { beforeAll, describe, expect, it } from "vitest";
import { Mlp, mlpFromArtifacts, BN_EPS } from "../../../src/kinds/mlp/model.js";
import { MlpTrainer } from "../../../src/kinds/mlp/trainer.js";
import { LrSchedule, scheduledLr } from "../../../src/training/schedule.js";
import { Rng } from "../../../src/rng.js";
import { initTf, tf } from "../../../src/tf.js";

beforeAll(async () => {
  await initTf();
});

describe("lrSchedule (LambdaLR by completed epochs)", () => {
  it("Holzhausen's shlp_schedule: epochs 1–31 at 1e-3, 32–91 at 5e-4, 92–121 2e-4, 122–161 1e-4, then 1e-5", () => {
    const s = LrSchedule.parse([{ upTo: 30, lr: 1e-3 }, { upTo: 90, lr: 5e-4 }, { upTo: 120, lr: 2e-4 }, { upTo: 160, lr: 1e-4 }, { lr: 1e-5 }]);
    expect([1, 31, 32, 91, 92, 121, 122, 161, 162, 1000].map((e) => scheduledLr(s, e))).toEqual([1e-3, 1e-3, 5e-4, 5e-4, 2e-4, 2e-4, 1e-4, 1e-4, 1e-5, 1e-5]);
  });
  it("specreg_schedule: 1e-3 while x ≤ 90, then 1e-3·exp(−(x − 90)/30)", () => {
    const s = LrSchedule.parse([{ upTo: 90, lr: 1e-3 }, { lr: 1e-3, decay: 30 }]);
    expect(scheduledLr(s, 91)).toBe(1e-3);
    expect(scheduledLr(s, 92)).toBeCloseTo(1e-3 * Math.exp(-1 / 30), 15);
    expect(scheduledLr(s, 200)).toBeCloseTo(1e-3 * Math.exp(-109 / 30), 15);
  });
  it("refuses a schedule without an open last segment or with upTo not increasing", () => {
    expect(() => LrSchedule.parse([{ upTo: 3, lr: 1 }])).toThrow(/leave out upTo/);
    expect(() => LrSchedule.parse([{ upTo: 5, lr: 1 }, { upTo: 5, lr: 2 }, { lr: 3 }])).toThrow(/increase/);
  });
});

describe("SHLP-style MLP", () => {
  const cfg = { inputDim: 8, hidden: [6], classes: 3, activation: "relu" as const, noise: null, seed: 2, hiddenBias: false, init: "he-normal" as const };

  it("has no trainable hidden bias, z1 = x·W1 exactly, and He-normal hidden weights (sd √(2/fan-in))", () => {
    const m = new Mlp({ ...cfg, inputDim: 400, hidden: [300] });
    expect(m.trainableVariables()).not.toContain(m.biases[0]);
    expect(m.trainableVariables()).toContain(m.biases[1]);
    const w = Array.from(m.weights[0].dataSync());
    const sd = Math.sqrt(w.reduce((a, v) => a + v * v, 0) / w.length);
    expect(Math.abs(sd / Math.sqrt(2 / 400) - 1)).toBeLessThan(0.02);
    const bound = 1 / Math.sqrt(300);
    expect(Math.max(...m.weights[1].dataSync().map(Math.abs))).toBeLessThanOrEqual(bound);
    const x = tf.tensor2d(new Rng(1).fillUniform(new Float32Array(2 * 400)), [2, 400]);
    expect(Array.from(m.hidden(x, "z1").dataSync())).toEqual(Array.from(tf.matMul(x, m.weights[0]).dataSync()));
    expect(m.representationLabel("z1")).toBe("pre-activation z1 = x·W1");
    x.dispose();
    m.dispose();
  });

  it("BatchNorm: training passes use the batch statistics and move the running ones by momentum 0.1; evaluation uses the running ones; both survive serialize and checkpoints", async () => {
    const m = new Mlp({ ...cfg, batchNorm: true });
    const rng = new Rng(3);
    const n = 40;
    const images = rng.fillUniform(new Float32Array(n * 8));
    const labels = Uint8Array.from({ length: n }, (_, i) => i % 3);
    const x = tf.tensor2d(images.subarray(0, 10 * 8), [10, 8]);
    // A training pass: the hidden layer after BN has batch mean 0 and (biased) variance ≈ 1 per unit (γ 1, β 0).
    const h = m.forward(x, { training: true }).hiddens[0];
    const { mean, variance } = tf.moments(h, 0);
    for (const v of mean.dataSync()) expect(Math.abs(v)).toBeLessThan(1e-5);
    const a = tf.relu(tf.matMul(x, m.weights[0]));
    const av = tf.moments(a, 0).variance.dataSync();
    variance.dataSync().forEach((v, u) => expect(v).toBeCloseTo(av[u] / (av[u] + BN_EPS), 4));
    m.commitBatchStats();
    const am = tf.moments(a, 0).mean.dataSync();
    const st = m.batchNormState();
    st.bn1_mean.forEach((v, u) => expect(v).toBeCloseTo(0.1 * am[u], 6));
    st.bn1_variance.forEach((v, u) => expect(v).toBeCloseTo(0.9 + 0.1 * (av[u] * 10) / 9, 6));
    // Training with the trainer keeps them moving; a saved model computes the same logits.
    const trainer = new MlpTrainer(m, new Rng(4), { batch: 10 });
    await trainer.epoch({ images, labels, n, rows: 1, cols: 8, dim: 8, classes: 3, source: "t" });
    const snap = await trainer.snapshot();
    expect(Object.keys(snap.arrays)).toEqual(expect.arrayContaining(["bn1_mean", "bn1_variance"]));
    const back = mlpFromArtifacts(await m.serialize());
    expect(Array.from(back.logits(x).dataSync())).toEqual(Array.from(m.logits(x).dataSync()));
    // A second model restored from the checkpoint has the same running statistics.
    const other = new Mlp({ ...cfg, batchNorm: true });
    const t2 = new MlpTrainer(other, new Rng(4), { batch: 10 });
    await t2.restore(snap);
    expect(other.batchNormState()).toEqual(m.batchNormState());
    trainer.dispose();
    t2.dispose();
    tf.dispose([x, h, mean, variance, a]);
    m.dispose();
    back.dispose();
    other.dispose();
  });
});

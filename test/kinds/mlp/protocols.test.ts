// Issue 22: the MLP options Holzhausen et al.'s backprop arms need (LocalLearning `SHLP`, `CETrainer`):
// no hidden bias, He-normal init, BatchNorm before the readout, pre-activation currents, lr schedules;
// and Nassar et al.'s (josuenassar/power_law): PyTorch's default nn.Linear init and AMSGrad.
import { beforeAll, describe, expect, it } from "vitest";
import { Mlp, mlpFromArtifacts, BN_EPS } from "../../../src/kinds/mlp/model.js";
import { MlpTrainer } from "../../../src/kinds/mlp/trainer.js";
import { LrSchedule, scheduledLr } from "../../../src/training/schedule.js";
import { Rng } from "../../../src/rng.js";
import { resolveConfig } from "../../../src/runner/config.js";
import { runTraining } from "../../../src/runner/train.js";
import { initTf, tf } from "../../../src/tf.js";
import { mismatch, TOL } from "../../tolerances.js";

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

describe("Nassar et al. 2020's MLP options", () => {
  const base = { inputDim: 784, hidden: [2000], classes: 10, activation: "tanh" as const, noise: null, seed: 3, init: "torch-default" as const };
  const stats = (x: Float32Array) => {
    let [sum, sq, max] = [0, 0, 0];
    for (const v of x) {
      sum += v;
      sq += v * v;
      max = Math.max(max, Math.abs(v));
    }
    return { mean: sum / x.length, variance: sq / x.length - (sum / x.length) ** 2, max };
  };

  it("init torch-default: nn.Linear's W ~ U(±1/√fan-in) (variance 1/(3·fan-in) on a 784×2000 layer) and bias U(±1/√fan-in), seeded", () => {
    const m = new Mlp(base);
    const layers = [
      { fanIn: 784, w: m.weights[0].dataSync() as Float32Array, b: m.biases[0].dataSync() as Float32Array },
      { fanIn: 2000, w: m.weights[1].dataSync() as Float32Array, b: m.biases[1].dataSync() as Float32Array },
    ];
    for (const { fanIn, w, b } of layers) {
      const bound = 1 / Math.sqrt(fanIn);
      expect(stats(w).max).toBeLessThanOrEqual(bound);
      expect(stats(w).max).toBeGreaterThan(0.99 * bound);
      expect(stats(b).max).toBeLessThanOrEqual(bound);
      expect(b.every((v) => v !== 0)).toBe(true);
      expect(stats(b).max).toBeGreaterThan(bound / 2);
      // The empirical variance of the weights against 1/(3·fan-in); the biases are few (2000 or 10), so only their range is checked.
      if (fanIn === 784) expect(mismatch([stats(w).variance], [1 / (3 * fanIn)], TOL.uniformVariance)).toBeNull();
      if (fanIn === 784) expect(Math.abs(stats(w).mean)).toBeLessThan(1e-4);
    }
    // The same seed gives the same draws; another seed others.
    const again = new Mlp({ ...base, inputDim: 20, hidden: [30] });
    const same = new Mlp({ ...base, inputDim: 20, hidden: [30] });
    const other = new Mlp({ ...base, inputDim: 20, hidden: [30], seed: 4 });
    expect(Array.from(same.weights[0].dataSync())).toEqual(Array.from(again.weights[0].dataSync()));
    expect(Array.from(same.biases[0].dataSync())).toEqual(Array.from(again.biases[0].dataSync()));
    expect(Array.from(other.weights[0].dataSync())).not.toEqual(Array.from(again.weights[0].dataSync()));
    for (const x of [m, again, same, other]) x.dispose();
  });

  it("init torch-default draws a bias only where the layer has one (hiddenBias false: the hidden bias stays 0, the readout's is drawn)", () => {
    const m = new Mlp({ ...base, inputDim: 50, hidden: [40, 30], hiddenBias: false });
    for (const l of [0, 1]) expect(Array.from(m.biases[l].dataSync()).every((v) => v === 0)).toBe(true);
    const out = m.biases[2].dataSync() as Float32Array;
    expect(out.some((v) => v !== 0)).toBe(true);
    expect(stats(out).max).toBeLessThanOrEqual(1 / Math.sqrt(30));
    m.dispose();
  });

  it("mlp.amsgrad defaults to false (tfjs's Adam); a non-boolean is refused with the field named; init torch-default resolves", () => {
    expect(resolveConfig({ model: "mlp" }).mlp).toMatchObject({ amsgrad: false, init: "glorot-uniform" });
    expect(resolveConfig({ model: "mlp", mlp: { amsgrad: true, init: "torch-default" } }).mlp).toMatchObject({ amsgrad: true, init: "torch-default" });
    expect(() => resolveConfig({ model: "mlp", mlp: { amsgrad: "yes" } })).toThrow(/mlp\.amsgrad: .*expected boolean/);
    expect(() => resolveConfig({ model: "mlp", mlp: { amsgrad: 1 } })).toThrow(/mlp\.amsgrad/);
    expect(() => resolveConfig({ model: "mlp", mlp: { init: "torch" } })).toThrow(/mlp\.init: .*torch-default/);
  });

  it("a trainer with amsgrad keeps v̂ as a third moment per variable in its snapshot and restores it; the kind trains with it", async () => {
    const images = new Rng(5).fillUniform(new Float32Array(40 * 8));
    const data = { images, labels: Uint8Array.from({ length: 40 }, (_, i) => i % 3), n: 40, rows: 1, cols: 8, dim: 8, classes: 3, source: "t" };
    const cfg = { inputDim: 8, hidden: [6], classes: 3, activation: "tanh" as const, noise: null, seed: 2, init: "torch-default" as const };
    const snaps = [];
    for (const amsgrad of [false, true]) {
      const m = new Mlp(cfg);
      const t = new MlpTrainer(m, new Rng(4), { batch: 10, amsgrad });
      await t.epoch(data);
      const snap = await t.snapshot();
      expect(snap.meta.moments).toBe((amsgrad ? 3 : 2) * m.trainableVariables().length);
      const other = new Mlp(cfg);
      const t2 = new MlpTrainer(other, new Rng(4), { batch: 10, amsgrad });
      await t2.restore(snap);
      expect(await t2.snapshot()).toEqual(snap);
      if (amsgrad) await expect(new MlpTrainer(new Mlp(cfg), new Rng(4), { batch: 10 }).restore(snap)).rejects.toThrow(/Adam keeps 2 per variable/);
      snaps.push(snap);
      for (const x of [t, t2]) x.dispose();
      for (const x of [m, other]) x.dispose();
    }
    // After the same steps, AMSGrad's weights are not Adam's.
    expect(snaps[1].arrays.var0).not.toEqual(snaps[0].arrays.var0);
    // The kind reads mlp.amsgrad: the same run with and without it ends apart.
    const run = async (amsgrad: boolean) => {
      const r = await runTraining({ seed: 7, data: { train: 200, test: 50 }, model: "mlp", mlp: { hidden: [16], epochs: 1, batch: 50, amsgrad, init: "torch-default" } });
      r.model.dispose();
      return r.results.metrics.finalTrainLoss;
    };
    expect(await run(true)).not.toBe(await run(false));
  });
});

// Issue 22: the regularizers as Holzhausen et al. ran them (holzhauk/LocalLearning Regularizers.py): on the
// pre-activation currents, with the reference's slips as a switch. Gradients by central differences, values
// against plain f64 re-implementations of the reference's formulas.
import { beforeAll, describe, expect, it } from "vitest";
import type { Dataset } from "../../src/data/types.js";
import { Mlp, type MlpConfig } from "../../src/kinds/mlp/model.js";
import { regularizerFromConfig } from "../../src/regularizers/registry.js";
import { holzhausenDatasetCovariance, HOLZHAUSEN_BATCH_SHIFT, wasmEigen, type EigenSolver } from "../../src/regularizers/spectral.js";
import { Rng } from "../../src/rng.js";
import { initTf, tf } from "../../src/tf.js";
import { init } from "../../src/wasm/init.js";
import { directionalCheck, tinyBatch } from "../models/fd.js";
import { mismatch, TOL } from "../tolerances.js";

let eigen: EigenSolver;
beforeAll(async () => {
  await initTf();
  eigen = wasmEigen(await init());
});

const D = 6;
const C = 3;
const H = 5;
// Batch below the width: allowed with Holzhausen's slips (their batch 1000 < width 2000).
const B = 4;
const net = (over: Partial<MlpConfig> = {}) => new Mlp({ inputDim: D, hidden: [H], classes: C, activation: "relu", noise: null, seed: 4, hiddenBias: false, init: "he-normal", ...over });

function dataset(n: number, seed: number): Dataset {
  const { x, labels } = tinyBatch(seed, n, D, C);
  return { images: x, labels: Uint8Array.from(labels), n, rows: 1, cols: D, dim: D, classes: C, source: "test" };
}

describe("spectral-unanchored with slips: holzhausen, on the currents", () => {
  const settings = { name: "spectral-unanchored", strength: 1, alpha: 1, representation: "preactivation", slips: "holzhausen" };

  it("accepts a batch below the width (the corrected variant refuses it)", () => {
    const m = net();
    expect(() => regularizerFromConfig(settings, { eigen }).check!(m, B)).not.toThrow();
    expect(() => regularizerFromConfig({ ...settings, slips: "corrected" }, { eigen }).check!(m, B)).toThrow(/must exceed the hidden width/);
    m.dispose();
  });

  it("V comes from the last batch's uncentred second moment: C = (hsᵀhs − mᵀm/N)/(N − 1), hs = z − K", () => {
    const m = net();
    const train = dataset(12, 7);
    const cov = holzhausenDatasetCovariance(m, "z1", train, B, H);
    // Plain f64: z = x·W (no bias), the last B rows; K = the first B rows' mean input value.
    const W = m.weights[0].dataSync();
    let k = 0;
    for (let i = 0; i < B * D; i++) k += train.images[i];
    k /= B * D;
    const z = (i: number, u: number) => Array.from({ length: D }, (_, j) => train.images[i * D + j] * W[j * H + u]).reduce((a, b) => a + b, 0);
    const rows = Array.from({ length: B }, (_, r) => train.n - B + r);
    const mean = Array.from({ length: H }, (_, u) => rows.reduce((a, i) => a + z(i, u) - k, 0) / B);
    for (let u = 0; u < H; u++)
      for (let v = 0; v < H; v++) {
        const g = rows.reduce((a, i) => a + (z(i, u) - k) * (z(i, v) - k), 0);
        const want = (g - (mean[u] * mean[v]) / train.n) / (train.n - 1);
        expect(mismatch([cov[u * H + v]], [want], TOL.f32Path), `${u},${v}`).toBeNull();
      }
    m.dispose();
  });

  it("its penalty is (1/H)·Σ[(λ_n/n⁻¹ − 1)² + relu(·)] with λ in V's order from the batch's second moment about 0.02, and its gradient matches central differences", async () => {
    const m = net();
    const r = regularizerFromConfig(settings, { eigen });
    r.check!(m, B);
    await r.beforeEpoch!(m, dataset(12, 7));
    const { x, labels } = tinyBatch(3, B, D, C);
    const xt = tf.tensor2d(x, [B, D]);
    const yt = tf.tensor1d(labels, "int32");
    const penalty = () => r.apply({ model: m, x: xt, labels: yt, out: m.forward(xt), rng: new Rng(5) });
    // Value: V from the same covariance, by the same eigensolver.
    const { vectors } = eigen(holzhausenDatasetCovariance(m, "z1", dataset(12, 7), B, H), H);
    const z = m.hidden(xt, "z1").dataSync();
    let loss = 0;
    for (let n = 0; n < H; n++) {
      const p = Array.from({ length: B }, (_, i) => Array.from({ length: H }, (_, u) => (z[i * H + u] - HOLZHAUSEN_BATCH_SHIFT) * vectors[u * H + n]).reduce((a, b) => a + b, 0));
      const mp = p.reduce((a, b) => a + b, 0) / B;
      const lam = (p.reduce((a, b) => a + b * b, 0) - (mp * mp) / B) / (B - 1);
      const ratio = lam / (1 / (n + 1)) - 1;
      loss += ratio * ratio + Math.max(0, ratio);
    }
    expect(mismatch([penalty().dataSync()[0]], [loss / H], TOL.f32Path)).toBeNull();
    const res = directionalCheck(m, penalty, 1e-2, 17);
    expect(Math.abs(res.analytic), JSON.stringify(res)).toBeGreaterThan(1e-4);
    expect(mismatch([res.analytic], [res.numeric], TOL.fdF32), JSON.stringify(res)).toBeNull();
    tf.dispose([xt, yt]);
    r.dispose?.();
    m.dispose();
  });
});

describe("jacobian-hidden on the currents", () => {
  it("of x·W is ‖W‖²_F in expectation (J = Wᵀ); Holzhausen's slip gives about ‖W‖²_F/n", () => {
    const m = net({ hidden: [40], init: "he-normal" });
    const d = 6;
    const b = 64;
    const x = tf.tensor2d(new Rng(2).fillUniform(new Float32Array(b * d), 0, 1), [b, d]);
    const w = Array.from(m.weights[0].dataSync());
    const fro = w.reduce((a, v) => a + v * v, 0);
    const est = (slips: string, seed: number) => {
      const r = regularizerFromConfig({ name: "jacobian-hidden", strength: 1, nProj: 3, representation: "preactivation", slips });
      return r.apply({ model: m, x, labels: tf.zeros([b], "int32"), out: m.forward(x), rng: new Rng(seed) }).dataSync()[0];
    };
    const mean = (slips: string) => Array.from({ length: 20 }, (_, s) => est(slips, s)).reduce((a, v) => a + v, 0) / 20;
    expect(Math.abs(mean("corrected") / fro - 1)).toBeLessThan(0.05);
    expect(Math.abs(mean("holzhausen") / fro - 1 / 3)).toBeLessThan(0.03);
    x.dispose();
    m.dispose();
  });
});

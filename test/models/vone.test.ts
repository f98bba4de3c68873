// Issue 13: a VOne-style front end (Dapello et al. 2020/2021; dicarlolab/vonenet) for 28×28 digits.
import { describe, expect, it } from "vitest";
import { Mlp, mlpFromArtifacts } from "../../src/kinds/mlp/model.js";
import { gaborKernel, gaborParams, normalCdf, VOneConfig, VOneFront } from "../../src/models/vone.js";
import { Rng } from "../../src/rng.js";
import { resolveConfig } from "../../src/runner/config.js";
import { initTf, tf } from "../../src/tf.js";

describe("Gabor bank", () => {
  it("normalCdf has the standard normal's values", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
  });

  it("gaborKernel is VOneNet's: the formula at a point, even kernels symmetric and odd ones antisymmetric about the center", () => {
    const [f, sx, sy, th, ks] = [0.1, 2, 3, 0.4, 9];
    const g = gaborKernel(f, sx, sy, th, 0, ks);
    const [x, y] = [2, -1]; // row offset x, column offset y
    const rx = x * Math.cos(th) + y * Math.sin(th);
    const ry = -x * Math.sin(th) + y * Math.cos(th);
    const want = (Math.exp(-0.5 * (rx ** 2 / sx ** 2 + ry ** 2 / sy ** 2)) / (2 * Math.PI * sx * sy)) * Math.cos(2 * Math.PI * f * rx);
    expect(g[(4 + x) * ks + (4 + y)]).toBeCloseTo(want, 7);
    const odd = gaborKernel(f, sx, sy, th, Math.PI / 2, ks);
    for (let i = 0; i < ks * ks; i++) {
      expect(g[i]).toBeCloseTo(g[ks * ks - 1 - i], 7);
      expect(odd[i]).toBeCloseTo(-odd[ks * ks - 1 - i], 7);
    }
  });

  it("samples orientation and spatial frequency from VOneNet's V1 histograms, with sf correlated to the envelope", () => {
    const n = 20000;
    const p = gaborParams(n, new Rng(1), { sfCorr: 0.75, sfMax: 9, sfMin: 0 });
    // DeValois 1982a: 66, 49, 77, 54 cells in the bins centered on 0°, 45°, 90°, 135°.
    const bins = [0, 0, 0, 0];
    for (const t of p.theta) bins[Math.floor(((t + 22.5) % 180) / 45)]++;
    const want = [66, 49, 77, 54].map((v) => v / 246);
    bins.forEach((b, i) => expect(Math.abs(b / n - want[i])).toBeLessThan(0.015));
    for (const v of p.sf) expect(v >= 0.5 && v <= 8).toBe(true);
    for (const v of p.phase) expect(v >= 0 && v <= 360).toBe(true);
    // DeValois 1982b: 32 of 139 cells between 2.0 and 2.8 cycles/°.
    expect(Math.abs(p.sf.filter((v) => v >= 2 && v < 2.8).length / n - 32 / 139)).toBeLessThan(0.015);
    // Rank correlation of sf and nx is positive (their normals correlate at 0.75).
    const rank = (a: Float64Array) => {
      const o = Array.from(a.keys()).sort((i, j) => a[i] - a[j]);
      const r = new Float64Array(a.length);
      o.forEach((i, k) => (r[i] = k));
      return r;
    };
    const [ra, rb] = [rank(p.sf), rank(p.nx)];
    const m = (n - 1) / 2;
    let num = 0;
    let den = 0;
    for (let i = 0; i < n; i++) {
      num += (ra[i] - m) * (rb[i] - m);
      den += (ra[i] - m) ** 2;
    }
    expect(num / den).toBeGreaterThan(0.5);
  });
});

describe("VOne front end in an MLP", () => {
  const small = VOneConfig.parse({ kind: "vone", simpleChannels: 4, complexChannels: 4, ksize: 7, stride: 4 });

  it("maps 28×28 images to 7×7×channels features with finite input gradients even on a blank image", async () => {
    await initTf();
    const f = new VOneFront(small, 28);
    expect([f.outSide, f.width]).toEqual([7, 7 * 7 * 8]);
    const x = tf.zeros([2, 784]) as tf.Tensor2D;
    const g = tf.grad((xx: tf.Tensor) => tf.sum(f.apply(xx as tf.Tensor2D)))(x);
    const v = g.dataSync();
    expect(v.every(Number.isFinite)).toBe(true);
    const out = f.apply(tf.ones([1, 784]) as tf.Tensor2D).dataSync();
    expect(out.slice(0, 7 * 7 * 8).every((a) => a >= 0)).toBe(true);
    tf.dispose([x, g]);
    f.dispose();
  });

  it("is a stochastic representation named vone, saved and loaded with the same outputs, and refuses regularizers", async () => {
    await initTf();
    const m = new Mlp({ inputDim: 784, hidden: [12], classes: 10, activation: "relu", noise: null, seed: 3, frontEnd: small });
    expect(m.hiddenNames).toEqual(["vone", "h1"]);
    expect(m.stochastic).toBe(true);
    const x = tf.randomUniform([3, 784], 0, 1, "float32", 5) as tf.Tensor2D;
    const back = mlpFromArtifacts(await m.serialize());
    const a = m.logits(x, { noiseRng: new Rng(9) }).dataSync();
    const b = back.logits(x, { noiseRng: new Rng(9) }).dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(m.hidden(x, "vone").shape).toEqual([3, 392]);
    expect(() => m.inputVjp(x, tf.ones([3, 10]) as tf.Tensor2D)).toThrow(/VOne front end/);
    tf.dispose(x);
    m.dispose();
    back.dispose();
    expect(() => resolveConfig({ model: "mlp", mlp: { frontEnd: "vone", regularizers: ["l2"] } })).toThrow(/frontEnd: regularizers/);
    expect(resolveConfig({ model: "mlp", mlp: { frontEnd: "vone" } }).mlp.frontEnd).toMatchObject({ kind: "vone", simpleChannels: 32, noise: { kind: "poisson", scale: 0.35, level: 0.07 } });
  });
});

describe("an MLP with the log-mel front end (waveform inputs)", () => {
  it("names the representation logmel, standardizes after the front end, and saves and loads with the same outputs", async () => {
    await initTf();
    const { LogMelFrontConfig } = await import("../../src/models/logmelFront.js");
    const front = LogMelFrontConfig.parse({ kind: "logmel", frame: 64, mels: 8 });
    const width = 8 * Math.ceil(300 / 64);
    const mean = new Float32Array(width).fill(0.4);
    const std = new Float32Array(width).fill(0.1);
    const m = new Mlp({ inputDim: 300, hidden: [6], classes: 3, activation: "relu", noise: null, seed: 1, frontEnd: front, standardize: true }, { mean, std });
    expect(m.hiddenNames).toEqual(["logmel", "h1"]);
    expect(m.stochastic).toBe(false);
    const x = tf.randomUniform([2, 300], 0.4, 0.6, "float32", 3) as tf.Tensor2D;
    expect(m.hidden(x, "logmel").shape).toEqual([2, width]);
    const back = mlpFromArtifacts(await m.serialize());
    expect(Array.from(back.logits(x).dataSync())).toEqual(Array.from(m.logits(x).dataSync()));
    expect(() => new Mlp({ inputDim: 300, hidden: [6], classes: 3, activation: "relu", noise: null, seed: 1, frontEnd: front, standardize: true }, { mean: new Float32Array(300), std: new Float32Array(300) })).toThrow(/first layer's input mean and std, 40 values/);
    tf.dispose(x);
    m.dispose();
    back.dispose();
  });
});

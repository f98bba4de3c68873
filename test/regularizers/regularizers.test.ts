import { beforeAll, describe, expect, it } from "vitest";
import type { Dataset } from "../../src/data/types.js";
import { Mlp, type MlpConfig } from "../../src/kinds/mlp/model.js";
import { REGULARIZERS, regularizerFromConfig } from "../../src/regularizers/registry.js";
import { hiddenCovariance, SpectralRegularizer, spectralPenalty, spectralTarget, wasmEigen, type EigenSolver } from "../../src/regularizers/spectral.js";
import type { Regularizer } from "../../src/regularizers/types.js";
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
const B = 9;
const net = (over: Partial<MlpConfig> = {}) => new Mlp({ inputDim: D, hidden: [5, 4], classes: C, activation: "tanh", noise: null, seed: 4, ...over });

function dataset(n: number, seed: number): Dataset {
  const { x, labels } = tinyBatch(seed, n, D, C);
  return { images: x, labels: Uint8Array.from(labels), n, rows: 1, cols: D, dim: D, classes: C, source: "test" };
}

/** The regularizer's penalty on a fixed batch, deterministic (a fresh Rng per call). */
async function setup(r: Regularizer, m: Mlp) {
  await r.beforeEpoch?.(m, dataset(40, 8));
  const { x, labels } = tinyBatch(3, B, D, C);
  const xt = tf.tensor2d(x, [B, D]);
  const yt = tf.tensor1d(labels, "int32");
  const penalty = () => r.apply({ model: m, x: xt, labels: yt, out: m.forward(xt), rng: new Rng(5) });
  return { x, labels, xt, penalty };
}

// Stronger settings where the default would make the term tiny next to f32 rounding.
const FD_CASES: Record<string, Record<string, unknown>> = {
  l2: {},
  jacobian: {},
  "jacobian-hidden": { nProj: 2 },
  isometric: { lambda2: 2 },
  spectral: { tau: 1 },
  "spectral-unanchored": {},
};

/**
 * The anchored spectral term treats its anchor λ_τ as a constant
 * (stop-gradient); a central difference must hold it fixed too.
 */
class FrozenAnchor extends SpectralRegularizer {
  private frozen: number | null = null;
  protected override anchor(lambdaTau: number): number {
    this.frozen ??= lambdaTau;
    return this.frozen;
  }
}

describe("regularizer registry", () => {
  it("every regularizer has a finite-difference case", () => {
    expect(Object.keys(FD_CASES).sort()).toEqual(REGULARIZERS.map((r) => r.name).sort());
  });

  for (const { name } of REGULARIZERS) {
    it(`${name}: settings() rebuilds the same regularizer, defaults filled`, () => {
      const r = regularizerFromConfig({ name });
      expect(r.name).toBe(name);
      const c = r.settings();
      expect(c.name).toBe(name);
      expect(typeof c.strength).toBe("number");
      expect(regularizerFromConfig(JSON.parse(JSON.stringify(c))).settings()).toEqual(c);
    });
  }

  it("names the known regularizers and the bad field", () => {
    expect(() => regularizerFromConfig({ name: "dropout" })).toThrow(/l2, jacobian/);
    expect(() => regularizerFromConfig({ name: "l2", strength: -1 })).toThrow(/strength/);
    expect(() => regularizerFromConfig({ name: "isometric", lamda2: 3 })).toThrow(/lamda2/);
  });
});

describe("regularizer gradients (central differences, one random direction)", () => {
  for (const [name, settings] of Object.entries(FD_CASES)) {
    it(name, async () => {
      const m = net();
      const r = name === "spectral" ? new FrozenAnchor({ ...settings, strength: 1 }, true, eigen) : regularizerFromConfig({ name, ...settings, strength: 1 }, { eigen });
      const { penalty } = await setup(r, m);
      const res = directionalCheck(m, penalty, 1e-2, 17);
      expect(Math.abs(res.analytic), JSON.stringify(res)).toBeGreaterThan(1e-3);
      expect(mismatch([res.analytic], [res.numeric], TOL.fdF32), JSON.stringify(res)).toBeNull();
      r.dispose?.();
      m.dispose();
    });
  }
});

describe("regularizer values against plain f64 references", () => {
  it("l2 = λ·Σθ²", async () => {
    const m = net();
    const { penalty } = await setup(regularizerFromConfig({ name: "l2", strength: 0.3 }), m);
    let s = 0;
    for (const v of m.trainableVariables()) for (const a of v.dataSync()) s += a * a;
    expect(mismatch([penalty().dataSync()[0]], [0.3 * s], TOL.f32Path)).toBeNull();
  });

  it("isometric = λ₁/B²·Σ_ij (λ₂·M·‖h_i−h_j‖ − M·‖x_i−x_j‖)²", async () => {
    const m = net();
    const { x, labels, xt, penalty } = await setup(regularizerFromConfig({ name: "isometric", strength: 0.5, lambda2: 3 }), m);
    const h = m.forward(xt).hiddens[1].dataSync();
    const dist = (a: ArrayLike<number>, w: number, i: number, j: number) => Math.hypot(...Array.from({ length: w }, (_, k) => a[i * w + k] - a[j * w + k]));
    let s = 0;
    for (let i = 0; i < B; i++) for (let j = 0; j < B; j++) if (labels[i] === labels[j]) s += (3 * dist(h, 4, i, j) - dist(x, D, i, j)) ** 2;
    expect(mismatch([penalty().dataSync()[0]], [(0.5 * s) / (B * B)], TOL.f32Path)).toBeNull();
  });

  it("spectral = β·mean over ranked Rayleigh quotients of the anchored target", async () => {
    const m = net({ hidden: [5, 4] });
    const r = new SpectralRegularizer({ strength: 2, tau: 1 }, true, eigen);
    const { xt, penalty } = await setup(r, m);
    const got = penalty().dataSync()[0];
    // Reference: Rayleigh quotients of the batch covariance on the same V, in f64.
    const h = m.forward(xt).hiddens[1].dataSync();
    const v = (r as unknown as { v: tf.Tensor2D }).v.dataSync();
    const H = 4;
    const mean = Array.from({ length: H }, (_, j) => Array.from({ length: B }, (_, i) => h[i * H + j]).reduce((a, b) => a + b) / B);
    const lam = Array.from({ length: H }, (_, k) => {
      let s = 0;
      for (let i = 0; i < B; i++) {
        let p = 0;
        for (let j = 0; j < H; j++) p += (h[i * H + j] - mean[j]) * v[j * H + k];
        s += p * p;
      }
      return s / (B - 1);
    }).sort((a, b) => b - a);
    expect(mismatch([got], [2 * spectralPenalty(lam, r.target)], TOL.f32Path)).toBeNull();
  });

  it("spectralPenalty: 0 on its own target, and a hand-computed value", () => {
    const t = { alpha: 1, tau: 2, anchored: true };
    const lam = [9, 5, 3, 3 * (3 / 4), 3 * (3 / 5)];
    expect(spectralPenalty(lam, t)).toBeCloseTo(0, 14);
    expect(spectralTarget(3, 5, t).first).toBe(3);
    // Ranks 3, 4 of [.., 3, 3, 1]: γ = 2.25, 1.8 → ratios 4/3, 5/9.
    const r1 = 3 / 2.25 - 1;
    const r2 = 1 / 1.8 - 1;
    expect(spectralPenalty([9, 5, 3, 3, 1], t)).toBeCloseTo((r1 * r1 + r1 + r2 * r2) / 2, 12);
    // Unanchored: γ_n = n^(−α) from rank 1.
    expect(spectralPenalty([1, 0.5, 1 / 3], { alpha: 1, tau: 0, anchored: false })).toBeCloseTo(0, 14);
  });

  it("spectral: the full-set covariance (chunked, f32 Gram) equals an f64 covariance", () => {
    const m = net();
    const data = dataset(2500, 9);
    const cov = hiddenCovariance(m, "h2", data.images, data.n, D, 4);
    const h = m.hidden(tf.tensor2d(data.images, [data.n, D]), "h2").dataSync();
    const mean = [0, 1, 2, 3].map((j) => Array.from({ length: data.n }, (_, i) => h[i * 4 + j]).reduce((a, b) => a + b) / data.n);
    const ref = new Float64Array(16);
    for (let i = 0; i < data.n; i++) for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) ref[a * 4 + b] += ((h[i * 4 + a] - mean[a]) * (h[i * 4 + b] - mean[b])) / (data.n - 1);
    expect(mismatch(cov, ref, TOL.f32Path)).toBeNull();
  });

  it("spectral: a batch with λ_τ = 0 adds 0, not NaN", async () => {
    const m = net();
    const r = new SpectralRegularizer({ tau: 1 }, true, eigen);
    await r.beforeEpoch(m, dataset(40, 8));
    const x = tf.tensor2d(tinyBatch(3, B, D, C).x, [B, D]);
    // Hidden rows all equal: zero batch covariance.
    const flat = tf.tile(tf.ones([1, 4]), [B, 1]) as tf.Tensor2D;
    const p = r.apply({ model: m, x, labels: tf.zeros([B], "int32"), out: { hiddens: [flat, flat], logits: tf.zeros([B, C]) }, rng: new Rng(1) });
    expect(p.dataSync()[0]).toBe(0);
  });

  it("spectral: the batch must exceed the width, said in the error", () => {
    const m = net({ hidden: [5, 4] });
    const r = new SpectralRegularizer();
    expect(() => r.check(m, 4)).toThrow(/batch \(4\) must exceed the hidden width \(4\)/);
    expect(() => r.check(m, 5)).toThrow(/tau/);
    expect(() => new SpectralRegularizer({ tau: 1 }).check(m, 5)).not.toThrow();
    expect(() => regularizerFromConfig({ name: "isometric", layer: 3 }).check!(m, 10)).toThrow(/layer/);
  });
});

describe("the regularizer union is derived from the registry", () => {
  it("accepts every registered name with its defaults, and nothing else", async () => {
    const { RegularizerConfig } = await import("../../src/regularizers/registry.js");
    for (const { name, schema } of REGULARIZERS) expect(RegularizerConfig.parse({ name })).toEqual({ name, ...schema.parse({}) });
    expect(RegularizerConfig.safeParse({ name: "dropout" }).success).toBe(false);
  });
});

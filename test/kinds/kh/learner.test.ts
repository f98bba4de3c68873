import { describe, expect, it } from "vitest";
import { KrotovHopfield } from "../../../src/kinds/kh/learner.js";
import { khRule, khKind } from "../../../src/kinds/kh/kind.js";
import { MODEL_KINDS, modelKind } from "../../../src/kinds/registry.js";
import { linearDecay } from "../../../src/kinds/local/schedule.js";
import { topAndKth } from "../../../src/kinds/kh/selection.js";
import { KhSection } from "../../../src/kinds/kh/config.js";
import type { ProgressEvent } from "../../../src/progress.js";
import { Rng } from "../../../src/rng.js";
import { init, type KernelBuild } from "../../../src/wasm/init.js";
import { mismatch, TOL } from "../../tolerances.js";
import { synthImages } from "../local/synth.js";

const synapse = (v: number, p: number) => Math.sign(v) * Math.pow(Math.abs(v), p - 1);

/**
 * One KH step by the dense formula over all H rows, in f64 (Krotov's notebook):
 * I = W̃·Xᵀ, g from a full argsort per sample (ties to the lower index),
 * ΔW = R^p·g·X − diag(Σ_b g·I)·W, W + ε·ΔW / max(max|ΔW|, 1e-30).
 */
function denseStep(W: Float32Array, X: Float32Array, H: number, D: number, nb: number, cfg: KhSection, eps: number): Float64Array {
  const { p, k, delta, R } = cfg;
  const I = new Float64Array(H * nb);
  for (let m = 0; m < H; m++)
    for (let b = 0; b < nb; b++) {
      let s = 0;
      for (let i = 0; i < D; i++) s += synapse(W[m * D + i], p) * X[b * D + i];
      I[m * nb + b] = s;
    }
  const g = new Float64Array(H * nb);
  for (let b = 0; b < nb; b++) {
    const order = Array.from({ length: H }, (_, m) => m).sort((i, j) => I[j * nb + b] - I[i * nb + b] || i - j);
    g[order[0] * nb + b] = 1;
    g[order[k - 1] * nb + b] = -delta;
  }
  const ds = new Float64Array(H * D);
  let nc = 0;
  for (let m = 0; m < H; m++) {
    let xx = 0;
    for (let b = 0; b < nb; b++) xx += g[m * nb + b] * I[m * nb + b];
    for (let i = 0; i < D; i++) {
      let hebb = 0;
      for (let b = 0; b < nb; b++) hebb += g[m * nb + b] * X[b * D + i];
      ds[m * D + i] = Math.pow(R, p) * hebb - xx * W[m * D + i];
      nc = Math.max(nc, Math.abs(ds[m * D + i]));
    }
  }
  nc = Math.max(nc, 1e-30);
  return Float64Array.from(W, (v, j) => v + (eps * ds[j]) / nc);
}

const BUILDS: KernelBuild[] = ["simd", "scalar"];

describe("linearDecay (ε = ε₀(1 − epoch/epochs))", () => {
  it("has the known values and rejects epochs outside the run", () => {
    expect(linearDecay(0.04, 0, 10)).toBe(0.04);
    expect(linearDecay(0.04, 5, 10)).toBeCloseTo(0.02, 15);
    expect(linearDecay(0.04, 9, 10)).toBeCloseTo(0.004, 15);
    expect(() => linearDecay(0.04, 10, 10)).toThrow(/outside/);
    expect(() => linearDecay(0.04, -1, 10)).toThrow(/outside/);
  });

  it("is what train() uses, epoch by epoch", async () => {
    const w = await init({ build: "simd" });
    const cfg = KhSection.parse({ hidden: 8, k: 2, lr: 0.03, epochs: 4, batch: 10 });
    const l = KrotovHopfield.create(w, cfg, 16, new Rng(1));
    try {
      const events: ProgressEvent[] = [];
      const { epochSeconds } = l.train(synthImages(new Rng(2), 25, 16, 5), 25, { onProgress: (e) => events.push(e) });
      expect(epochSeconds).toHaveLength(4);
      const last = events.filter((e) => e.done === 25);
      expect(last.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
      [0.03, 0.0225, 0.015, 0.0075].forEach((lr, i) => expect(last[i].info?.lr).toBeCloseTo(lr, 15));
      expect(events.every((e) => e.stage === "kh" && e.unit === "img" && e.total === 25 && e.epochs === 4)).toBe(true);
    } finally {
      l.dispose();
    }
  });
});

for (const build of BUILDS) {
  describe(`KrotovHopfield on ${build}`, () => {
    it.each([
      { p: 3, R: 1.3, k: 4, delta: 0.4 },
      { p: 2, R: 1, k: 2, delta: 0.25 },
      { p: 4.5, R: 0.8, k: 7, delta: 0.4 },
    ])("one step (sparse kernels) equals the dense formula over all rows: %o", async (o) => {
      const w = await init({ build });
      const [H, D, nb] = [37, 29, 13];
      const cfg = KhSection.parse({ hidden: H, batch: nb, ...o });
      const l = KrotovHopfield.create(w, cfg, D, new Rng(7));
      try {
        const W0 = l.weights();
        const X = synthImages(new Rng(8), nb, D, 6);
        const changed = l.trainBatch(X, nb, 0.05);
        const W1 = l.weights();
        const want = denseStep(W0, X, H, D, nb, cfg, 0.05);
        expect(mismatch(W1, want, TOL.f32Dot)).toBeNull();
        // Only selected rows move, and W̃ follows W.
        let moved = 0;
        for (let m = 0; m < H; m++) {
          const row = (a: Float32Array) => a.subarray(m * D, (m + 1) * D);
          if (row(W1).some((v, i) => v !== row(W0)[i])) moved++;
        }
        expect(moved).toBe(changed);
        expect(changed).toBeGreaterThan(1);
        expect(changed).toBeLessThanOrEqual(2 * nb);
        expect(mismatch(l.synapses(), Float64Array.from(W1, (v) => synapse(v, o.p)), TOL.f32)).toBeNull();
      } finally {
        l.dispose();
      }
    });

    it("drives ≥ 90% of units onto the p-sphere ‖W_μ‖_p = R (p = 3)", async () => {
      const w = await init({ build });
      const [H, D, n] = [30, 64, 400];
      const cfg = KhSection.parse({ hidden: H, p: 3, k: 2, delta: 0.4, R: 1, lr: 0.04, epochs: 200, batch: 20 });
      const l = KrotovHopfield.create(w, cfg, D, new Rng(11));
      try {
        const x = synthImages(new Rng(12), n, D, 50);
        const near = () => Array.from(l.unitNorms()).filter((v) => Math.abs(v - cfg.R) <= 0.01 * cfg.R).length / H;
        expect(near()).toBe(0); // N(0, 1) init: ‖W_μ‖_3 ≈ (64·1.6)^(1/3) ≈ 4.7
        l.train(x, n, { rng: new Rng(13) });
        expect(near()).toBeGreaterThanOrEqual(0.9);
      } finally {
        l.dispose();
      }
    });
  });
}

describe("KrotovHopfield outputs and inputs", () => {
  const cfg = KhSection.parse({ hidden: 21, p: 3, k: 3, batch: 8, epochs: 2 });
  const D = 19;

  it("currents, features and unit norms match the formulas (across GEMM chunks)", async () => {
    const w = await init({ build: "simd" });
    const l = KrotovHopfield.create(w, cfg, D, new Rng(3));
    try {
      l.train(synthImages(new Rng(4), 30, D, 5), 30);
      const n = 1030; // > one 1024-row chunk
      const x = synthImages(new Rng(5), n, D, 5);
      const W = l.weights();
      const H = cfg.hidden;
      const I = new Float64Array(n * H);
      for (let s = 0; s < n; s++)
        for (let m = 0; m < H; m++) {
          let acc = 0;
          for (let i = 0; i < D; i++) acc += synapse(W[m * D + i], cfg.p) * x[s * D + i];
          I[s * H + m] = acc;
        }
      expect(mismatch(l.currents(x, n), I, TOL.f32Dot)).toBeNull();
      expect(mismatch(l.features(x, n, 4.5), I.map((v) => Math.pow(Math.max(v, 0), 4.5)), { rtol: 1e-3, atol: 1e-3 })).toBeNull();
      const norms = Float64Array.from({ length: H }, (_, m) => {
        let s = 0;
        for (let i = 0; i < D; i++) s += Math.abs(W[m * D + i]) ** cfg.p;
        return s ** (1 / cfg.p);
      });
      expect(mismatch(l.unitNorms(), norms, TOL.f64Pow)).toBeNull();
    } finally {
      l.dispose();
    }
  });

  it("is reproducible from its seeds, and the shuffle seed matters", async () => {
    const w = await init({ build: "simd" });
    const x = synthImages(new Rng(4), 40, D, 5);
    const run = (shuffle: number) => {
      const l = KrotovHopfield.create(w, cfg, D, new Rng(3));
      try {
        l.train(x, 40, { rng: new Rng(shuffle) });
        return l.weights();
      } finally {
        l.dispose();
      }
    };
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
  });

  it("rejects bad inputs with messages that say what is wrong", async () => {
    const w = await init({ build: "simd" });
    const l = KrotovHopfield.create(w, cfg, D, new Rng(3));
    try {
      expect(() => l.train(new Float32Array(5 * D - 1), 5)).toThrow(/train images: expected n × D = 5 × 19 = 95 values, got 94/);
      const bad = new Float32Array(5 * D);
      bad[2 * D + 4] = NaN;
      expect(() => l.train(bad, 5)).toThrow(/train images: non-finite value NaN at row 2, column 4/);
      expect(() => l.currents(new Float32Array(0), 0)).toThrow(/n must be a positive integer/);
      expect(() => l.features(new Float32Array(D), 1, -1)).toThrow(/power must be ≥ 0/);
    } finally {
      l.dispose();
    }
    expect(() => l.weights()).toThrow(/after dispose/);
    expect(() => KrotovHopfield.create(w, { ...cfg, k: 30 }, D, new Rng(1))).toThrow(/k = 30 exceeds hidden = 21/);
    expect(() => topAndKth(1, 0.4)).toThrow(/k must be an integer ≥ 2/);
  });

  it("dispose gives its arena region back", async () => {
    const w = await init({ build: "simd" });
    const before = w.arena.used;
    const l = KrotovHopfield.create(w, cfg, D, new Rng(3));
    expect(w.arena.used).toBeGreaterThan(before);
    l.dispose();
    l.dispose();
    expect(w.arena.used).toBe(before);
  });

  it("is listed in the kinds' registry as kh", async () => {
    expect(MODEL_KINDS).toContain(khKind);
    expect(modelKind("kh")).toBe(khKind);
    const w = await init({ build: "simd" });
    const l = khRule.create(w, cfg, D, new Rng(1), {});
    expect(l).toBeInstanceOf(KrotovHopfield);
    l.dispose();
    expect(() => modelKind("nope")).toThrow(/known: kh/);
  });
});

// Issue 12: SoftHebb (REFERENCES §2) on the shared LocalLayer: one step equals the written-out rule,
// and training gives the same weights on 1, 2 and 3 threads.
import { describe, expect, it } from "vitest";
import { SoftHebb } from "../../../src/kinds/softhebb/learner.js";
import { SoftHebbSection } from "../../../src/kinds/softhebb/config.js";
import { Rng } from "../../../src/rng.js";
import { resolveConfig } from "../../../src/runner/config.js";
import { createPool } from "../../../src/wasm/pool.js";
import { init } from "../../../src/wasm/init.js";
import { mismatch, TOL } from "../../tolerances.js";
import { synthImages } from "../local/synth.js";

/** One SoftHebb step in f64 from the formulas: u = W·Xᵀ, y = softmax(tInv·u), ΔW = yX − (Σ y⊙u)W, per-row rate, max-normalized. */
function denseStep(W: Float32Array, X: Float32Array, H: number, D: number, nb: number, c: { tInv: number; powerLr: number }, eta: number): Float64Array {
  const u = new Float64Array(H * nb);
  for (let k = 0; k < H; k++) for (let b = 0; b < nb; b++) for (let i = 0; i < D; i++) u[k * nb + b] += W[k * D + i] * X[b * D + i];
  const y = new Float64Array(H * nb);
  for (let b = 0; b < nb; b++) {
    let m = -Infinity;
    for (let k = 0; k < H; k++) m = Math.max(m, u[k * nb + b]);
    let s = 0;
    for (let k = 0; k < H; k++) s += (y[k * nb + b] = Math.exp(c.tInv * (u[k * nb + b] - m)));
    for (let k = 0; k < H; k++) y[k * nb + b] /= s;
  }
  const ds = new Float64Array(H * D);
  let mx = 0;
  for (let k = 0; k < H; k++) {
    let yu = 0;
    for (let b = 0; b < nb; b++) yu += y[k * nb + b] * u[k * nb + b];
    for (let i = 0; i < D; i++) {
      let yx = 0;
      for (let b = 0; b < nb; b++) yx += y[k * nb + b] * X[b * D + i];
      ds[k * D + i] = yx - yu * W[k * D + i];
      mx = Math.max(mx, Math.abs(ds[k * D + i]));
    }
  }
  const out = Float64Array.from(W);
  for (let k = 0; k < H; k++) {
    let n2 = 0;
    for (let i = 0; i < D; i++) n2 += W[k * D + i] ** 2;
    const rate = eta * Math.pow(Math.abs(Math.sqrt(n2) - 1) + 1e-10, c.powerLr);
    for (let i = 0; i < D; i++) out[k * D + i] += (rate * ds[k * D + i]) / mx;
  }
  return out;
}

describe("SoftHebb", () => {
  it("one step equals the written-out rule (p = 2)", async () => {
    const w = await init({ build: "simd" });
    const [H, D, nb] = [9, 13, 6];
    const cfg = SoftHebbSection.parse({ hidden: H, batch: nb, tInv: 3, initRadius: 1.5 });
    const l = SoftHebb.create(w, cfg, D, new Rng(2));
    try {
      const W0 = l.weights();
      const x = new Rng(3).fillUniform(new Float32Array(nb * D));
      l.trainBatch(x, nb, 0.045);
      expect(mismatch(l.weights(), denseStep(W0, x, H, D, nb, cfg, 0.045), TOL.f32Dot)).toBeNull();
      expect(mismatch(l.synapses(), l.weights(), TOL.exact)).toBeNull(); // p = 2: W̃ = W
      expect(l.wins().reduce((a, b) => a + b, 0)).toBe(nb);
    } finally {
      l.dispose();
    }
  });

  it("gives the same weights, wins and norms on 1, 2 and 3 threads (last batch of 5 included)", async () => {
    const [H, D, n] = [26, 40, 69];
    const cfg = SoftHebbSection.parse({ hidden: H, batch: 16, epochs: 3, tInv: 4, initRadius: 3 });
    const x = synthImages(new Rng(4), n, D, 7);
    const runs = [];
    for (const threads of [1, 2, 3]) {
      const pool = await createPool({ threads, build: "simd" });
      try {
        const l = SoftHebb.create(pool.wasm, cfg, D, new Rng(5), { pool });
        l.train(x, n, { rng: new Rng(6) });
        runs.push({ w: l.weights(), wins: l.wins() });
        l.dispose();
      } finally {
        await pool.dispose();
      }
    }
    for (const r of runs.slice(1)) {
      expect(Buffer.from(r.w.buffer).equals(Buffer.from(runs[0].w.buffer))).toBe(true);
      expect(Array.from(r.wins)).toEqual(Array.from(runs[0].wins));
    }
    // Every sample of every epoch has exactly one winner.
    expect(runs[0].wins.reduce((a, b) => a + b, 0)).toBe(3 * n);
  });

  it("learns: the norms reach the unit sphere and the units become the class prototypes (radius-35 start, as the reference)", async () => {
    // 10 sparse prototypes in D = 64 (synthImages); 20 units from the reference's positive init of radius 35.
    const [H, D, n, classes] = [20, 64, 400, 10];
    const rng = new Rng(11);
    const x = synthImages(rng, n, D, classes);
    const w = await init({ build: "simd" });
    const l = SoftHebb.create(w, SoftHebbSection.parse({ hidden: H, batch: 20, epochs: 60, initRadius: 35 }), D, new Rng(12));
    const res = l.train(x, n, { rng: new Rng(13), convergence: { criterion: { tol: 2e-2, maxUnconverged: 0.1 } } });
    const norms = l.unitNorms();
    // Shrinking from 35 to 1 is what the first epochs do; by the end every norm is near 1.
    expect(res.convergence[0].norms.median).toBeGreaterThan(5);
    for (const v of norms) expect(Math.abs(v - 1)).toBeLessThan(0.05);
    // Each input is matched by a unit pointing its way: the best cosine over units, averaged, is high;
    // the initial random positive weights manage far less.
    const W = l.weights();
    const meanBestCos = (M: Float32Array) => {
      let total = 0;
      for (let i = 0; i < n; i++) {
        let best = -1;
        for (let k = 0; k < H; k++) {
          let dot = 0, a = 0, b = 0;
          for (let j = 0; j < D; j++) {
            dot += M[k * D + j] * x[i * D + j];
            a += M[k * D + j] ** 2;
            b += x[i * D + j] ** 2;
          }
          best = Math.max(best, dot / Math.sqrt(a * b));
        }
        total += best;
      }
      return total / n;
    };
    const fresh = SoftHebb.create(w, SoftHebbSection.parse({ hidden: H, initRadius: 35 }), D, new Rng(12));
    const before = meanBestCos(fresh.weights());
    fresh.dispose();
    const after = meanBestCos(W);
    expect(before).toBeLessThan(0.6);
    expect(after).toBeGreaterThan(0.9);
    l.dispose();
  });

  it("keeps η₀ constant by default (the reference's adaptive rate) and decays it linearly on request", async () => {
    const [H, D, n] = [8, 16, 40];
    const x = synthImages(new Rng(2), n, D, 3);
    const w = await init({ build: "simd" });
    const rates = (schedule: "constant" | "linear") => {
      const l = SoftHebb.create(w, SoftHebbSection.parse({ hidden: H, batch: 20, epochs: 4, schedule }), D, new Rng(3));
      const seen: number[] = [];
      l.train(x, n, { rng: new Rng(4), onProgress: (e) => e.done === e.total && seen.push(Number(e.info?.lr)) });
      l.dispose();
      return seen;
    };
    expect(rates("constant")).toEqual([0.045, 0.045, 0.045, 0.045]);
    expect(rates("linear").map((v) => +v.toFixed(6))).toEqual([0.045, 0.03375, 0.0225, 0.01125]);
  });

  it("brings its reference's readout (softmax(5·u), Adam 1e-3, 20 epochs) and defaults to 20 epochs of η₀ 0.045 from radius 35", () => {
    const cfg = resolveConfig({ model: "softhebb" });
    expect(cfg.readout).toMatchObject({ lr: 1e-3, epochs: 20 });
    expect(cfg.softhebb).toMatchObject({ hidden: 2000, p: 2, tInv: 12, lr: 0.045, schedule: "constant", powerLr: 0.2, initRadius: 35, epochs: 20, batch: 32, readoutActivation: "softmax", readoutTInv: 5 });
    expect(resolveConfig({ model: "softhebb", softhebb: { readoutActivation: "relu-pow" } }).softhebb).toMatchObject({ readoutActivation: "relu-pow", readoutTInv: 5 });
    // SoftHebb's readout defaults are its own: KH keeps the shared ones.
    expect(resolveConfig({ model: "kh" }).readout).toMatchObject({ lr: 1e-4, epochs: 40 });
  });
});

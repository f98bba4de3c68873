// Issue 10: the LocalLearning convergence criterion, per epoch, checked against plain TS.
import { describe, expect, it } from "vitest";
import { convergenceStats, convergenceWarning, LOCAL_LEARNING_CRITERION } from "../../../src/kinds/local/convergence.js";
import { KrotovHopfield } from "../../../src/kinds/kh/learner.js";
import { KhSection } from "../../../src/kinds/kh/config.js";
import type { ProgressEvent } from "../../../src/progress.js";
import { Rng } from "../../../src/rng.js";
import { init } from "../../../src/wasm/init.js";
import { synthImages } from "./synth.js";

/** Plain TS from W [H, D]: (Σ|W|^p)^(1/p) per row, mean per row, and the criterion, in f64. */
function plain(W: Float32Array, H: number, D: number, p: number, R: number, tol: number, maxMiss: number) {
  const norms: number[] = [];
  let ok = 0;
  let wrong = 0;
  for (let u = 0; u < H; u++) {
    let s = 0;
    let m = 0;
    for (let i = 0; i < D; i++) {
      s += Math.pow(Math.abs(W[u * D + i]), p);
      m += W[u * D + i];
    }
    norms.push(Math.pow(s, 1 / p));
    if (Math.abs(norms[u] - R) <= tol) ok++;
    if (m / D < -R / 2) wrong++;
  }
  const sorted = [...norms].sort((a, b) => a - b);
  return { fraction: ok / H, wrong, median: (sorted[(H - 1) >> 1] + sorted[H >> 1]) / 2, converged: (H - ok) / H < maxMiss && wrong === 0 };
}

describe("convergence diagnostics (LocalLearning criterion)", () => {
  it("agree with a plain-TS computation on random weights", async () => {
    const w = await init({ build: "simd" });
    const [H, D] = [41, 23];
    for (const [p, R, tol] of [[3, 1, 0.01], [2, 4.8, 0.5], [3, 3.9, 0.3]] as const) {
      const cfg = KhSection.parse({ hidden: H, p, R, k: 2, batch: 4 });
      const l = KrotovHopfield.create(w, cfg, D, new Rng(p * 10 + R));
      try {
        const crit = { tol, maxUnconverged: 0.5 };
        const got = l.convergence(0, crit);
        const want = plain(l.weights(), H, D, p, R, tol, 0.5);
        expect(got.fractionConverged).toBeCloseTo(want.fraction, 12);
        expect(got.wrongAttractor).toBe(want.wrong);
        expect(got.norms.median).toBeCloseTo(want.median, 5);
        expect(got.converged).toBe(want.converged);
        expect(got.neverWon).toBe(H); // nothing trained yet
      } finally {
        l.dispose();
      }
    }
  });

  it("counts wrong-attractor units and applies the strict 10 % bound", () => {
    const norms: number[] = Array.from({ length: 20 }, (_, u) => (u < 18 ? 1.005 : 1.2)); // 2 of 20 = 10 % unconverged
    const means = new Array(20).fill(0);
    const s = convergenceStats(7, norms, means, null, 1, LOCAL_LEARNING_CRITERION);
    expect(s.fractionConverged).toBe(0.9);
    expect(s.converged).toBe(false); // the reference needs fewer than 10 % unconverged
    expect(convergenceWarning(s, 1, LOCAL_LEARNING_CRITERION)).toMatch(/90\.0 % of units within 0\.01 of R = 1/);
    norms[18] = 0.995;
    const t = convergenceStats(7, norms, means, [1, 0, ...new Array(18).fill(3)], 1, LOCAL_LEARNING_CRITERION);
    expect(t.converged).toBe(true);
    expect(t.neverWon).toBe(1);
    expect(convergenceWarning(t, 1, LOCAL_LEARNING_CRITERION)).toBeNull();
    means[3] = -0.6;
    const u = convergenceStats(7, norms, means, null, 1, LOCAL_LEARNING_CRITERION);
    expect(u.wrongAttractor).toBe(1);
    expect(u.converged).toBe(false);
    expect(convergenceWarning(u, 1, LOCAL_LEARNING_CRITERION)).toMatch(/1 unit\(s\) on the wrong attractor/);
  });

  it("are recorded every epoch, shown in progress, and stop training when asked", async () => {
    const w = await init({ build: "simd" });
    const [H, D, n] = [30, 64, 400];
    const x = synthImages(new Rng(12), n, D, 50);
    const cfg = KhSection.parse({ hidden: H, p: 3, k: 2, lr: 0.04, epochs: 200, batch: 20 });
    const run = async (stopWhenMet: boolean) => {
      const l = KrotovHopfield.create(w, cfg, D, new Rng(11));
      const events: ProgressEvent[] = [];
      try {
        const r = l.train(x, n, { rng: new Rng(13), onProgress: (e) => events.push(e), convergence: { criterion: LOCAL_LEARNING_CRITERION, stopWhenMet } });
        return { r, events, wins: l.wins(), W: l.weights() };
      } finally {
        l.dispose();
      }
    };
    const full = await run(false);
    expect(full.r.convergence).toHaveLength(200);
    expect(full.r.stoppedEarly).toBe(false);
    expect(full.r.convergence.at(-1)!.converged).toBe(true);
    // Every sample of every epoch has exactly one winner.
    expect(full.wins.reduce((a, b) => a + b, 0)).toBe(200 * n);
    const ends = full.events.filter((e) => e.done === e.total);
    expect(ends).toHaveLength(200);
    expect(ends.every((e, i) => e.info?.converged === full.r.convergence[i].fractionConverged)).toBe(true);

    const first = full.r.convergence.findIndex((c) => c.converged) + 1;
    const early = await run(true);
    expect(early.r.stoppedEarly).toBe(true);
    expect(early.r.epochSeconds).toHaveLength(first);
    expect(early.r.convergence.at(-1)!.converged).toBe(true);
    // Up to the stop, the two runs are the same run.
    expect(early.r.convergence.map((c) => c.fractionConverged)).toEqual(full.r.convergence.slice(0, first).map((c) => c.fractionConverged));
  });
});

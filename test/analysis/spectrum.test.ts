import { lusolve, multiply, transpose } from "mathjs";
import { describe, expect, it } from "vitest";
import {
  analyzeSpectrum,
  componentsForVariance,
  fitPowerLaw,
  participationRatio,
  SpectrumError,
} from "../../src/analysis/spectrum.js";
import { Rng } from "../../src/rng.js";
import { init } from "../../src/wasm/init.js";
import { TOL } from "../tolerances.js";
import { gaussianWithSpectrum, powerLaw } from "./powerlaw.js";

describe("fitPowerLaw", () => {
  it("is exact on an exact power law (both fits)", () => {
    const v = Float64Array.from(powerLaw(600, 1.3), (x) => 5 * x);
    for (const weighted of [true, false]) {
      const f = fitPowerLaw(v, { weighted });
      expect(f.alpha).toBeCloseTo(1.3, 12);
      expect(f.intercept).toBeCloseTo(Math.log(5), 10);
      expect(f.stderr).toBeLessThan(1e-10);
      expect(f.r2).toBeCloseTo(1, 12);
      expect(f.ranks).toEqual([11, 500]);
      expect(f.points).toBe(490);
      expect(f.clipped).toBe(false);
    }
  });

  it("matches Stringer's normal equations b = (XᵀWX)⁻¹XᵀWy and the OLS standard error", () => {
    const rng = new Rng(41);
    const v = Float64Array.from(powerLaw(200, 1), (x) => x * Math.exp(0.2 * rng.normal()));
    const [lo, hi] = [5, 150];
    for (const weighted of [true, false]) {
      const X: number[][] = [];
      const WX: number[][] = [];
      const y: number[][] = [];
      for (let r = lo; r <= hi; r++) {
        const wt = weighted ? 1 / r : 1;
        X.push([-Math.log(r), 1]);
        WX.push([-wt * Math.log(r), wt]);
        y.push([Math.log(v[r - 1])]);
      }
      const XtWX = multiply(transpose(X), WX) as number[][];
      const b = lusolve(XtWX, multiply(transpose(WX), y) as number[][]) as number[][];
      let rss = 0;
      for (let i = 0; i < X.length; i++) {
        const r = y[i][0] - (b[0][0] * X[i][0] + b[1][0]);
        rss += (weighted ? 1 / (lo + i) : 1) * r * r;
      }
      const det = XtWX[0][0] * XtWX[1][1] - XtWX[0][1] * XtWX[1][0];
      const se = Math.sqrt((rss / (X.length - 2)) * (XtWX[1][1] / det));
      const f = fitPowerLaw(v, { ranks: [lo, hi], weighted });
      expect(f.alpha).toBeCloseTo(b[0][0], 10);
      expect(f.intercept).toBeCloseTo(b[1][0], 10);
      expect(f.stderr).toBeCloseTo(se, 10);
      expect(f.r2).toBeGreaterThan(0.5);
      expect(f.r2).toBeLessThan(1);
    }
  });

  it("clips to the usable spectrum, skips non-positive values, and refuses < 3 points", () => {
    const v = powerLaw(100, 1);
    const f = fitPowerLaw(v, { usable: 60 });
    expect(f.ranks).toEqual([11, 60]);
    expect(f.clipped).toBe(true);
    const g = Float64Array.from(v);
    g[20] = -1e-3;
    g[30] = 0;
    expect(fitPowerLaw(g).skipped).toBe(2);
    expect(() => fitPowerLaw(v, { ranks: [200, 300] })).toThrow(SpectrumError);
    expect(() => fitPowerLaw(v, { ranks: [11, 12] })).toThrow(/need ≥ 3/);
    expect(() => fitPowerLaw(v, { ranks: [0, 12] })).toThrow(/invalid/);
  });
});

describe("participation ratio and n90", () => {
  it("have the known values", () => {
    expect(participationRatio([1, 1, 1, 1])).toBe(4);
    expect(participationRatio([2, 0, 0])).toBe(1);
    expect(participationRatio([3, 1])).toBeCloseTo(16 / 10, 14);
    expect(componentsForVariance([1, 1, 1, 1])).toBe(4);
    expect(componentsForVariance([9, 1])).toBe(1);
    expect(componentsForVariance([5, 3, 1, 1])).toBe(3);
    expect(componentsForVariance([0, 0])).toBe(0);
  });
});

describe("analyzeSpectrum", () => {
  for (const alpha of [0.5, 1, 2]) {
    it(`recovers α = ${alpha} from Gaussian data with an n^−α covariance spectrum`, async () => {
      const w = await init();
      const d = 600;
      const n = 24000;
      const x = gaussianWithSpectrum(new Rng(50 + alpha * 10), n, powerLaw(d, alpha), 2);
      const r = analyzeSpectrum(w, x, n, d);
      expect(Math.abs(r.alphaWeighted - alpha), `weighted α = ${r.alphaWeighted}`).toBeLessThan(TOL.alphaRecovery.atol);
      expect(Math.abs(r.alphaUnweighted - alpha), `unweighted α = ${r.alphaUnweighted}`).toBeLessThan(TOL.alphaRecovery.atol);
      expect(r.fitWeighted.ranks).toEqual([11, 500]);
      expect(r.fitWeighted.stderr).toBeGreaterThan(0);
      expect(r.fitWeighted.r2).toBeGreaterThan(0.95);
      expect(r.usableRank).toBe(d);
      expect(r.notes).toEqual([]);
    });
  }

  it("rejects NaN/Inf with row and column, and fewer than 2 samples", async () => {
    const w = await init();
    const x = new Rng(60).fillNormal(new Float32Array(30 * 4));
    x[7 * 4 + 3] = NaN;
    expect(() => analyzeSpectrum(w, x, 30, 4)).toThrow(/non-finite value NaN at row 7, column 3/);
    x[7 * 4 + 3] = -Infinity;
    expect(() => analyzeSpectrum(w, x, 30, 4)).toThrow(/non-finite value -Infinity at row 7, column 3/);
    expect(() => analyzeSpectrum(w, new Float32Array(4), 1, 4)).toThrow(/at least 2 samples/);
    expect(() => analyzeSpectrum(w, new Float32Array(5), 2, 4)).toThrow(/expected 2×4/);
  });

  it("reports constant columns, drops them from the rank, or refuses them on request", async () => {
    const w = await init();
    const n = 400;
    const d = 60;
    const x = gaussianWithSpectrum(new Rng(61), n, powerLaw(d, 1));
    for (let s = 0; s < n; s++) {
      x[s * d + 5] = 3.25;
      x[s * d + 17] = 0;
    }
    const r = analyzeSpectrum(w, x, n, d);
    expect(r.constantColumns).toEqual([5, 17]);
    expect(r.structuralRank).toBe(d - 2);
    expect(r.usableRank).toBeLessThanOrEqual(d - 2);
    expect(r.fitWeighted.ranks[1]).toBe(r.usableRank);
    expect(r.notes[0]).toMatch(/2 constant column/);
    expect(Number.isFinite(r.alphaWeighted) && Number.isFinite(r.alphaUnweighted)).toBe(true);
    expect(() => analyzeSpectrum(w, x, n, d, { constantColumns: "error" })).toThrow(SpectrumError);
  });

  it("clips the fit range when n < d or d < 500, and says so; refuses a range outside the spectrum", async () => {
    const w = await init();
    const d = 200;
    const n = 80;
    const x = gaussianWithSpectrum(new Rng(62), n, powerLaw(d, 1));
    const r = analyzeSpectrum(w, x, n, d);
    expect(r.structuralRank).toBe(n - 1);
    expect(r.usableRank).toBe(n - 1);
    expect(r.fitWeighted.ranks).toEqual([11, n - 1]);
    expect(r.fitUnweighted.clipped).toBe(true);
    expect(r.notes.join()).toMatch(/clipped from 11\.\.500 to 11\.\.79/);
    expect(Number.isFinite(r.alphaWeighted)).toBe(true);
    expect(() => analyzeSpectrum(w, x, n, d, { ranks: [100, 150] })).toThrow(/usable spectrum is ranks 1\.\.79/);
  });

  it("treats all-constant data as an error, not a NaN α", async () => {
    const w = await init();
    expect(() => analyzeSpectrum(w, new Float32Array(50 * 20).fill(1), 50, 20)).toThrow(SpectrumError);
  });
});

describe("analyzeSpectrum via the Gram matrix (n < d)", () => {
  it("gives the covariance path's eigenvalues and fits, with a constant column and an offset (the live view's path)", async () => {
    const w = await init({ build: "simd" });
    const [n, d] = [120, 300];
    const rng = new Rng(21);
    const x = gaussianWithSpectrum(rng, n, powerLaw(d, 1.2));
    // Large offsets per column (as relu(I)^n features have) and one constant column.
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) x[i * d + j] += 50 + j;
    for (let i = 0; i < n; i++) x[i * d + 7] = 3;
    const a = analyzeSpectrum(w, x, n, d);
    const b = analyzeSpectrum(w, x, n, d, { via: "gram" });
    expect(b.eigenvalues.length).toBe(n);
    expect(b.constantColumns).toEqual([7]);
    expect(b.structuralRank).toBe(a.structuralRank);
    for (let k = 0; k < n - 1; k++) expect(Math.abs(b.eigenvalues[k] - a.eigenvalues[k])).toBeLessThan(1e-4 * a.eigenvalues[0]);
    expect(b.alphaWeighted).toBeCloseTo(a.alphaWeighted, 3);
    expect(b.alphaUnweighted).toBeCloseTo(a.alphaUnweighted, 3);
    expect(analyzeSpectrum(w, x, n, d, { via: "auto" }).eigenvalues.length).toBe(n);
    expect(() => analyzeSpectrum(w, x, n, d, { via: "gram", constantColumns: "error" })).toThrow(/constant column/);
  });
});

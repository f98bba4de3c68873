import { describe, expect, it } from "vitest";
import { cvPCA } from "../../src/analysis/cvpca.js";
import { analyzeSpectrum } from "../../src/analysis/spectrum.js";
import { Rng } from "../../src/rng.js";
import { init } from "../../src/wasm/init.js";
import { gaussianWithSpectrum, powerLaw } from "./powerlaw.js";

describe("cvPCA", () => {
  it("equals the plain eigenspectrum for identical repeats", async () => {
    const w = await init();
    const n = 500;
    const d = 120;
    const x = gaussianWithSpectrum(new Rng(70), n, powerLaw(d, 1));
    const cv = cvPCA(w, x, x, n, d);
    const plain = analyzeSpectrum(w, x, n, d);
    for (let k = 0; k < 60; k++) expect(Math.abs(cv.ss[k] - plain.eigenvalues[k]) / plain.eigenvalues[k]).toBeLessThan(1e-6);
    expect(cv.alphaWeighted).toBeCloseTo(plain.alphaWeighted, 5);
  });

  it("recovers the stimulus spectrum under repeat-specific noise that flattens plain PCA", async () => {
    const w = await init();
    const n = 4000;
    const d = 150;
    const alpha = 1.5;
    const signal = gaussianWithSpectrum(new Rng(71), n, powerLaw(d, alpha));
    const noisy = (seed: number) => {
      const rng = new Rng(seed);
      return Float32Array.from(signal, (v) => v + 0.06 * rng.normal());
    };
    const x1 = noisy(72);
    const x2 = noisy(73);
    const ranks: [number, number] = [5, 100];
    const cv = cvPCA(w, x1, x2, n, d, { ranks });
    const plain = analyzeSpectrum(w, x1, n, d, { ranks });
    expect(Math.abs(cv.alphaWeighted - alpha)).toBeLessThan(0.1);
    expect(plain.alphaWeighted).toBeLessThan(alpha - 0.3);
    // Averaged over swaps: symmetric in the two repeats.
    const swapped = cvPCA(w, x2, x1, n, d, { ranks });
    for (let k = 0; k < d; k++) expect(swapped.ss[k]).toBeCloseTo(cv.ss[k], 10);
  });

  it("rejects repeats of different shapes and NaN", async () => {
    const w = await init();
    const x = new Rng(74).fillNormal(new Float32Array(40 * 5));
    expect(() => cvPCA(w, x, x.subarray(0, 35 * 5), 40, 5)).toThrow(/repeat 2/);
    const y = x.slice();
    y[3] = NaN;
    expect(() => cvPCA(w, x, y, 40, 5)).toThrow(/cvPCA repeat 2: non-finite value NaN at row 0, column 3/);
  });
});

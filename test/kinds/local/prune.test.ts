import { describe, expect, it } from "vitest";
import { chi2Cdf3, fitMixture1D, gmmCutoff, pruneUnits, PruneConfig, unitWeightVariance } from "../../../src/kinds/local/prune.js";
import { Rng } from "../../../src/rng.js";

/** H units of D weights; unit u's weights are ±s_u (alternating), so its variance is known in closed form. */
function layerWithVariances(scales: number[], d: number): Float32Array {
  const w = new Float32Array(scales.length * d);
  scales.forEach((s, u) => {
    for (let i = 0; i < d; i++) w[u * d + i] = i % 2 ? s : -s;
  });
  return w;
}

describe("KH unit pruning (Holzhausen et al. 2024, LocalLearning StatisticGardener)", () => {
  it("the variance is per unit over the inputs, unbiased (÷ D − 1)", () => {
    const d = 10;
    const v = unitWeightVariance(layerWithVariances([1, 2], d), 2, d);
    // ±s alternating: mean 0, Σ(w − 0)² = D·s², ÷ (D − 1).
    expect(v[0]).toBeCloseTo((d * 1) / (d - 1), 12);
    expect(v[1]).toBeCloseTo((d * 4) / (d - 1), 12);
  });

  it("a fixed threshold removes exactly the units whose variance is at or above it, zeroing all their weights", () => {
    const d = 8;
    const scales = [0.05, 0.2, 0.1, 0.3, 0.01, 0.2];
    const w = layerWithVariances(scales, d);
    const before = w.slice();
    const v = unitWeightVariance(w, scales.length, d);
    const threshold = v[1]; // exactly unit 1's (and unit 5's) variance: ≥ prunes them
    const rec = pruneUnits(w, scales.length, d, PruneConfig.parse({ method: "threshold", threshold }));
    expect(rec.units).toEqual([1, 3, 5]);
    expect(rec.pruned).toBe(3);
    expect(rec.kept).toBe(3);
    for (let u = 0; u < scales.length; u++) {
      const row = w.subarray(u * d, (u + 1) * d);
      if (rec.units.includes(u)) expect([...row].every((x) => x === 0)).toBe(true);
      else expect([...row]).toEqual([...before.subarray(u * d, (u + 1) * d)]);
    }
  });

  it("Holzhausen's CIFAR threshold 0.0015 prunes every unit of an MNIST-like layer (variances 0.0042–0.0062); 0.01 keeps the converged ones", () => {
    const d = 784;
    const conv = Array.from({ length: 20 }, (_, i) => Math.sqrt(0.0042 + (0.002 * i) / 19));
    const noisy = [Math.sqrt(0.04), Math.sqrt(0.1)];
    const all = PruneConfig.parse({ method: "threshold", threshold: 0.0015 });
    expect(pruneUnits(layerWithVariances([...conv, ...noisy], d), 22, d, all).kept).toBe(0);
    const sep = pruneUnits(layerWithVariances([...conv, ...noisy], d), 22, d, PruneConfig.parse({ method: "threshold", threshold: 0.01 }));
    expect(sep.units).toEqual([20, 21]);
  });

  it("χ²₃ CDF matches known quantiles", () => {
    expect(chi2Cdf3(7.814727903251178)).toBeCloseTo(0.95, 12);
    expect(chi2Cdf3(11.344866730144373)).toBeCloseTo(0.99, 12);
    expect(chi2Cdf3(3)).toBeCloseTo(0.6083748237289109, 12);
    expect(1 - chi2Cdf3(40)).toBeCloseTo(1.0623e-8, 10);
  });

  it("EM recovers a well-separated two-component mixture", () => {
    const rng = new Rng(3);
    const g = rng.fillNormal(new Float64Array(3000));
    const x = Array.from(g, (z, i) => (i < 2000 ? -8.4 + 0.2 * z : -7 + 0.3 * z));
    const m = fitMixture1D(x, [-7.1, -8.5]);
    const order = m.means.map((v, k) => [v, k]).sort((a, b) => a[0] - b[0]);
    expect(order[0][0]).toBeCloseTo(-8.4, 1);
    expect(order[1][0]).toBeCloseTo(-7, 1);
    expect(m.weights[order[0][1]]).toBeCloseTo(2 / 3, 1);
  });

  it("the GMM cutoff lies between the image and noise modes; `corrected` skips pruning for one mode, `holzhausen` (the rejected mixture) still cuts", () => {
    const rng = new Rng(4);
    const g = rng.fillNormal(new Float64Array(3000));
    // Image-like units near ln var −8.5, noise-like ones near −7.1 (the reference's first two initial means).
    const two = Array.from(g, (z, i) => (i < 2000 ? -8.5 + 0.3 * z : -7.1 + 0.3 * z));
    const c = gmmCutoff(two, PruneConfig.parse({ method: "gmm", slips: "corrected" }) as Extract<PruneConfig, { method: "gmm" }>);
    expect(c.accepted).toBeGreaterThanOrEqual(2);
    // μ_noise − |μ_noise − μ_img|/2 ≈ −7.8, the midpoint.
    expect(c.cutoff!).toBeGreaterThan(-8.1);
    expect(c.cutoff!).toBeLessThan(-7.5);
    const one = Array.from(g, (z) => -6 + 0.3 * z);
    const corrected = gmmCutoff(one, PruneConfig.parse({ method: "gmm", slips: "corrected" }) as Extract<PruneConfig, { method: "gmm" }>);
    expect(corrected.accepted).toBe(1);
    expect(corrected.cutoff).toBeNull();
    const faithful = gmmCutoff(one, PruneConfig.parse({ method: "gmm" }) as Extract<PruneConfig, { method: "gmm" }>);
    expect(faithful.components).toBe(2);
    expect(faithful.cutoff).not.toBeNull();
  });
});

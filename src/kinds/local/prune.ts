import { z } from "zod";

/**
 * Unit pruning of a local layer (Holzhausen et al. 2024, `holzhauk/LocalLearning` `Statistics.py`
 * `StatisticGardener`): per unit μ the variance of its weights over the inputs, Var_i(W_μi) (unbiased,
 * N − 1, as `W.var(dim=0)`); units with variance ≥ the threshold are pruned: their whole weight
 * vector is set to 0 (the unit stays; its current and feature are 0). Noise-like, unconverged units
 * have large weight variance; converged prototype units small.
 */
export const PruneConfig = z.discriminatedUnion("method", [
  z
    .object({
      method: z.literal("threshold"),
      threshold: z
        .number()
        .positive()
        .describe(
          "Prune units whose weight variance is ≥ this. Holzhausen et al.'s published CIFAR-10 models: 0.0015 (the `_pruned_thr` files). On MNIST that value prunes every unit (converged units there have variance 0.0042–0.0062): ≈ 0.01 separates converged from unconverged units.",
        ),
    })
    .strict(),
  z
    .object({
      method: z.literal("gmm"),
      window: z.tuple([z.number(), z.number()]).default([-9, -3]).describe("Only ln-variances inside this open interval enter the mixture fits (Statistics.py:155–158)."),
      means: z.array(z.number()).min(4).default([-7.1, -8.5, -6.5, -6.0]).describe("Initial component means of the c-component fit: the first c of these (`means_init`, Statistics.py:129–136)."),
      pValue: z.number().gt(0).lt(1).default(0.01).describe("A c-component mixture is accepted over c − 1 while the likelihood-ratio test's p (χ² with 3 degrees of freedom) is below this."),
      maxComponents: z.number().int().min(2).max(4).default(4).describe("At most this many components."),
      slips: z
        .enum(["holzhausen", "corrected"])
        .default("holzhausen")
        .describe(
          "`holzhausen`: as `StatisticGardener.prune` ran: the cutoff comes from the last mixture FITTED, i.e. the one the test just rejected, and some cutoff is always applied. `corrected`: from the last ACCEPTED mixture, and no pruning when that is one Gaussian.",
        ),
    })
    .strict(),
]);
export type PruneConfig = z.infer<typeof PruneConfig>;

/** What pruning did, for the results. */
export interface PruneRecord {
  method: "threshold" | "gmm";
  /** The variance threshold applied (units with variance ≥ it were pruned); null when nothing was pruned by design. */
  threshold: number | null;
  pruned: number;
  kept: number;
  /** Indices of the pruned units. */
  units: number[];
  /** GMM only: components of the mixture the cutoff came from, and of the last accepted one. */
  components?: number;
  accepted?: number;
  means?: number[];
  /** Variance of each unit's weights (for plots), summarized. */
  variance: { min: number; median: number; max: number };
}

/** Per-unit variance of W [H, D] row-major over its D inputs, unbiased (÷ (D − 1)), f64. */
export function unitWeightVariance(w: Float32Array, h: number, d: number): Float64Array {
  if (w.length !== h * d) throw new Error(`prune: W has ${w.length} values, expected ${h} × ${d}`);
  if (d < 2) throw new Error("prune: a unit's weight variance needs at least 2 inputs");
  const out = new Float64Array(h);
  for (let u = 0; u < h; u++) {
    let s = 0;
    for (let i = 0; i < d; i++) s += w[u * d + i];
    const m = s / d;
    let q = 0;
    for (let i = 0; i < d; i++) q += (w[u * d + i] - m) ** 2;
    out[u] = q / (d - 1);
  }
  return out;
}

/**
 * Prunes W [H, D] in place by `cfg`: units with weight variance ≥ the threshold (fixed, or from the
 * GMM) get all-zero weights. Returns what was done.
 */
export function pruneUnits(w: Float32Array, h: number, d: number, cfg: PruneConfig): PruneRecord {
  const v = unitWeightVariance(w, h, d);
  let threshold: number | null;
  let extra: Pick<PruneRecord, "components" | "accepted" | "means"> = {};
  if (cfg.method === "threshold") threshold = cfg.threshold;
  else {
    const g = gmmCutoff(Array.from(v, Math.log), cfg);
    threshold = g.cutoff === null ? null : Math.exp(g.cutoff);
    extra = { components: g.components, accepted: g.accepted, means: g.means };
  }
  const units: number[] = [];
  if (threshold !== null) for (let u = 0; u < h; u++) if (v[u] >= threshold) units.push(u);
  for (const u of units) w.fill(0, u * d, (u + 1) * d);
  const sorted = Array.from(v).sort((a, b) => a - b);
  return { method: cfg.method, threshold, pruned: units.length, kept: h - units.length, units, ...extra, variance: { min: sorted[0], median: sorted[Math.floor(h / 2)], max: sorted[h - 1] } };
}

/** A 1-D Gaussian mixture. */
export interface Mixture1D {
  weights: number[];
  means: number[];
  variances: number[];
  logLikelihood: number;
}

/**
 * EM for a 1-D Gaussian mixture of `c` components from initial means (scikit-learn
 * `GaussianMixture(means_init=…)`: full covariance, tol 1e-3 on the mean log-likelihood per sample,
 * reg_covar 1e-6, at most 2000 iterations). As scikit-learn, the weights and variances start from a
 * k-means clustering (here 1-D Lloyd from evenly spaced quantiles) and only the means from
 * `initMeans`; the clusters are paired with the initial means in ascending order (scikit-learn's
 * pairing follows its k-means labels, an arbitrary order). c = 1 is the normal MLE (ddof 0).
 */
export function fitMixture1D(x: readonly number[], initMeans: readonly number[], maxIter = 2000, tol = 1e-3, reg = 1e-6): Mixture1D {
  const n = x.length;
  const c = initMeans.length;
  if (n < c + 1) throw new Error(`prune: ${n} values cannot fit ${c} components`);
  const labels = kmeans1D(x, c);
  const byInit = [...initMeans.keys()].sort((a, b) => initMeans[a] - initMeans[b]);
  const resp = labels.map((l) => {
    const r = new Array<number>(c).fill(0);
    r[byInit[l]] = 1;
    return r;
  });
  const means = new Array<number>(c).fill(0);
  const weights = new Array<number>(c).fill(0);
  const variances = new Array<number>(c).fill(0);
  const mStep = () => {
    for (let k = 0; k < c; k++) {
      let nk = 10 * Number.EPSILON;
      let s = 0;
      for (let i = 0; i < n; i++) (nk += resp[i][k]), (s += resp[i][k] * x[i]);
      means[k] = s / nk;
      let q = 0;
      for (let i = 0; i < n; i++) q += resp[i][k] * (x[i] - means[k]) ** 2;
      variances[k] = q / nk + reg;
      weights[k] = nk / n;
    }
  };
  const eStep = (): number => {
    let ll = 0;
    for (let i = 0; i < n; i++) {
      const lp = means.map((m, k) => Math.log(weights[k]) - 0.5 * Math.log(2 * Math.PI * variances[k]) - (x[i] - m) ** 2 / (2 * variances[k]));
      const mx = Math.max(...lp);
      const lse = mx + Math.log(lp.reduce((a, v) => a + Math.exp(v - mx), 0));
      for (let k = 0; k < c; k++) resp[i][k] = Math.exp(lp[k] - lse);
      ll += lse;
    }
    return ll;
  };
  // scikit-learn `_initialize`: parameters from the k-means responsibilities, then the given means.
  mStep();
  for (let k = 0; k < c; k++) means[k] = initMeans[k];
  let ll = eStep();
  for (let it = 0; it < maxIter; it++) {
    mStep();
    const next = eStep();
    const done = Math.abs(next - ll) / n < tol;
    ll = next;
    if (done) break;
  }
  return { weights: [...weights], means: [...means], variances: [...variances], logLikelihood: ll };
}

/** 1-D k-means (Lloyd) from evenly spaced quantiles; cluster labels ordered by ascending centre. */
function kmeans1D(x: readonly number[], c: number): number[] {
  const sorted = [...x].sort((a, b) => a - b);
  let centres = Array.from({ length: c }, (_, k) => sorted[Math.min(sorted.length - 1, Math.floor(((k + 0.5) / c) * sorted.length))]);
  let labels = new Array<number>(x.length).fill(0);
  for (let it = 0; it < 300; it++) {
    const next = x.map((v) => {
      let best = 0;
      for (let k = 1; k < c; k++) if (Math.abs(v - centres[k]) < Math.abs(v - centres[best])) best = k;
      return best;
    });
    const sums = new Array<number>(c).fill(0);
    const counts = new Array<number>(c).fill(0);
    next.forEach((l, i) => ((sums[l] += x[i]), counts[l]++));
    const moved = centres.map((m, k) => (counts[k] ? sums[k] / counts[k] : m));
    const same = next.every((l, i) => l === labels[i]) && it > 0;
    labels = next;
    centres = moved;
    if (same) break;
  }
  const order = [...centres.keys()].sort((a, b) => centres[a] - centres[b]);
  const rank = new Array<number>(c);
  order.forEach((k, r) => (rank[k] = r));
  return labels.map((l) => rank[l]);
}

/** P(χ²₃ ≤ x) = erf(√(x/2)) − √(2x/π)·e^(−x/2). */
export function chi2Cdf3(x: number): number {
  if (!(x > 0)) return 0;
  return erf(Math.sqrt(x / 2)) - Math.sqrt((2 * x) / Math.PI) * Math.exp(-x / 2);
}

/** erf by Abramowitz–Stegun 7.1.26 refined with a series/continued-fraction pair (≈ 1e-15). */
function erf(x: number): number {
  if (x < 0) return -erf(-x);
  if (x < 3) {
    // Maclaurin series: erf x = 2/√π Σ (−1)^n x^(2n+1) / (n! (2n+1)).
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (-x * x) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  // Continued fraction for erfc (Lentz), accurate for x ≥ 3.
  let f = x;
  let C = x;
  let D = 0;
  for (let i = 1; i < 300; i++) {
    const a = i / 2;
    D = x + a * D;
    D = 1 / D;
    C = x + a / C;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 - Math.exp(-x * x) / (f * Math.sqrt(Math.PI));
}

/**
 * `StatisticGardener.prune`'s cutoff on ln-variances: keep values inside the window; fit 1, 2, …
 * components; accept c while the likelihood-ratio test λ = −2(ℓ_{c−1} − ℓ_c), p = 1 − χ²₃(λ), has
 * p < pValue; cutoff = μ_noise − |μ_noise − μ_img|/2 with μ_noise the largest mean and μ_img the
 * second largest of the mixture used (`slips` decides which, see {@link PruneConfig}). Null: no cutoff.
 */
export function gmmCutoff(lnVar: readonly number[], cfg: Extract<PruneConfig, { method: "gmm" }>): { cutoff: number | null; components: number; accepted: number; means: number[] } {
  const x = lnVar.filter((v) => v > cfg.window[0] && v < cfg.window[1]);
  let prev = fitMixture1D(x, [mean(x)], 1);
  let accepted = prev;
  let last = prev;
  let c = 2;
  for (; c <= cfg.maxComponents; c++) {
    last = fitMixture1D(x, cfg.means.slice(0, c));
    const lambda = -2 * (prev.logLikelihood - last.logLikelihood);
    const p = 1 - chi2Cdf3(lambda);
    if (!(p < cfg.pValue)) break;
    accepted = last;
    prev = last;
  }
  const used = cfg.slips === "holzhausen" ? last : accepted;
  const k = used.means.length;
  if (k < 2) return { cutoff: null, components: k, accepted: accepted.means.length, means: used.means };
  const m = [...used.means].sort((a, b) => a - b);
  const noise = m[k - 1];
  const img = m[k - 2];
  return { cutoff: noise - Math.abs(noise - img) / 2, components: k, accepted: accepted.means.length, means: used.means };
}

function mean(x: readonly number[]): number {
  return x.reduce((a, b) => a + b, 0) / x.length;
}

import { checkSamples, covarianceAt } from "../kernels/covariance.js";
import { eigenAt } from "../kernels/eigen.js";
import { assertFiniteF32 } from "../kernels/vec.js";
import type { Wasm } from "../wasm/init.js";
import type { KernelPool } from "../wasm/pool.js";

/** Stringer et al. (2019) fit ranks, 1-based and inclusive (their `np.arange(11, 500)` is ranks 12..500). */
export const DEFAULT_RANKS: readonly [number, number] = [11, 500];

/**
 * Eigenvalues below this fraction of the trace are treated as zero: the f32
 * covariance (and f32 data) cannot resolve them (its rounding is ~1e-9 of the
 * trace in spectral norm at d = 2,000).
 */
export const DEFAULT_FLOOR = 1e-8;

/** A spectrum analysis that cannot give a meaningful answer (bad input, empty fit range). */
export class SpectrumError extends Error {
  override name = "SpectrumError";
}

/** A power-law fit λ_n ≈ c·n^(−α) over a rank range. */
export interface PowerLawFit {
  /** The exponent α (the slope of log λ against −log n). */
  alpha: number;
  /** Standard error of α: √(σ²·[(XᵀWX)⁻¹]₀₀), σ² = Σ wᵢrᵢ²/(N − 2). */
  stderr: number;
  /** Coefficient of determination (weighted when the fit is). */
  r2: number;
  /** log c. */
  intercept: number;
  /** Ranks actually fitted, 1-based inclusive (the requested range clipped to the usable spectrum). */
  ranks: [number, number];
  /** The range asked for. */
  requestedRanks: [number, number];
  /** True when `ranks` differs from `requestedRanks`. */
  clipped: boolean;
  /** Points in the fit. */
  points: number;
  /** Non-positive values inside the range, left out of the fit (cvPCA's noisy tail). */
  skipped: number;
  /** Weights 1/n (Stringer's `get_powerlaw`) or uniform (Holzhausen et al. 2024). */
  weighted: boolean;
}

/** Options of {@link fitPowerLaw}. */
export interface FitOptions {
  /** 1-based inclusive rank range; default {@link DEFAULT_RANKS}. */
  ranks?: readonly [number, number];
  /** Weights 1/n (default true). */
  weighted?: boolean;
  /** Only ranks ≤ usable are fitted (default: all values). */
  usable?: number;
}

/**
 * Least-squares fit of log λ_n = intercept − α·log n (Stringer et al. 2019,
 * `get_powerlaw`: weights 1/n, ranks 11..500; unweighted as in Holzhausen et
 * al. 2024). The range is clipped to ranks ≤ `usable` and non-positive values
 * are skipped; both are reported.
 * @param values spectrum by rank (values[0] is rank 1), e.g. descending eigenvalues.
 * @throws SpectrumError when fewer than 3 points remain (no standard error).
 */
export function fitPowerLaw(values: ArrayLike<number>, opts: FitOptions = {}): PowerLawFit {
  const [lo, hi] = opts.ranks ?? DEFAULT_RANKS;
  const weighted = opts.weighted ?? true;
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 1 || hi < lo) {
    throw new SpectrumError(`rank range ${lo}..${hi} is invalid: need integers 1 ≤ lo ≤ hi`);
  }
  const usable = Math.min(opts.usable ?? values.length, values.length);
  const top = Math.min(hi, usable);
  const xs: number[] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  let skipped = 0;
  for (let r = lo; r <= top; r++) {
    const v = values[r - 1];
    if (!(v > 0) || !Number.isFinite(v)) {
      skipped++;
      continue;
    }
    xs.push(-Math.log(r));
    ys.push(Math.log(v));
    ws.push(weighted ? 1 / r : 1);
  }
  const points = xs.length;
  if (points < 3) {
    throw new SpectrumError(
      `rank range ${lo}..${hi} leaves ${points} usable point(s) (need ≥ 3): the usable spectrum is ranks 1..${usable}` +
        (skipped ? `, ${skipped} non-positive value(s) in range` : ""),
    );
  }
  // Two passes (means, then centered sums and residuals): no cancellation when the fit is near exact.
  let sw = 0, mx = 0, my = 0;
  for (let i = 0; i < points; i++) {
    sw += ws[i];
    mx += ws[i] * xs[i];
    my += ws[i] * ys[i];
  }
  mx /= sw;
  my /= sw;
  let cxx = 0, cxy = 0, cyy = 0;
  for (let i = 0; i < points; i++) {
    const dx = xs[i] - mx;
    const dy = ys[i] - my;
    cxx += ws[i] * dx * dx;
    cxy += ws[i] * dx * dy;
    cyy += ws[i] * dy * dy;
  }
  const alpha = cxy / cxx;
  const intercept = my - alpha * mx;
  let rss = 0;
  for (let i = 0; i < points; i++) {
    const r = ys[i] - intercept - alpha * xs[i];
    rss += ws[i] * r * r;
  }
  const sigma2 = rss / (points - 2);
  const stderr = Math.sqrt(sigma2 / cxx);
  const r2 = cyy > 0 ? 1 - rss / cyy : 1;
  return {
    alpha,
    stderr,
    r2,
    intercept,
    ranks: [lo, top],
    requestedRanks: [lo, hi],
    clipped: top !== hi,
    points,
    skipped,
    weighted,
  };
}

/** Participation ratio (Σλ)²/Σλ² (REFERENCES §6): the effective number of dimensions. Negative values count as 0. */
export function participationRatio(values: ArrayLike<number>): number {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < values.length; i++) {
    const v = Math.max(values[i], 0);
    s += v;
    s2 += v * v;
  }
  return s2 > 0 ? (s * s) / s2 : 0;
}

/** Number of leading components holding `fraction` (default 0.9) of the variance Σλ (negative values count as 0). */
export function componentsForVariance(values: ArrayLike<number>, fraction = 0.9): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += Math.max(values[i], 0);
  if (total <= 0) return 0;
  let acc = 0;
  for (let i = 0; i < values.length; i++) {
    acc += Math.max(values[i], 0);
    if (acc >= fraction * total) return i + 1;
  }
  return values.length;
}

/** Options of {@link analyzeSpectrum}. */
export interface SpectrumOptions {
  /** 1-based inclusive fit range, default [11, 500]; clipped to the usable spectrum. */
  ranks?: readonly [number, number];
  /** Constant (zero-variance) columns: `drop` (default: reported, and the rank reduced by their count) or `error`. */
  constantColumns?: "drop" | "error";
  /** Eigenvalues ≤ floor·trace end the usable spectrum (default {@link DEFAULT_FLOOR}). */
  floor?: number;
  /**
   * Threads for the covariance (`pool.wasm` must be the `w` passed in); the
   * eigenvalues stay on the caller. Every figure is bit for bit the same for
   * any thread count. Default: one thread.
   */
  pool?: KernelPool;
  /**
   * How the eigenvalues are found: `covariance` (default), the d×d covariance; `gram`, the n×n
   * Gram matrix of the centered samples, whose nonzero eigenvalues are the same (cheaper when
   * n < d: the page's live spectrum of 2000 units on 500 images); `auto`, whichever is smaller.
   */
  via?: "covariance" | "gram" | "auto";
}

/** How much of a spectrum the fits may use, and why. */
export interface UsableSpectrum {
  /** min(n − 1, d − constant columns): the covariance's rank at most. */
  structuralRank: number;
  /** Leading ranks above floor·trace, within the structural rank: the fits use ranks ≤ this. */
  usableRank: number;
  /** The floor (absolute) below which eigenvalues count as zero. */
  floor: number;
}

/** The power-law fits and spectrum summaries every spectrum result carries (PCA and cvPCA). */
export interface SpectrumSummary extends UsableSpectrum {
  /** fitWeighted.alpha (Stringer's α). */
  alphaWeighted: number;
  /** fitUnweighted.alpha. */
  alphaUnweighted: number;
  fitWeighted: PowerLawFit;
  fitUnweighted: PowerLawFit;
  /** (Σλ)²/Σλ². */
  participationRatio: number;
  /** Components for 90 % of the variance. */
  n90: number;
  /** Samples (rows) and units (columns) of the input. */
  samples: number;
  units: number;
}

/** Result of {@link analyzeSpectrum}. */
export interface SpectrumResult extends SpectrumSummary {
  /** Covariance eigenvalues, descending (d of them). */
  eigenvalues: Float64Array;
  /** Indices of zero-variance columns (dropped from the rank, see `constantColumns`). */
  constantColumns: number[];
  /** Human-readable notes on every clipping or dropping that happened. */
  notes: string[];
  /** Seconds per stage: covariance (incl. copy and checks), eigenvalues, fits. */
  seconds: { covariance: number; eigen: number; fit: number };
}

/** Structural and numerical extent of a descending spectrum (shared by spectrum and cvPCA). */
export function usableSpectrum(values: ArrayLike<number>, structuralRank: number, floorRel = DEFAULT_FLOOR): UsableSpectrum {
  let trace = 0;
  for (let i = 0; i < values.length; i++) trace += Math.max(values[i], 0);
  const floor = floorRel * trace;
  let usableRank = 0;
  const cap = Math.min(structuralRank, values.length);
  while (usableRank < cap && values[usableRank] > floor) usableRank++;
  return { structuralRank, usableRank, floor };
}

/** Both fits plus the notes that explain any clipping. */
export function fitBoth(values: ArrayLike<number>, u: UsableSpectrum, ranks: readonly [number, number] = DEFAULT_RANKS) {
  const fitWeighted = fitPowerLaw(values, { ranks, weighted: true, usable: u.usableRank });
  const fitUnweighted = fitPowerLaw(values, { ranks, weighted: false, usable: u.usableRank });
  const notes: string[] = [];
  if (fitWeighted.clipped) {
    notes.push(
      `fit ranks clipped from ${ranks[0]}..${ranks[1]} to ${fitWeighted.ranks[0]}..${fitWeighted.ranks[1]}: ` +
        `usable spectrum is ranks 1..${u.usableRank} (structural rank ${u.structuralRank}, floor ${u.floor.toExponential(2)})`,
    );
  }
  if (fitWeighted.skipped) notes.push(`${fitWeighted.skipped} non-positive value(s) in the fit range were left out`);
  return { fitWeighted, fitUnweighted, notes };
}

/**
 * Eigenspectrum of a representation's covariance and its power-law exponent
 * (Stringer et al., Nature 2019; REFERENCES §3 and §6).
 *
 * Pipeline (all in WASM memory, no copies of the d×d matrix): column means,
 * covariance (f32 products, f64 accumulation; split by column stripes over
 * `opts.pool`, with the same bytes on any thread count), all eigenvalues in
 * f64 (Householder + QL), then both fits, participation ratio and n90.
 *
 * Degenerate input is reported, not hidden: the fits use ranks ≤ usableRank,
 * where usableRank ≤ min(n − 1, d − constant columns) and every used
 * eigenvalue exceeds floor·trace; e.g. d < 500 or n ≤ 500 clips the default
 * range 11..500 (see fitWeighted.ranks, clipped, and notes).
 *
 * @param x [n, d] row-major f32, rows = samples (stimuli), columns = units.
 * @throws Error on NaN/±Inf (naming row and column) or n < 2;
 *   SpectrumError on constant columns with `constantColumns: "error"`, or when
 *   fewer than 3 usable ranks fall in the fit range.
 */
export function analyzeSpectrum(w: Wasm, x: Float32Array, n: number, d: number, opts: SpectrumOptions = {}): SpectrumResult {
  checkSamples("analyzeSpectrum", x, n, d);
  const mark = w.arena.mark();
  let values: Float64Array;
  const constantColumns: number[] = [];
  const t0 = performance.now();
  let t1: number;
  try {
    const xp = w.arena.putF32(x);
    assertFiniteF32(w, xp, n * d, "analyzeSpectrum input", d);
    if (opts.via === "gram" || (opts.via === "auto" && n < d)) {
      values = gramEigenvalues(w, x, n, d, constantColumns, opts.pool);
      t1 = performance.now();
      if (constantColumns.length && opts.constantColumns === "error") {
        throw new SpectrumError(`analyzeSpectrum: ${constantColumns.length} constant column(s), first ${constantColumns.slice(0, 10).join(", ")}`);
      }
      return finish();
    }
    const mean = w.arena.allocF64(d);
    const cov = w.arena.allocF64(d * d);
    covarianceAt(w, xp, n, d, mean, cov, { pool: opts.pool });
    const c = w.arena.f64(cov, d * d);
    for (let j = 0; j < d; j++) if (c[j * d + j] === 0) constantColumns.push(j);
    if (constantColumns.length && opts.constantColumns === "error") {
      throw new SpectrumError(`analyzeSpectrum: ${constantColumns.length} constant column(s), first ${constantColumns.slice(0, 10).join(", ")}`);
    }
    t1 = performance.now();
    values = eigenAt(w, cov, d, false).values;
  } finally {
    w.arena.release(mark);
  }
  return finish();

  function finish(): SpectrumResult {
    const t2 = performance.now();
    const r = spectrumStats(values, Math.min(n - 1, d - constantColumns.length), opts);
    if (constantColumns.length) {
      r.notes.unshift(`${constantColumns.length} constant column(s) (zero variance) dropped from the rank, first: ${constantColumns.slice(0, 10).join(", ")}`);
    }
    const t3 = performance.now();
    return {
      ...r,
      samples: n,
      units: d,
      constantColumns,
      seconds: { covariance: (t1 - t0) / 1e3, eigen: (t2 - t1) / 1e3, fit: (t3 - t2) / 1e3 },
    };
  }
}

/**
 * Eigenvalues (descending, n of them) of the covariance of x [n, d] from the Gram matrix
 * G = X_c·X_cᵀ/(n − 1) of the column-centered samples: the same nonzero spectrum as the d×d
 * covariance. The covariance kernel, given Y = X_cᵀ [d, n], centers Y's columns over its d rows
 * too; adding back d·ȳ·ȳᵀ (ȳ: its column means) undoes that. Fills `constant` with zero-variance columns.
 */
function gramEigenvalues(w: Wasm, x: Float32Array, n: number, d: number, constant: number[], pool?: KernelPool): Float64Array {
  const mark = w.arena.mark();
  try {
    const mu = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mu[j] += x[i * d + j];
    for (let j = 0; j < d; j++) mu[j] /= n;
    const y = w.arena.allocF32(d * n);
    const yv = w.arena.f32(y, d * n);
    const sq = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const v = x[i * d + j] - mu[j];
        yv[j * n + i] = v;
        sq[j] += v * v;
      }
    }
    for (let j = 0; j < d; j++) if (sq[j] === 0) constant.push(j);
    const mean = w.arena.allocF64(n);
    const cov = w.arena.allocF64(n * n);
    covarianceAt(w, y, d, n, mean, cov, { pool });
    const g = w.arena.f64(cov, n * n);
    const m = w.arena.f64(mean, n);
    for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) g[i * n + k] = ((d - 1) * g[i * n + k] + d * m[i] * m[k]) / (n - 1);
    return eigenAt(w, cov, n, false).values;
  } finally {
    w.arena.release(mark);
  }
}

/** Fits, participation ratio and n90 of a descending spectrum with a known structural rank. */
export function spectrumStats(values: Float64Array, structuralRank: number, opts: Pick<SpectrumOptions, "ranks" | "floor"> = {}) {
  const u = usableSpectrum(values, structuralRank, opts.floor);
  const { fitWeighted, fitUnweighted, notes } = fitBoth(values, u, opts.ranks);
  return {
    eigenvalues: values,
    alphaWeighted: fitWeighted.alpha,
    alphaUnweighted: fitUnweighted.alpha,
    fitWeighted,
    fitUnweighted,
    participationRatio: participationRatio(values),
    n90: componentsForVariance(values, 0.9),
    ...u,
    notes,
  };
}

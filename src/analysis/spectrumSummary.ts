import { analyzeSpectrum, SpectrumError } from "./spectrum.js";
import type { Wasm } from "../wasm/init.js";
import type { KernelPool } from "../wasm/pool.js";
import type { LiveEvent } from "../progress.js";

/** The spectrum figures a results file records for one representation. */
export interface SpectrumMetrics {
  /** Which representation, e.g. `features` (relu(I)^n) or `hidden1`. */
  representation: string;
  /** Rows (images) and columns (units) of the analyzed matrix. */
  samples: number;
  units: number;
  /** Stringer's weighted fit (weights 1/n) and the unweighted fit; null when the layer is too narrow to fit (see `error`). */
  alphaWeighted: number | null;
  alphaUnweighted: number | null;
  fitWeighted?: { alpha: number; stderr: number; r2: number; ranks: readonly [number, number] };
  fitUnweighted?: { alpha: number; stderr: number; r2: number; ranks: readonly [number, number] };
  participationRatio?: number;
  n90?: number;
  usableRank?: number;
  notes?: string[];
  /** Why there is no α (too few usable ranks), instead of a NaN. */
  error?: string;
  /** The leading covariance eigenvalues, descending (at most {@link KEPT_EIGENVALUES}), for plots from results files alone. */
  eigenvalues?: number[];
}

/** How many leading eigenvalues a results file keeps (the fits use ranks ≤ 500). */
export const KEPT_EIGENVALUES = 1000;

/**
 * Covariance eigenspectrum and power-law fits (Stringer et al. 2019) of a
 * representation [n, d] row-major f32, summarized for a results file. A layer
 * too narrow or degenerate for the fit range gets `alphaWeighted: null` and an
 * `error` saying why; other errors (NaN input) propagate. `pool` (the run's
 * threads on `w`) splits the covariance; the figures do not depend on it.
 */
export function spectrumMetrics(w: Wasm, x: Float32Array, n: number, d: number, representation: string, pool?: KernelPool): SpectrumMetrics {
  return spectrumWithEigenvalues(w, x, n, d, representation, pool).metrics;
}

/**
 * {@link spectrumMetrics} plus the covariance eigenvalues it computed
 * (descending), for callers that need both without a second decomposition;
 * `eigenvalues` is null when the spectrum could not be fitted.
 */
export function spectrumWithEigenvalues(
  w: Wasm,
  x: Float32Array,
  n: number,
  d: number,
  representation: string,
  pool?: KernelPool,
): { metrics: SpectrumMetrics; eigenvalues: Float64Array | null } {
  const base = { representation, samples: n, units: d };
  try {
    const s = analyzeSpectrum(w, x, n, d, { pool });
    const fit = (f: typeof s.fitWeighted) => ({ alpha: f.alpha, stderr: f.stderr, r2: f.r2, ranks: f.ranks });
    const metrics: SpectrumMetrics = {
      ...base,
      alphaWeighted: s.alphaWeighted,
      alphaUnweighted: s.alphaUnweighted,
      fitWeighted: fit(s.fitWeighted),
      fitUnweighted: fit(s.fitUnweighted),
      participationRatio: s.participationRatio,
      n90: s.n90,
      usableRank: s.usableRank,
      notes: s.notes,
      eigenvalues: Array.from(s.eigenvalues.subarray(0, KEPT_EIGENVALUES)),
    };
    return { metrics, eigenvalues: s.eigenvalues };
  } catch (e) {
    if (!(e instanceof SpectrumError)) throw e;
    return { metrics: { ...base, alphaWeighted: null, alphaUnweighted: null, error: e.message }, eigenvalues: null };
  }
}

/** A live spectrum event of features [m, H] (Gram path when m < H); a spectrum that cannot be fitted says why. */
export function liveSpectrum(wasm: Wasm, f: Float32Array, m: number, H: number, stage: string, epoch: number, representation: string, pool?: KernelPool): LiveEvent {
  const base = { kind: "spectrum" as const, stage, epoch, representation, images: m };
  try {
    const s = analyzeSpectrum(wasm, f, m, H, { via: "auto", pool });
    return { ...base, eigenvalues: Array.from(s.eigenvalues.subarray(0, Math.min(s.usableRank, 1000))), alphaWeighted: s.alphaWeighted, alphaUnweighted: s.alphaUnweighted };
  } catch (e) {
    return { ...base, eigenvalues: [], alphaWeighted: null, alphaUnweighted: null, error: e instanceof Error ? e.message : String(e) };
  }
}

import type { Wasm } from "../wasm/init.js";
import type { KernelPool } from "../wasm/pool.js";
/** The spectrum figures a results file records for one representation. */
export interface SpectrumMetrics {
    /** Which representation, e.g. `features` (relu(I)^n) or `hidden1`. */
    representation: string;
    /** Rows (images) and columns (units) of the analysed matrix. */
    samples: number;
    units: number;
    /** Stringer's weighted fit (weights 1/n) and the unweighted fit; null when the layer is too narrow to fit (see `error`). */
    alphaWeighted: number | null;
    alphaUnweighted: number | null;
    fitWeighted?: {
        alpha: number;
        stderr: number;
        r2: number;
        ranks: readonly [number, number];
    };
    fitUnweighted?: {
        alpha: number;
        stderr: number;
        r2: number;
        ranks: readonly [number, number];
    };
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
export declare const KEPT_EIGENVALUES = 1000;
/**
 * Covariance eigenspectrum and power-law fits (Stringer et al. 2019) of a
 * representation [n, d] row-major f32, summarised for a results file. A layer
 * too narrow or degenerate for the fit range gets `alphaWeighted: null` and an
 * `error` saying why; other errors (NaN input) propagate. `pool` (the run's
 * threads on `w`) splits the covariance; the figures do not depend on it.
 */
export declare function spectrumMetrics(w: Wasm, x: Float32Array, n: number, d: number, representation: string, pool?: KernelPool): SpectrumMetrics;
/**
 * {@link spectrumMetrics} plus the covariance eigenvalues it computed
 * (descending), for callers that need both without a second decomposition;
 * `eigenvalues` is null when the spectrum could not be fitted.
 */
export declare function spectrumWithEigenvalues(w: Wasm, x: Float32Array, n: number, d: number, representation: string, pool?: KernelPool): {
    metrics: SpectrumMetrics;
    eigenvalues: Float64Array | null;
};

import type { Wasm } from "../wasm/init.js";
import type { KernelPool } from "../wasm/pool.js";
/** Stringer et al. (2019) fit ranks, 1-based and inclusive (their `np.arange(11, 500)` is ranks 12..500). */
export declare const DEFAULT_RANKS: readonly [number, number];
/**
 * Eigenvalues below this fraction of the trace are treated as zero: the f32
 * covariance (and f32 data) cannot resolve them (its rounding is ~1e-9 of the
 * trace in spectral norm at d = 2,000).
 */
export declare const DEFAULT_FLOOR = 1e-8;
/** A spectrum analysis that cannot give a meaningful answer (bad input, empty fit range). */
export declare class SpectrumError extends Error {
    name: string;
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
export declare function fitPowerLaw(values: ArrayLike<number>, opts?: FitOptions): PowerLawFit;
/** Participation ratio (Σλ)²/Σλ² (REFERENCES §6): the effective number of dimensions. Negative values count as 0. */
export declare function participationRatio(values: ArrayLike<number>): number;
/** Number of leading components holding `fraction` (default 0.9) of the variance Σλ (negative values count as 0). */
export declare function componentsForVariance(values: ArrayLike<number>, fraction?: number): number;
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
/** Result of {@link analyzeSpectrum}. */
export interface SpectrumResult extends UsableSpectrum {
    /** Covariance eigenvalues, descending (d of them). */
    eigenvalues: Float64Array;
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
    /** Indices of zero-variance columns (dropped from the rank, see `constantColumns`). */
    constantColumns: number[];
    /** Human-readable notes on every clipping or dropping that happened. */
    notes: string[];
    /** Seconds per stage: covariance (incl. copy and checks), eigenvalues, fits. */
    seconds: {
        covariance: number;
        eigen: number;
        fit: number;
    };
}
/** Structural and numerical extent of a descending spectrum (shared by spectrum and cvPCA). */
export declare function usableSpectrum(values: ArrayLike<number>, structuralRank: number, floorRel?: number): UsableSpectrum;
/** Both fits plus the notes that explain any clipping. */
export declare function fitBoth(values: ArrayLike<number>, u: UsableSpectrum, ranks?: readonly [number, number]): {
    fitWeighted: PowerLawFit;
    fitUnweighted: PowerLawFit;
    notes: string[];
};
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
export declare function analyzeSpectrum(w: Wasm, x: Float32Array, n: number, d: number, opts?: SpectrumOptions): SpectrumResult;
/** Fits, participation ratio and n90 of a descending spectrum with a known structural rank. */
export declare function spectrumStats(values: Float64Array, structuralRank: number, opts?: Pick<SpectrumOptions, "ranks" | "floor">): {
    notes: string[];
    /** min(n − 1, d − constant columns): the covariance's rank at most. */
    structuralRank: number;
    /** Leading ranks above floor·trace, within the structural rank: the fits use ranks ≤ this. */
    usableRank: number;
    /** The floor (absolute) below which eigenvalues count as zero. */
    floor: number;
    eigenvalues: Float64Array<ArrayBufferLike>;
    alphaWeighted: number;
    alphaUnweighted: number;
    fitWeighted: PowerLawFit;
    fitUnweighted: PowerLawFit;
    participationRatio: number;
    n90: number;
};

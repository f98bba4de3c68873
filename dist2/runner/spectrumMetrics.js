import { analyzeSpectrum, SpectrumError } from "../analysis/spectrum.js";
/** How many leading eigenvalues a results file keeps (the fits use ranks ≤ 500). */
export const KEPT_EIGENVALUES = 1000;
/**
 * Covariance eigenspectrum and power-law fits (Stringer et al. 2019) of a
 * representation [n, d] row-major f32, summarised for a results file. A layer
 * too narrow or degenerate for the fit range gets `alphaWeighted: null` and an
 * `error` saying why; other errors (NaN input) propagate. `pool` (the run's
 * threads on `w`) splits the covariance; the figures do not depend on it.
 */
export function spectrumMetrics(w, x, n, d, representation, pool) {
    return spectrumWithEigenvalues(w, x, n, d, representation, pool).metrics;
}
/**
 * {@link spectrumMetrics} plus the covariance eigenvalues it computed
 * (descending), for callers that need both without a second decomposition;
 * `eigenvalues` is null when the spectrum could not be fitted.
 */
export function spectrumWithEigenvalues(w, x, n, d, representation, pool) {
    const base = { representation, samples: n, units: d };
    try {
        const s = analyzeSpectrum(w, x, n, d, { pool });
        const fit = (f) => ({ alpha: f.alpha, stderr: f.stderr, r2: f.r2, ranks: f.ranks });
        const metrics = {
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
    }
    catch (e) {
        if (!(e instanceof SpectrumError))
            throw e;
        return { metrics: { ...base, alphaWeighted: null, alphaUnweighted: null, error: e.message }, eigenvalues: null };
    }
}
//# sourceMappingURL=spectrumMetrics.js.map
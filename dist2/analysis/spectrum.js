import { checkSamples, covarianceAt } from "../kernels/covariance.js";
import { eigenAt } from "../kernels/eigen.js";
import { assertFiniteF32 } from "../kernels/vec.js";
/** Stringer et al. (2019) fit ranks, 1-based and inclusive (their `np.arange(11, 500)` is ranks 12..500). */
export const DEFAULT_RANKS = [11, 500];
/**
 * Eigenvalues below this fraction of the trace are treated as zero: the f32
 * covariance (and f32 data) cannot resolve them (its rounding is ~1e-9 of the
 * trace in spectral norm at d = 2,000).
 */
export const DEFAULT_FLOOR = 1e-8;
/** A spectrum analysis that cannot give a meaningful answer (bad input, empty fit range). */
export class SpectrumError extends Error {
    name = "SpectrumError";
}
/**
 * Least-squares fit of log λ_n = intercept − α·log n (Stringer et al. 2019,
 * `get_powerlaw`: weights 1/n, ranks 11..500; unweighted as in Holzhausen et
 * al. 2024). The range is clipped to ranks ≤ `usable` and non-positive values
 * are skipped; both are reported.
 * @param values spectrum by rank (values[0] is rank 1), e.g. descending eigenvalues.
 * @throws SpectrumError when fewer than 3 points remain (no standard error).
 */
export function fitPowerLaw(values, opts = {}) {
    const [lo, hi] = opts.ranks ?? DEFAULT_RANKS;
    const weighted = opts.weighted ?? true;
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 1 || hi < lo) {
        throw new SpectrumError(`rank range ${lo}..${hi} is invalid: need integers 1 ≤ lo ≤ hi`);
    }
    const usable = Math.min(opts.usable ?? values.length, values.length);
    const top = Math.min(hi, usable);
    const xs = [];
    const ys = [];
    const ws = [];
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
        throw new SpectrumError(`rank range ${lo}..${hi} leaves ${points} usable point(s) (need ≥ 3): the usable spectrum is ranks 1..${usable}` +
            (skipped ? `, ${skipped} non-positive value(s) in range` : ""));
    }
    // Two passes (means, then centred sums and residuals): no cancellation when the fit is near exact.
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
export function participationRatio(values) {
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
export function componentsForVariance(values, fraction = 0.9) {
    let total = 0;
    for (let i = 0; i < values.length; i++)
        total += Math.max(values[i], 0);
    if (total <= 0)
        return 0;
    let acc = 0;
    for (let i = 0; i < values.length; i++) {
        acc += Math.max(values[i], 0);
        if (acc >= fraction * total)
            return i + 1;
    }
    return values.length;
}
/** Structural and numerical extent of a descending spectrum (shared by spectrum and cvPCA). */
export function usableSpectrum(values, structuralRank, floorRel = DEFAULT_FLOOR) {
    let trace = 0;
    for (let i = 0; i < values.length; i++)
        trace += Math.max(values[i], 0);
    const floor = floorRel * trace;
    let usableRank = 0;
    const cap = Math.min(structuralRank, values.length);
    while (usableRank < cap && values[usableRank] > floor)
        usableRank++;
    return { structuralRank, usableRank, floor };
}
/** Both fits plus the notes that explain any clipping. */
export function fitBoth(values, u, ranks = DEFAULT_RANKS) {
    const fitWeighted = fitPowerLaw(values, { ranks, weighted: true, usable: u.usableRank });
    const fitUnweighted = fitPowerLaw(values, { ranks, weighted: false, usable: u.usableRank });
    const notes = [];
    if (fitWeighted.clipped) {
        notes.push(`fit ranks clipped from ${ranks[0]}..${ranks[1]} to ${fitWeighted.ranks[0]}..${fitWeighted.ranks[1]}: ` +
            `usable spectrum is ranks 1..${u.usableRank} (structural rank ${u.structuralRank}, floor ${u.floor.toExponential(2)})`);
    }
    if (fitWeighted.skipped)
        notes.push(`${fitWeighted.skipped} non-positive value(s) in the fit range were left out`);
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
export function analyzeSpectrum(w, x, n, d, opts = {}) {
    checkSamples("analyzeSpectrum", x, n, d);
    const mark = w.arena.mark();
    let values;
    const constantColumns = [];
    const t0 = performance.now();
    let t1;
    try {
        const xp = w.arena.putF32(x);
        assertFiniteF32(w, xp, n * d, "analyzeSpectrum input", d);
        const mean = w.arena.allocF64(d);
        const cov = w.arena.allocF64(d * d);
        covarianceAt(w, xp, n, d, mean, cov, { pool: opts.pool });
        const c = w.arena.f64(cov, d * d);
        for (let j = 0; j < d; j++)
            if (c[j * d + j] === 0)
                constantColumns.push(j);
        if (constantColumns.length && opts.constantColumns === "error") {
            throw new SpectrumError(`analyzeSpectrum: ${constantColumns.length} constant column(s), first ${constantColumns.slice(0, 10).join(", ")}`);
        }
        t1 = performance.now();
        values = eigenAt(w, cov, d, false).values;
    }
    finally {
        w.arena.release(mark);
    }
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
/** Fits, participation ratio and n90 of a descending spectrum with a known structural rank. */
export function spectrumStats(values, structuralRank, opts = {}) {
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
//# sourceMappingURL=spectrum.js.map
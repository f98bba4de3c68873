import { quantiles } from "../models/evaluate.js";
/** The reference criterion's constants. */
export const LOCAL_LEARNING_CRITERION = { tol: 1e-2, maxUnconverged: 0.1 };
/**
 * Convergence figures from per-unit p-norms ‖W_μ‖_p [H], per-unit mean weights [H] and
 * (optionally) per-unit win counts [H].
 */
export function convergenceStats(epoch, norms, means, wins, R, c) {
    const H = norms.length;
    if (means.length !== H || (wins && wins.length !== H))
        throw new Error(`convergenceStats: ${H} norms, ${means.length} means, ${wins?.length} win counts`);
    let ok = 0;
    let wrong = 0;
    let never = 0;
    for (let u = 0; u < H; u++) {
        if (Math.abs(norms[u] - R) <= c.tol)
            ok++;
        if (means[u] < -R / 2)
            wrong++;
        if (wins && wins[u] === 0)
            never++;
    }
    const [p5, median, p95] = quantiles(norms, [0.05, 0.5, 0.95]);
    const fractionConverged = H > 0 ? ok / H : 0;
    return {
        epoch,
        fractionConverged,
        norms: { p5, median, p95 },
        wrongAttractor: wrong,
        neverWon: wins ? never : null,
        converged: H > 0 && (H - ok) / H < c.maxUnconverged && wrong === 0,
    };
}
/** Per-unit mean of W [H, D] row-major (f64 sums). */
export function rowMeans(w, H, D) {
    const out = new Float64Array(H);
    for (let u = 0; u < H; u++) {
        let s = 0;
        for (let i = u * D; i < (u + 1) * D; i++)
            s += w[i];
        out[u] = s / D;
    }
    return out;
}
/**
 * One line a person can act on when a run ends without meeting the criterion, or null when
 * it met it.
 */
export function convergenceWarning(s, R, c) {
    if (s.converged)
        return null;
    const pct = (v) => `${(v * 100).toFixed(1)} %`;
    const parts = [`${pct(s.fractionConverged)} of units within ${c.tol} of R = ${R} (the reference needs more than ${pct(1 - c.maxUnconverged)})`];
    if (s.wrongAttractor > 0)
        parts.push(`${s.wrongAttractor} unit(s) on the wrong attractor (mean weight < −R/2)`);
    return (`the local layer did not converge after ${s.epoch} epochs by the LocalLearning criterion: ${parts.join("; ")}. ` +
        `The reference code would not save this run; train longer (--epochs, or --preset local-learning-mnist).`);
}
//# sourceMappingURL=convergence.js.map
/**
 * The convergence criterion of `holzhauk/LocalLearning` (`LocalLearning.py`,
 * `weight_convergence_criterion(model, 1e-2, 1e-1)` and `weight_mean_criterion`;
 * REFERENCES §1): a unit μ has converged when |‖W_μ‖_p − R| ≤ `tol` (absolute);
 * a run is valid when the fraction of units that miss it is below `maxUnconverged`
 * and no unit sits on the "wrong attractor" (mean weight < −R/2).
 */
export interface ConvergenceCriterion {
    /** Absolute tolerance on ‖W_μ‖_p − R (reference: 1e-2). */
    tol: number;
    /** Largest fraction of unconverged units a valid run may have, exclusive (reference: 0.1). */
    maxUnconverged: number;
}
/** The reference criterion's constants. */
export declare const LOCAL_LEARNING_CRITERION: ConvergenceCriterion;
/** Convergence figures of a local layer at one moment (after an epoch). */
export interface ConvergenceStats {
    /** Epoch just finished (1-based). */
    epoch: number;
    /** Fraction of units with |‖W_μ‖_p − R| ≤ tol. */
    fractionConverged: number;
    /** 5th, 50th and 95th percentiles of ‖W_μ‖_p. */
    norms: {
        p5: number;
        median: number;
        p95: number;
    };
    /** Units whose mean weight is below −R/2 (the reference's "wrong attractor"). */
    wrongAttractor: number;
    /** Units that have not won a single sample since training began (null when the learner does not count wins). */
    neverWon: number | null;
    /** Whether the criterion holds: fraction unconverged < maxUnconverged and no wrong-attractor unit. */
    converged: boolean;
}
/**
 * Convergence figures from per-unit p-norms ‖W_μ‖_p [H], per-unit mean weights [H] and
 * (optionally) per-unit win counts [H].
 */
export declare function convergenceStats(epoch: number, norms: ArrayLike<number>, means: ArrayLike<number>, wins: ArrayLike<number> | null, R: number, c: ConvergenceCriterion): ConvergenceStats;
/** Per-unit mean of W [H, D] row-major (f64 sums). */
export declare function rowMeans(w: Float32Array, H: number, D: number): Float64Array;
/**
 * One line a person can act on when a run ends without meeting the criterion, or null when
 * it met it.
 */
export declare function convergenceWarning(s: ConvergenceStats, R: number, c: ConvergenceCriterion): string | null;

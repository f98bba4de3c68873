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
export const LOCAL_LEARNING_CRITERION: ConvergenceCriterion = { tol: 1e-2, maxUnconverged: 0.1 };

/** Convergence figures of a local layer at one moment (after an epoch). */
export interface ConvergenceStats {
  /** Epoch just finished (1-based). */
  epoch: number;
  /** Fraction of units with |‖W_μ‖_p − R| ≤ tol. */
  fractionConverged: number;
  /** 5th, 50th and 95th percentiles of ‖W_μ‖_p. */
  norms: { p5: number; median: number; p95: number };
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
export function convergenceStats(
  epoch: number,
  norms: ArrayLike<number>,
  means: ArrayLike<number>,
  wins: ArrayLike<number> | null,
  R: number,
  c: ConvergenceCriterion,
): ConvergenceStats {
  const H = norms.length;
  if (means.length !== H || (wins && wins.length !== H)) throw new Error(`convergenceStats: ${H} norms, ${means.length} means, ${wins?.length} win counts`);
  let ok = 0;
  let wrong = 0;
  let never = 0;
  for (let u = 0; u < H; u++) {
    if (Math.abs(norms[u] - R) <= c.tol) ok++;
    if (means[u] < -R / 2) wrong++;
    if (wins && wins[u] === 0) never++;
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
export function rowMeans(w: Float32Array, H: number, D: number): Float64Array {
  const out = new Float64Array(H);
  for (let u = 0; u < H; u++) {
    let s = 0;
    for (let i = u * D; i < (u + 1) * D; i++) s += w[i];
    out[u] = s / D;
  }
  return out;
}

/**
 * One line a person can act on when a run ends without meeting the criterion, or null when
 * it met it.
 */
export function convergenceWarning(s: ConvergenceStats, R: number, c: ConvergenceCriterion): string | null {
  if (s.converged) return null;
  const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
  const parts = [`${pct(s.fractionConverged)} of units within ${c.tol} of R = ${R} (the reference needs more than ${pct(1 - c.maxUnconverged)})`];
  if (s.wrongAttractor > 0) parts.push(`${s.wrongAttractor} unit(s) on the wrong attractor (mean weight < −R/2)`);
  return (
    `the local layer did not converge after ${s.epoch} epochs by the LocalLearning criterion: ${parts.join("; ")}. ` +
    `LocalLearning's reference code would not save such a run; train longer (--epochs).`
  );
}

/** Quantiles of a sample by linear interpolation (q in [0, 1]). */
export function quantiles(x: ArrayLike<number>, qs: number[]): number[] {
  const s = Float64Array.from(x).sort();
  return qs.map((q) => {
    if (s.length === 0) return NaN;
    const pos = q * (s.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, s.length - 1);
    return s[lo] + (pos - lo) * (s[hi] - s[lo]);
  });
}

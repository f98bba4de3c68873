import { checkSamples, covarianceAt, crossCovarianceAt } from "../kernels/covariance.js";
import { eigenAt } from "../kernels/eigen.js";
import { assertFiniteF32 } from "../kernels/vec.js";
import type { Wasm } from "../wasm/init.js";
import {
  componentsForVariance,
  fitBoth,
  participationRatio,
  SpectrumError,
  usableSpectrum,
  type SpectrumOptions,
  type SpectrumSummary,
} from "./spectrum.js";

/** Result of {@link cvPCA}. */
export interface CvpcaResult extends SpectrumSummary {
  /** Cross-validated variance along each PC, by rank (averaged over both swaps), in covariance units (1/(n − 1)). */
  ss: Float64Array;
  /** ss with the PCs of repeat 1 only, and of repeat 2 only. */
  ssByRepeat: [Float64Array, Float64Array];
  /** participationRatio and n90 are of max(ss, 0). */
  notes: string[];
}

/**
 * Cross-validated PCA (Stringer et al., Nature 2019; REFERENCES §3) for two
 * repeats X¹, X² ([n, d] f32, same stimuli in the same row order): PCs e_k
 * from X¹'s covariance, ss_k = e_kᵀ·C₁₂·e_k with C₁₂ = (X¹ − X̄¹)ᵀ(X² − X̄²)/(n − 1),
 * i.e. Σ_s (X¹_s·e_k)(X²_s·e_k)/(n − 1) on centered data; then the same with
 * the repeats swapped, and the two averaged. Noise that differs between
 * repeats averages out, so ss estimates the stimulus-related variance; for
 * identical repeats it equals the eigenvalues.
 *
 * ss may be negative in the noisy tail: the fits skip non-positive values
 * (counted in `skipped`) and use ranks ≤ usableRank (ss above floor·Σmax(ss,0)
 * and rank ≤ min(n − 1, d)). Costs two full eigen-decompositions with vectors.
 * With `opts.pool` the (cross-)covariances are split over its threads; the
 * result is bit for bit the same for any thread count.
 * @throws Error on NaN/±Inf, shape mismatch or n < 2; SpectrumError when the fit range is empty.
 */
export function cvPCA(w: Wasm, x1: Float32Array, x2: Float32Array, n: number, d: number, opts: SpectrumOptions = {}): CvpcaResult {
  checkSamples("cvPCA repeat 1", x1, n, d);
  checkSamples("cvPCA repeat 2", x2, n, d);
  const mark = w.arena.mark();
  const ssByRepeat: [Float64Array, Float64Array] = [new Float64Array(d), new Float64Array(d)];
  try {
    const p1 = w.arena.putF32(x1);
    assertFiniteF32(w, p1, n * d, "cvPCA repeat 1", d);
    const p2 = w.arena.putF32(x2);
    assertFiniteF32(w, p2, n * d, "cvPCA repeat 2", d);
    const m1 = w.arena.allocF64(d);
    const m2 = w.arena.allocF64(d);
    const s = w.arena.allocF64(d * d);
    crossCovarianceAt(w, p1, p2, n, d, m1, m2, s, { pool: opts.pool });
    for (const [k, p] of [p1, p2].entries()) {
      const m = w.arena.mark();
      const mean = w.arena.allocF64(d);
      const c = w.arena.allocF64(d * d);
      covarianceAt(w, p, n, d, mean, c, { pool: opts.pool });
      const eig = eigenAt(w, c, d, true);
      const q = w.arena.allocF64(d);
      w.exports.quadform_f64(s, d, eig.zPtr, d, q);
      const qv = w.arena.f64(q, d);
      for (let j = 0; j < d; j++) ssByRepeat[k][j] = qv[eig.order[j]];
      w.arena.release(m);
    }
  } finally {
    w.arena.release(mark);
  }
  const ss = Float64Array.from(ssByRepeat[0], (v, j) => 0.5 * (v + ssByRepeat[1][j]));
  const u = usableSpectrum(ss, Math.min(n - 1, d), opts.floor);
  // Noisy negative dips inside the range are skipped by the fit rather than ending the usable spectrum.
  const usable = { ...u, usableRank: lastAboveFloor(ss, u.floor, Math.min(u.structuralRank, d)) };
  if (usable.usableRank === 0) throw new SpectrumError("cvPCA: no positive cross-validated variance (the repeats share no signal)");
  const { fitWeighted, fitUnweighted, notes } = fitBoth(ss, usable, opts.ranks);
  return {
    ss,
    ssByRepeat,
    alphaWeighted: fitWeighted.alpha,
    alphaUnweighted: fitUnweighted.alpha,
    fitWeighted,
    fitUnweighted,
    participationRatio: participationRatio(ss),
    n90: componentsForVariance(ss, 0.9),
    ...usable,
    samples: n,
    units: d,
    notes,
  };
}

/** 1 + the last rank index (< cap) whose value exceeds the floor: noisy negative dips before it stay in range. */
function lastAboveFloor(v: ArrayLike<number>, floor: number, cap: number): number {
  for (let i = cap - 1; i >= 0; i--) if (v[i] > floor) return i + 1;
  return 0;
}

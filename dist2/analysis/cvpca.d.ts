import type { Wasm } from "../wasm/init.js";
import { type PowerLawFit, type SpectrumOptions, type UsableSpectrum } from "./spectrum.js";
/** Result of {@link cvPCA}. */
export interface CvpcaResult extends UsableSpectrum {
    /** Cross-validated variance along each PC, by rank (averaged over both swaps), in covariance units (1/(n − 1)). */
    ss: Float64Array;
    /** ss with the PCs of repeat 1 only, and of repeat 2 only. */
    ssByRepeat: [Float64Array, Float64Array];
    alphaWeighted: number;
    alphaUnweighted: number;
    fitWeighted: PowerLawFit;
    fitUnweighted: PowerLawFit;
    /** Of max(ss, 0). */
    participationRatio: number;
    /** Of max(ss, 0). */
    n90: number;
    samples: number;
    units: number;
    notes: string[];
}
/**
 * Cross-validated PCA (Stringer et al., Nature 2019; REFERENCES §3) for two
 * repeats X¹, X² ([n, d] f32, same stimuli in the same row order): PCs e_k
 * from X¹'s covariance, ss_k = e_kᵀ·C₁₂·e_k with C₁₂ = (X¹ − X̄¹)ᵀ(X² − X̄²)/(n − 1),
 * i.e. Σ_s (X¹_s·e_k)(X²_s·e_k)/(n − 1) on centred data; then the same with
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
export declare function cvPCA(w: Wasm, x1: Float32Array, x2: Float32Array, n: number, d: number, opts?: SpectrumOptions): CvpcaResult;

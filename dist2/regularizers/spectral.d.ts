import { z } from "zod";
import type { Dataset } from "../data/types.js";
import type { Mlp } from "../models/mlp.js";
import { tf } from "../tf.js";
import type { Wasm } from "../wasm/init.js";
import { type Regularizer, type RegularizerContext } from "./types.js";
/**
 * Eigen-decomposition of a symmetric n×n matrix `a` (row-major f64): values
 * descending, vectors [n, n] row-major with column j ↔ values[j].
 */
export type EigenSolver = (a: Float64Array, n: number) => {
    values: Float64Array;
    vectors: Float64Array;
};
/** hebblab's WASM eigensolver (blocked Householder + QL, src/kernels/eigen.ts) as an {@link EigenSolver}. */
export declare function wasmEigen(w: Wasm): EigenSolver;
/** Shape of the 1/n target: anchored at rank τ (Nassar et al.) or unanchored γ_n = n^(−α) (Holzhausen et al.). */
export interface SpectralTarget {
    alpha: number;
    tau: number;
    anchored: boolean;
}
/**
 * The target spectrum for ranks n = 0..len−1 (0-based) and the first rank
 * that is penalised:
 * - anchored: γ_n = λ_τ·((τ+1)/(n+1))^α, ranks n > τ;
 * - unanchored: γ_n = (n+1)^(−α) (1-based rank to the −α), every rank.
 */
export declare function spectralTarget(anchor: number, len: number, t: SpectralTarget): {
    first: number;
    gamma: Float64Array;
};
/**
 * Nassar et al.'s spectral penalty of a spectrum λ sorted descending (no
 * strength): R = (1/N)·Σ_n [(λ_n/γ_n − 1)² + relu(λ_n/γ_n − 1)], over the
 * N penalised ranks of {@link spectralTarget}. Used as a metric on a test
 * representation's covariance eigenvalues.
 */
export declare function spectralPenalty(lambdaDesc: ArrayLike<number>, t: SpectralTarget): number;
/** Settings of the anchored {@link SpectralRegularizer} (`spectral`). */
export declare const SpectralConfig: z.ZodObject<{
    tau: z.ZodDefault<z.ZodNumber>;
    strength: z.ZodDefault<z.ZodNumber>;
    alpha: z.ZodDefault<z.ZodNumber>;
    layer: z.ZodDefault<z.ZodNumber>;
    name: z.ZodLiteral<"spectral">;
}, z.core.$strict>;
export type SpectralConfig = z.infer<typeof SpectralConfig>;
/** Settings of the unanchored variant (`spectral-unanchored`, Holzhausen et al.: γ_n = n^(−α), τ = 0). */
export declare const SpectralUnanchoredConfig: z.ZodObject<{
    strength: z.ZodDefault<z.ZodNumber>;
    alpha: z.ZodDefault<z.ZodNumber>;
    layer: z.ZodDefault<z.ZodNumber>;
    name: z.ZodLiteral<"spectral-unanchored">;
}, z.core.$strict>;
export type SpectralUnanchoredConfig = z.infer<typeof SpectralUnanchoredConfig>;
/**
 * Spectral 1/n regularisation (Nassar, Sokol, Chung, Harris & Park 2020,
 * `josuenassar/power_law`), anchored or unanchored:
 *
 * - before every epoch: V = eigenvectors of the covariance of the hidden
 *   layer over the whole training set, [H, H];
 * - per batch: λ = diag(Vᵀ·C_batch·V) (Rayleigh quotients, C_batch the
 *   batch covariance), sorted descending; target γ (see
 *   {@link spectralTarget}, the anchor λ_τ held constant: stop-gradient);
 *   R = β·{@link spectralPenalty}(λ).
 *
 * C_batch has rank < B, so the batch must exceed the width H ({@link check}
 * throws otherwise). A batch with λ_τ = 0 (units dead from rank τ on) adds
 * nothing. Defaults β = 1, α = 1, τ = 10, last hidden layer.
 */
export declare class SpectralRegularizer implements Regularizer {
    private readonly eigen?;
    readonly name: "spectral" | "spectral-unanchored";
    readonly config: SpectralConfig | SpectralUnanchoredConfig;
    private v;
    /**
     * @param eigen the eigensolver for the epoch's covariance ({@link wasmEigen}); needed by {@link beforeEpoch}.
     */
    constructor(raw?: Partial<SpectralConfig> | Partial<SpectralUnanchoredConfig>, anchored?: boolean, eigen?: EigenSolver | undefined);
    get target(): SpectralTarget;
    check(model: Mlp, batch: number): void;
    /** Recomputes V from the covariance of the hidden layer over the whole training set. */
    beforeEpoch(model: Mlp, train: Dataset): void;
    apply(ctx: RegularizerContext): tf.Scalar;
    /**
     * The anchor γ_τ for a batch whose τ-th Rayleigh quotient is `lambdaTau`:
     * itself, as a constant (the stop-gradient). A hook so tests can hold it
     * fixed across finite-difference evaluations.
     */
    protected anchor(lambdaTau: number): number;
    getConfig(): SpectralConfig | SpectralUnanchoredConfig;
    dispose(): void;
}
/**
 * Covariance [h, h] (row-major f64, divided by n − 1) of a hidden layer over
 * n images [n, d], accumulated in chunks on the fast matMul path.
 */
export declare function hiddenCovariance(model: Mlp, name: string, images: Float32Array, n: number, d: number, h: number): Float64Array;

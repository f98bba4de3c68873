import { type InputNorm } from "../learners/inputNorm.js";
import { tf } from "../tf.js";
import type { ForwardOptions, Model, ModelArtifacts } from "./types.js";
/** Settings of a {@link KhPipeline} (JSON-serialisable). */
export interface KhPipelineConfig {
    inputDim: number;
    hidden: number;
    classes: number;
    /** Lebesgue order p the synapses W̃ were computed with (recorded, not used by the forward). */
    p: number;
    /** Feature power n of relu(I)^n. */
    n: number;
    /**
     * Inputs scaled to unit L^q norm inside the forward (the q the layer was trained with), or
     * `"none"`; absent in models saved before it existed, which means `"none"`.
     */
    inputNorm?: InputNorm;
    /** The local rule that learned W̃ (`kh`, `softhebb`); recorded, not used by the forward. */
    learner?: string;
}
/** The weights of a {@link KhPipeline}, all row-major f32. */
export interface KhPipelineWeights {
    /** W̃ = sign(W)|W|^(p−1), [H, D]. */
    synapses: Float32Array;
    /** Readout [H, C] and bias [C]. */
    readoutWeight: Float32Array;
    readoutBias: Float32Array;
    /** Feature standardisation, [H] each. */
    mean: Float32Array;
    std: Float32Array;
}
/**
 * The Krotov–Hopfield pipeline as a differentiable tfjs model (Krotov &
 * Hopfield 2019; readout of Holzhausen et al. 2024):
 *
 *   x̂ = x / ‖x‖_q (when `inputNorm` is q),  I = x̂·W̃ᵀ  [B, H],  f = relu(I)^n,
 *   logits = ((f − μ)/σ)·V + b  [B, C].
 *
 * The normalisation is part of the differentiable model, so attacks perturb pixels
 * in [0, 1] and their ε stays in pixel units. ‖x‖_q is floored at (1e-30)^(1/q), so an
 * all-zero image maps to zero rather than NaN.
 *
 * W̃ is frozen. The currents use a custom gradient (dI·W̃) so both the
 * forward and the input gradient are untransposed matMuls, XNNPACK's fast
 * path on tfjs-wasm, which attacks need.
 *
 * Hidden representations: `currents` (I) and `features` (relu(I)^n, before
 * standardisation).
 */
export declare class KhPipeline implements Model {
    readonly config: KhPipelineConfig;
    readonly kind = "kh";
    readonly stochastic = false;
    readonly hiddenNames: readonly ["currents", "features"];
    private readonly wT;
    private readonly w;
    private readonly mean;
    private readonly invStd;
    private readonly weight;
    private readonly bias;
    private readonly currentsOp;
    constructor(config: KhPipelineConfig, weights: KhPipelineWeights);
    get inputDim(): number;
    get classes(): number;
    /** The input as the layer sees it: x / ‖x‖_q row by row, or x itself. */
    normalized(x: tf.Tensor2D): tf.Tensor2D;
    hidden(x: tf.Tensor2D, name: string, _opts?: ForwardOptions): tf.Tensor2D;
    logits(x: tf.Tensor2D, _opts?: ForwardOptions): tf.Tensor2D;
    trainableVariables(): tf.Variable[];
    serialize(): Promise<ModelArtifacts>;
    dispose(): void;
}
/** Rebuilds a {@link KhPipeline} from saved artifacts (registered as kind `kh`). */
export declare function khPipelineFromArtifacts(a: ModelArtifacts): KhPipeline;

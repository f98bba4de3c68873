import { type RngState } from "../rng.js";
import { tf } from "../tf.js";
import { type MatMul } from "./matmul.js";
import { type NoiseConfig } from "./noise.js";
import type { ForwardOptions, Model, ModelArtifacts } from "./types.js";
/** Hidden nonlinearities an {@link Mlp} supports. */
export declare const ACTIVATIONS: readonly ["relu", "tanh"];
export type Activation = (typeof ACTIVATIONS)[number];
/** Settings of an {@link Mlp} (JSON-serialisable; saved with the model). */
export interface MlpConfig {
    /** Input dimension D (784 for MNIST). */
    inputDim: number;
    /** Hidden widths from input to output, e.g. [2000] or [100, 100, 100, 100, 100]. */
    hidden: number[];
    /** Number of classes C. */
    classes: number;
    activation: Activation;
    /** Stochastic neurons after every hidden activation (Dapello et al. 2021), or null. */
    noise: NoiseConfig | null;
    /** Seed of the initial weights and of the noise draws. */
    seed: number;
}
/** Options that change how an {@link Mlp} computes, not what it is (never saved). */
export interface MlpRuntimeOptions {
    /** The matMul used by every layer. Default {@link matMulFast}; benchmarks pass tfjs's own. */
    matMul?: MatMul;
}
/** Every layer's output of one forward pass. */
export interface MlpForward {
    /** Hidden representations after activation (and noise), one [B, H_l] per hidden layer. */
    hiddens: tf.Tensor2D[];
    /** Logits [B, C]. */
    logits: tf.Tensor2D;
}
/**
 * A fully connected network D → H₁ → … → H_L → C with relu or tanh hidden
 * units, the backprop baseline of REFERENCES §4 (Adam 1e-3, batch 100,
 * cross-entropy; the training loop is {@link MlpTrainer}).
 *
 * Layer l computes h_l = noise(act(h_{l−1}·W_l + b_l)) with W_l [H_{l−1}, H_l]
 * row-major; the output layer is linear. Weights start Glorot-uniform
 * (Keras's Dense default), biases at 0. Hidden names are `h1`…`hL`.
 */
export declare class Mlp implements Model {
    readonly config: MlpConfig;
    readonly kind = "mlp";
    readonly hiddenNames: readonly string[];
    readonly weights: tf.Variable<tf.Rank.R2>[];
    readonly biases: tf.Variable<tf.Rank.R1>[];
    private readonly noise;
    private readonly mm;
    /**
     * @param params weights and biases per layer (row-major f32, shapes as above); omitted: fresh Glorot init from `config.seed`.
     */
    constructor(config: MlpConfig, params?: {
        weights: Float32Array[];
        biases: Float32Array[];
    }, runtime?: MlpRuntimeOptions);
    get inputDim(): number;
    get classes(): number;
    get stochastic(): boolean;
    /** Number of weight layers (hidden layers + 1). */
    get depth(): number;
    /**
     * The whole forward pass, keeping every hidden layer (regularisers need
     * them and the logits from the same pass). Differentiable; the caller
     * disposes the tensors (or runs inside tf.tidy).
     */
    forward(x: tf.Tensor2D, opts?: ForwardOptions): MlpForward;
    /**
     * Vector–Jacobian products vᵀ·J_b for every row b, J_b = ∂out_b/∂x_b, where
     * `out` is hidden layer `layer` (0-based) or, for `layer` = −1, the logits:
     * v [B, K] → [B, D]. Built explicitly (forward, then the chain rule with
     * act′ and the noise derivative as tensors) so that its gradient with
     * respect to the weights needs only first-order tfjs gradients: nested
     * tfjs gradients (tf.grad inside tf.variableGrads) silently drop the terms
     * that run through an op's saved output, e.g. tanh's 1 − y² (tfjs 4.22;
     * the regulariser tests caught it by finite differences). One noise draw
     * serves the forward and the derivative.
     */
    inputVjp(x: tf.Tensor2D, v: tf.Tensor2D, layer?: number): tf.Tensor2D;
    logits(x: tf.Tensor2D, opts?: ForwardOptions): tf.Tensor2D;
    hidden(x: tf.Tensor2D, name: string, opts?: ForwardOptions): tf.Tensor2D;
    /** Hidden layer l (0-based): noise(act(h·W + b)), fresh noise from `noiseRng` when given (layers draw from it in turn). */
    private hiddenLayer;
    trainableVariables(): tf.Variable[];
    /** States of the noise layers' own streams (null where a layer has no noise), for checkpoints. */
    noiseStates(): (RngState | null)[];
    /** Continues the noise layers' streams from {@link noiseStates}. */
    restoreNoiseStates(states: (RngState | null)[]): void;
    serialize(): Promise<ModelArtifacts>;
    dispose(): void;
}
/** Rebuilds an {@link Mlp} from {@link Mlp.serialize}'s artifacts (registered as `mlp` in MODEL_LOADERS). */
export declare function mlpFromArtifacts(a: ModelArtifacts): Mlp;

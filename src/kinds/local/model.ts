import { tf } from "../../tf.js";
import { matMulFast } from "../../models/matmul.js";
import type { ForwardOptions, Model, ModelArtifacts } from "../../models/types.js";
import { reluPowFeatures, type FeatureMap, type FeatureSettings } from "./features.js";
import { NORM_SUM_FLOOR, type InputNorm } from "./inputNorm.js";

/** Settings of a {@link LocalModel} (JSON-serializable). */
export interface LocalModelConfig {
  inputDim: number;
  hidden: number;
  classes: number;
  /** Lebesgue order p the synapses W̃ were computed with (recorded, not used by the forward). */
  p: number;
  /** The readout's features of the currents ({@link FeatureMap.settings}); absent in models saved before it existed (see {@link savedFeatureSettings}). */
  features?: FeatureSettings;
  /**
   * Inputs scaled to unit L^q norm inside the forward (the q the layer was trained with), or
   * `"none"`; absent in models saved before it existed, which means `"none"`.
   */
  inputNorm?: InputNorm;
  /** Models saved before the features were recorded: feature power n of relu(I)^n, or the softmax's settings. */
  n?: number;
  activation?: "relu-pow" | "softmax";
  tInv?: number;
  /** Models saved before the rule was their kind: the local rule that learned W̃ (absent: `kh`). */
  learner?: string;
}

/** The weights of a {@link LocalModel}, all row-major f32. */
export interface LocalModelWeights {
  /** W̃ = sign(W)|W|^(p−1), [H, D]. */
  synapses: Float32Array;
  /** Readout [H, C] and bias [C]. */
  readoutWeight: Float32Array;
  readoutBias: Float32Array;
  /** Feature standardization, [H] each. */
  mean: Float32Array;
  std: Float32Array;
}

/**
 * A frozen local layer (Krotov–Hopfield, SoftHebb, any local rule's kind) and its trained
 * readout as one differentiable tfjs model (Krotov & Hopfield 2019; readout of Holzhausen et al. 2024):
 *
 *   x̂ = x / ‖x‖_q (when `inputNorm` is q),  I = x̂·W̃ᵀ  [B, H],  f = features(I) (relu(I)^n),
 *   logits = ((f − μ)/σ)·V + b  [B, C].
 *
 * The normalization is part of the differentiable model, so attacks perturb pixels
 * in [0, 1] and their ε stays in pixel units. ‖x‖_q is floored at (1e-30)^(1/q), so an
 * all-zero image maps to zero rather than NaN.
 *
 * W̃ is frozen. Every product — the currents x̂·W̃ᵀ, their input gradient dI·W̃ (a custom gradient,
 * so both are untransposed products of fixed operands) and the readout — is a `matMulFast`: on the
 * dense engine when one is active (`initTf` makes one; attacks run on it, with W̃ packed once in the
 * engine's memory for the whole attack), else on tfjs-wasm's XNNPACK. Both sum over k in order with a
 * separate multiply and add, so the logits and input gradients are the same bits either way (tested).
 *
 * The features are the rule's {@link FeatureMap} (relu(I)^n unless the rule brings its own).
 * Hidden representations: `currents` (I) and `features` (before standardization).
 */
export class LocalModel implements Model {
  readonly stochastic = false;
  readonly hiddenNames = ["currents", "features"] as const;
  private readonly wT: tf.Tensor2D;
  private readonly w: tf.Tensor2D;
  private readonly mean: tf.Tensor1D;
  private readonly invStd: tf.Tensor1D;
  private readonly weight: tf.Variable<tf.Rank.R2>;
  private readonly bias: tf.Variable<tf.Rank.R1>;
  private readonly currentsOp: (x: tf.Tensor2D) => tf.Tensor2D;

  /** The rule's model kind (how the model is saved and loaded back). */
  readonly kind: string;
  private readonly features: FeatureMap;

  /**
   * @param opts.kind the rule's model kind; default `config.learner`, else `kh` (how models saved
   *   before kinds named their rule read).
   * @param opts.features the readout's feature map (its settings are saved in `config.features`);
   *   default relu(I)^n from the config ({@link savedFeatureSettings}; other maps belong to their rule).
   */
  constructor(
    readonly config: LocalModelConfig,
    weights: LocalModelWeights,
    opts: { kind?: string; features?: FeatureMap } = {},
  ) {
    this.kind = opts.kind ?? config.learner ?? "kh";
    const saved = savedFeatureSettings(config);
    if (!opts.features && saved.kind !== "relu-pow") throw new Error(`${this.kind} model: features '${saved.kind}' need their rule's feature map (load it through its kind)`);
    this.features = opts.features ?? reluPowFeatures(Number(saved.n));
    const { inputDim: d, hidden: h, classes: c } = config;
    expectLength("synapses", weights.synapses, h * d);
    expectLength("readoutWeight", weights.readoutWeight, h * c);
    expectLength("readoutBias", weights.readoutBias, c);
    expectLength("mean", weights.mean, h);
    expectLength("std", weights.std, h);
    this.w = tf.tensor2d(weights.synapses, [h, d]);
    this.wT = tf.keep(this.w.transpose());
    this.mean = tf.tensor1d(weights.mean);
    this.invStd = tf.tensor1d(weights.std.map((s) => 1 / s));
    this.weight = tf.variable(tf.tensor2d(weights.readoutWeight, [h, c]), false) as tf.Variable<tf.Rank.R2>;
    this.bias = tf.variable(tf.tensor1d(weights.readoutBias), false) as tf.Variable<tf.Rank.R1>;
    const w = this.w;
    const wT = this.wT;
    // Nothing to save: the gradient needs only the frozen W̃.
    const op = (x: tf.Tensor2D) => ({ value: matMulFast(x, wT), gradFunc: (dy: tf.Tensor) => matMulFast(dy as tf.Tensor2D, w) });
    this.currentsOp = tf.customGrad(op as never) as unknown as (x: tf.Tensor2D) => tf.Tensor2D;
  }

  get inputDim(): number {
    return this.config.inputDim;
  }

  get classes(): number {
    return this.config.classes;
  }

  /** The input as the layer sees it: x / ‖x‖_q row by row, or x itself. */
  normalized(x: tf.Tensor2D): tf.Tensor2D {
    const q = this.config.inputNorm ?? "none";
    if (q === "none") return x;
    return tf.tidy(() => {
      const s = tf.sum(q === 1 ? tf.abs(x) : tf.pow(tf.abs(x), q), 1, true);
      return tf.div(x, tf.pow(tf.maximum(s, NORM_SUM_FLOOR), 1 / q)) as tf.Tensor2D;
    });
  }

  representationLabel(name: string): string {
    return name === "features" ? this.features.label : name === "currents" ? "currents I" : name;
  }

  hidden(x: tf.Tensor2D, name: string, _opts?: ForwardOptions): tf.Tensor2D {
    return tf.tidy(() => {
      const i = this.currentsOp(this.normalized(x));
      if (name === "currents") return i;
      if (name === "features") return this.features.apply(i);
      throw new Error(`${this.kind} model has no hidden representation '${name}' (has: ${this.hiddenNames.join(", ")})`);
    });
  }

  logits(x: tf.Tensor2D, _opts?: ForwardOptions): tf.Tensor2D {
    return tf.tidy(() => {
      const f = this.hidden(x, "features");
      const z = tf.mul(tf.sub(f, this.mean), this.invStd);
      return tf.add(matMulFast(z as tf.Tensor2D, this.weight), this.bias) as tf.Tensor2D;
    });
  }

  trainableVariables(): tf.Variable[] {
    return [];
  }

  async serialize(): Promise<ModelArtifacts> {
    const { hidden: h, classes: c, inputDim: d } = this.config;
    const invStd = (await this.invStd.data()) as Float32Array;
    return {
      kind: this.kind,
      config: { ...this.config, features: this.features.settings },
      tensors: {
        synapses: { shape: [h, d], data: (await this.w.data()) as Float32Array },
        readoutWeight: { shape: [h, c], data: (await this.weight.data()) as Float32Array },
        readoutBias: { shape: [c], data: (await this.bias.data()) as Float32Array },
        mean: { shape: [h], data: (await this.mean.data()) as Float32Array },
        std: { shape: [h], data: invStd.map((v) => 1 / v) },
      },
    };
  }

  dispose(): void {
    for (const t of [this.w, this.wT, this.mean, this.invStd, this.weight, this.bias]) t.dispose();
  }
}

/**
 * The feature settings of a saved local model: `config.features`, or for models saved before it
 * existed their `activation`/`tInv` (softmax) or `n` (relu(I)^n).
 */
export function savedFeatureSettings(c: LocalModelConfig): FeatureSettings {
  if (c.features) return c.features;
  if (c.activation === "softmax") return { kind: "softmax", tInv: c.tInv ?? 5 };
  return { kind: "relu-pow", n: c.n ?? 4.5 };
}

/** Rebuilds a {@link LocalModel} of kind `kind` from saved artifacts, with the feature map `features` of its saved settings. */
export function localModelFromArtifacts(kind: string, a: ModelArtifacts, features: (s: FeatureSettings) => FeatureMap): LocalModel {
  const t = (k: string): Float32Array => {
    const v = a.tensors[k];
    if (!v) throw new Error(`${kind} model: tensor '${k}' missing from saved model`);
    return v.data;
  };
  const config = a.config as unknown as LocalModelConfig;
  return new LocalModel(
    config,
    { synapses: t("synapses"), readoutWeight: t("readoutWeight"), readoutBias: t("readoutBias"), mean: t("mean"), std: t("std") },
    { kind, features: features(savedFeatureSettings(config)) },
  );
}

function expectLength(name: string, a: Float32Array, n: number): void {
  if (a.length !== n) throw new Error(`local model: ${name} has ${a.length} values, expected ${n}`);
}

import { Rng, type RngState } from "../../rng.js";
import { tf } from "../../tf.js";
import { matMulFast, type MatMul } from "../../models/matmul.js";
import { NoiseLayer, noiseConfig, type NoiseConfig } from "../../models/noise.js";
import type { ForwardOptions, Model, ModelArtifacts } from "../../models/types.js";
import { LogMelFront, LogMelFrontConfig } from "../../models/logmelFront.js";
import { VOneConfig, VOneFront } from "../../models/vone.js";

/** The fixed front ends an {@link Mlp} can put before its first layer. */
export type FrontEndConfig = VOneConfig | LogMelFrontConfig;

/** Builds the front end of `config` for inputs of `inputDim` values (VOne: square images; log-mel: waveforms). */
export function makeFrontEnd(config: FrontEndConfig, inputDim: number): VOneFront | LogMelFront {
  return config.kind === "vone" ? new VOneFront(config, Math.round(Math.sqrt(inputDim))) : new LogMelFront(config, inputDim);
}

/** Hidden nonlinearities an {@link Mlp} supports. */
export const ACTIVATIONS = ["relu", "tanh"] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** Initializations of an {@link Mlp}'s weights. */
export const MLP_INITS = ["glorot-uniform", "he-normal", "torch-default"] as const;
export type MlpInit = (typeof MLP_INITS)[number];

/** PyTorch `BatchNorm1d` defaults (LocalLearning's `SHLP(batch_norm=True)`). */
export const BN_MOMENTUM = 0.1;
export const BN_EPS = 1e-5;

/** Settings of an {@link Mlp} (JSON-serializable; saved with the model). */
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
  /**
   * A fixed front end ahead of the first layer: VOne (Gabor bank + its stochastic layer) or a
   * log-mel spectrogram of waveform inputs; null/absent: none.
   */
  frontEnd?: FrontEndConfig | null;
  /**
   * The first layer's inputs (after any front end) standardized as (h − μ)/max(σ, 0.01) with the
   * training set's per-feature mean and standard deviation (saved with the model); false/absent: as they are.
   */
  standardize?: boolean;
  /**
   * Initial weights (absent: `glorot-uniform`): `he-normal` (LocalLearning's `SHLP`) or `torch-default`
   * (`nn.Linear`'s: weights and biases U(±1/√fan-in)). Only fresh models read it.
   */
  init?: MlpInit;
  /** Hidden layers have biases (absent: true). Without, h = act(x·W) as LocalLearning's `SHLP`. */
  hiddenBias?: boolean;
  /**
   * BatchNorm after every hidden layer's activation, before the next layer (LocalLearning's `SHLP`
   * with `batch_norm=True`; PyTorch `BatchNorm1d`: momentum 0.1, eps 1e-5, affine). Training
   * passes normalize by the batch's statistics and update the running ones; every other pass
   * uses the running statistics (PyTorch's `eval()`). Absent: false.
   */
  batchNorm?: boolean;
}

/** Options that change how an {@link Mlp} computes, not what it is (never saved). */
export interface MlpRuntimeOptions {
  /** The matMul used by every layer. Default {@link matMulFast}; benchmarks pass tfjs's own. */
  matMul?: MatMul;
}

/** Every layer's output of one forward pass. */
export interface MlpForward {
  /** Hidden representations after activation (and noise, and BatchNorm when configured), one [B, H_l] per hidden layer. */
  hiddens: tf.Tensor2D[];
  /** Pre-activations z_l = h_{l−1}·W_l (+ b_l), the layers' currents, one [B, H_l] per hidden layer. */
  preactivations: tf.Tensor2D[];
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
 * (Keras's Dense default), biases at 0, unless `config.init` names He-normal
 * or PyTorch's `nn.Linear` default. Hidden names are `h1`…`hL`.
 */
export class Mlp implements Model {
  readonly kind = "mlp";
  readonly hiddenNames: readonly string[];
  readonly weights: tf.Variable<tf.Rank.R2>[];
  readonly biases: tf.Variable<tf.Rank.R1>[];
  /** Pre-activation names `z1`…`zL` ({@link hidden} takes them; not analyzed unless asked for). */
  readonly extraRepresentations: readonly string[];
  /** BatchNorm scale and shift per hidden layer (trainable), and the running statistics (not). */
  private readonly bn: { gamma: tf.Variable<tf.Rank.R1>; beta: tf.Variable<tf.Rank.R1>; mean: tf.Variable<tf.Rank.R1>; variance: tf.Variable<tf.Rank.R1> }[];
  /** Batch statistics of the last training pass, applied to the running ones by {@link commitBatchStats}. */
  private pendingStats: { mean: tf.Tensor1D; variance: tf.Tensor1D }[] | null = null;
  private readonly noise: (NoiseLayer | null)[];
  private readonly mm: MatMul;
  /** The VOne front end and its noise layer, when the config has one. */
  private readonly front: VOneFront | LogMelFront | null;
  private readonly frontNoise: NoiseLayer | null;
  /** Per-feature mean and 1/max(σ, 0.01) of the inputs when `config.standardize` ([D] each). */
  private readonly inMean: tf.Tensor1D | null;
  private readonly inScale: tf.Tensor1D | null;

  /**
   * @param params weights and biases per layer (row-major f32, shapes as above); omitted: fresh ones from `config.seed` as `config.init` says.
   *   With `config.standardize`, also the inputs' per-feature `mean` and `std` [D] (required).
   */
  constructor(
    readonly config: MlpConfig,
    params?: { weights?: Float32Array[]; biases?: Float32Array[]; mean?: Float32Array; std?: Float32Array; batchNorm?: { gamma: Float32Array; beta: Float32Array; mean: Float32Array; variance: Float32Array }[] },
    runtime: MlpRuntimeOptions = {},
  ) {
    validateConfig(config);
    this.front = config.frontEnd ? makeFrontEnd(config.frontEnd, config.inputDim) : null;
    const fanIn = this.front?.width ?? config.inputDim;
    if (config.standardize) {
      const { mean, std } = params ?? {};
      if (mean?.length !== fanIn || std?.length !== fanIn) throw new Error(`mlp: standardize needs the first layer's input mean and std, ${fanIn} values each`);
      this.inMean = tf.tensor1d(mean);
      this.inScale = tf.tensor1d(Float32Array.from(std, (s) => 1 / Math.max(s, 0.01)));
    } else {
      this.inMean = this.inScale = null;
    }
    const sizes = [fanIn, ...config.hidden, config.classes];
    const rng = new Rng(config.seed);
    const initRng = rng.fork("init");
    this.weights = [];
    this.biases = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const [fanIn, fanOut] = [sizes[l], sizes[l + 1]];
      let w = params?.weights?.[l];
      let b = params?.biases?.[l];
      if (params?.weights && (w?.length !== fanIn * fanOut || b?.length !== fanOut)) {
        throw new Error(`mlp: layer ${l + 1} needs weights [${fanIn}, ${fanOut}] and bias [${fanOut}], got ${w?.length} and ${b?.length} values`);
      }
      const output = l + 2 === sizes.length;
      // A layer without bias keeps a zero bias that no optimizer or penalty sees.
      const trainableBias = output || config.hiddenBias !== false;
      if (!w) {
        if (config.init === "torch-default") {
          // nn.Linear's reset_parameters: kaiming_uniform(a = √5) gives W ~ U(±1/√fan-in); bias U(±1/√fan-in).
          const bound = 1 / Math.sqrt(fanIn);
          w = initRng.fillUniform(new Float32Array(fanIn * fanOut), -bound, bound);
          if (trainableBias) b ??= initRng.fillUniform(new Float32Array(fanOut), -bound, bound);
        } else if (config.init === "he-normal") {
          // LocalLearning's SHLP: hidden W ~ N(0, 2/fan-in); its readout is nn.Linear's default U(±1/√fan-in), bias too.
          if (output) {
            const bound = 1 / Math.sqrt(fanIn);
            w = initRng.fillUniform(new Float32Array(fanIn * fanOut), -bound, bound);
            b ??= initRng.fillUniform(new Float32Array(fanOut), -bound, bound);
          } else {
            const sd = Math.sqrt(2 / fanIn);
            w = Float32Array.from(initRng.fillNormal(new Float32Array(fanIn * fanOut)), (v) => v * sd);
          }
        } else {
          const limit = Math.sqrt(6 / (fanIn + fanOut));
          w = initRng.fillUniform(new Float32Array(fanIn * fanOut), -limit, limit);
        }
      }
      b ??= new Float32Array(fanOut);
      if (!trainableBias && b.some((v) => v !== 0)) throw new Error(`mlp: layer ${l + 1} has hiddenBias false but a nonzero bias`);
      // tidy frees the initial-value tensors; the variables (kept by tfjs) survive it.
      const [wl, bl] = [w, b];
      this.weights.push(tf.tidy(() => tf.variable(tf.tensor2d(wl, [fanIn, fanOut]), true, `mlp/w${l + 1}/${uid}`)) as tf.Variable<tf.Rank.R2>);
      this.biases.push(tf.tidy(() => tf.variable(tf.tensor1d(bl), trainableBias, `mlp/b${l + 1}/${uid}`)) as tf.Variable<tf.Rank.R1>);
      uid++;
    }
    this.hiddenNames = [...(config.frontEnd ? [config.frontEnd.kind] : []), ...config.hidden.map((_, i) => `h${i + 1}`)];
    this.extraRepresentations = config.hidden.map((_, i) => `z${i + 1}`);
    const saved = params?.batchNorm;
    if (config.batchNorm && saved && saved.length !== config.hidden.length) throw new Error(`mlp: batchNorm needs ${config.hidden.length} layers of statistics, got ${saved.length}`);
    this.bn = config.batchNorm
      ? config.hidden.map((h, i) => {
          const v = (name: string, init: Float32Array | undefined, fill: number, trainable: boolean) =>
            tf.tidy(() => tf.variable(tf.tensor1d(init ?? new Float32Array(h).fill(fill)), trainable, `mlp/bn${i + 1}/${name}/${uid++}`)) as tf.Variable<tf.Rank.R1>;
          return { gamma: v("gamma", saved?.[i].gamma, 1, true), beta: v("beta", saved?.[i].beta, 0, true), mean: v("mean", saved?.[i].mean, 0, false), variance: v("variance", saved?.[i].variance, 1, false) };
        })
      : [];
    this.noise = config.hidden.map((h, i) => (config.noise ? new NoiseLayer(config.noise, h, rng.fork(`noise${i + 1}`)) : null));
    const fn = config.frontEnd?.kind === "vone" ? config.frontEnd.noise : null;
    this.frontNoise = this.front && fn ? new NoiseLayer(fn, this.front.width, rng.fork("vone-noise")) : null;
    this.mm = runtime.matMul ?? matMulFast;
  }

  get inputDim(): number {
    return this.config.inputDim;
  }

  get classes(): number {
    return this.config.classes;
  }

  get stochastic(): boolean {
    const fn = this.config.frontEnd?.kind === "vone" ? this.config.frontEnd.noise : null;
    return (this.config.noise !== null && !this.config.noise.fixed) || (!!fn && !fn.fixed);
  }

  /** The hidden layers h1…hL (after any front end) with their widths, as regularizers address them. */
  get layers(): { name: string; width: number }[] {
    return this.config.hidden.map((width, i) => ({ name: `h${i + 1}`, width }));
  }

  /** Number of weight layers (hidden layers + 1). */
  get depth(): number {
    return this.weights.length;
  }

  /**
   * The whole forward pass, keeping every hidden layer (regularizers need
   * them and the logits from the same pass). Differentiable; the caller
   * disposes the tensors (or runs inside tf.tidy).
   */
  forward(x: tf.Tensor2D, opts?: ForwardOptions): MlpForward {
    if (x.rank !== 2 || x.shape[1] !== this.inputDim) throw new Error(`mlp: input must be [B, ${this.inputDim}], got [${x.shape}]`);
    const hiddens: tf.Tensor2D[] = [];
    const preactivations: tf.Tensor2D[] = [];
    let h = this.standardized(this.front ? this.frontOut(x, opts?.noiseRng) : x);
    const stats: { mean: tf.Tensor1D; variance: tf.Tensor1D }[] = [];
    for (let l = 0; l + 1 < this.weights.length; l++) {
      const z = this.preactivation(l, h);
      preactivations.push(z);
      h = this.activate(l, z, opts?.noiseRng, opts?.training ? stats : undefined);
      hiddens.push(h);
    }
    if (opts?.training && this.bn.length) {
      tf.dispose(this.pendingStats?.flatMap((s) => [s.mean, s.variance]) ?? []);
      this.pendingStats = stats.map((s) => ({ mean: tf.keep(s.mean), variance: tf.keep(s.variance) }));
    }
    const L = this.weights.length - 1;
    return { hiddens, preactivations, logits: tf.add(this.mm(h, this.weights[L]), this.biases[L]) as tf.Tensor2D };
  }

  /**
   * Vector–Jacobian products vᵀ·J_b for every row b, J_b = ∂out_b/∂x_b, where
   * `out` is hidden layer `layer` (0-based) or, for `layer` = −1, the logits:
   * v [B, K] → [B, D]. Built explicitly (forward, then the chain rule with
   * act′ and the noise derivative as tensors) so that its gradient with
   * respect to the weights needs only first-order tfjs gradients: nested
   * tfjs gradients (tf.grad inside tf.variableGrads) silently drop the terms
   * that run through an op's saved output, e.g. tanh's 1 − y² (tfjs 4.22;
   * the regularizer tests caught it by finite differences). One noise draw
   * serves the forward and the derivative.
   */
  inputVjp(x: tf.Tensor2D, v: tf.Tensor2D, layer = -1, pre = false): tf.Tensor2D {
    if (this.front) throw new Error("mlp.inputVjp: not available with a VOne front end (regularizers need it; combine them with a plain MLP)");
    if (this.bn.length) throw new Error("mlp.inputVjp: not available with batchNorm (a training pass's Jacobian runs through the batch statistics); use a Jacobian regularizer without it");
    const last = layer === -1 ? this.weights.length - 1 : layer;
    if (!Number.isInteger(last) || last < 0 || last >= this.weights.length) throw new Error(`mlp.inputVjp: no layer ${layer}`);
    const derivs: tf.Tensor2D[] = [];
    let h = this.standardized(x);
    for (let l = 0; l <= last && l < this.weights.length - 1; l++) {
      const z = tf.add(this.mm(h, this.weights[l]), this.biases[l]) as tf.Tensor2D;
      let a: tf.Tensor2D;
      let d: tf.Tensor2D;
      if (this.config.activation === "relu") {
        a = tf.relu(z) as tf.Tensor2D;
        d = tf.step(z) as tf.Tensor2D;
      } else {
        a = tf.tanh(z) as tf.Tensor2D;
        d = tf.sub(1, tf.square(a)) as tf.Tensor2D;
      }
      const noise = this.noise[l];
      if (noise) {
        const n = noise.applyWithDerivative(a);
        a = n.y;
        if (n.dydx) d = tf.mul(d, n.dydx) as tf.Tensor2D;
      }
      // The pre-activation's Jacobian stops before the last layer's nonlinearity.
      derivs.push(pre && l === last ? (tf.onesLike(z) as tf.Tensor2D) : d);
      h = a;
    }
    let g = v;
    if (last === this.weights.length - 1) g = this.mm(g, tf.transpose(this.weights[last]));
    for (let l = derivs.length - 1; l >= 0; l--) {
      g = tf.mul(g, derivs[l]) as tf.Tensor2D;
      g = this.mm(g, tf.transpose(this.weights[l]));
    }
    // d/dx of (x − μ)·s is s, per feature.
    return this.inScale ? (tf.mul(g, this.inScale) as tf.Tensor2D) : g;
  }

  logits(x: tf.Tensor2D, opts?: ForwardOptions): tf.Tensor2D {
    return tf.tidy(() => this.forward(x, opts).logits);
  }

  hidden(x: tf.Tensor2D, name: string, opts?: ForwardOptions): tf.Tensor2D {
    const zi = this.extraRepresentations.indexOf(name);
    if (zi >= 0)
      return tf.tidy(() => {
        let h = this.standardized(this.front ? this.frontOut(x, opts?.noiseRng) : x);
        for (let l = 0; l < zi; l++) h = this.hiddenLayer(l, h, opts?.noiseRng);
        return this.preactivation(zi, h);
      });
    const i = this.hiddenNames.indexOf(name);
    if (i < 0) throw new Error(`mlp has no hidden representation '${name}' (has: ${[...this.hiddenNames, ...this.extraRepresentations].join(", ")})`);
    // Runs only up to layer i, so later layers' noise is not drawn.
    return tf.tidy(() => {
      let h = x;
      let layer = i;
      if (this.front) {
        h = this.frontOut(h, opts?.noiseRng);
        if (i === 0) return h;
        layer = i - 1;
      }
      h = this.standardized(h);
      for (let l = 0; l <= layer; l++) h = this.hiddenLayer(l, h, opts?.noiseRng);
      return h;
    });
  }

  /** (h − μ)·s when the model standardizes its first layer's inputs, else h itself. */
  private standardized(x: tf.Tensor2D): tf.Tensor2D {
    return this.inMean && this.inScale ? (tf.mul(tf.sub(x, this.inMean), this.inScale) as tf.Tensor2D) : x;
  }

  /** The front end: VOne's relu(noise(Gabor responses)) (VOneNet's `VOneBlock`), or the log-mel images. */
  private frontOut(x: tf.Tensor2D, noiseRng?: Rng): tf.Tensor2D {
    return tf.tidy(() => {
      const g = this.front!.apply(x);
      if (this.config.frontEnd?.kind !== "vone") return g;
      return (this.frontNoise ? tf.relu(this.frontNoise.apply(g, noiseRng)) : tf.relu(g)) as tf.Tensor2D;
    });
  }

  /** How results name a representation: `z1` is a pre-activation. */
  representationLabel(name: string): string {
    const i = this.extraRepresentations.indexOf(name);
    return i >= 0 ? `pre-activation z${i + 1} = ${i === 0 ? "x" : `h${i}`}·W${i + 1}${this.config.hiddenBias === false ? "" : ` + b${i + 1}`}` : name;
  }

  /** Hidden layer l (0-based): BN(noise(act(h·W + b))), fresh noise from `noiseRng` when given (layers draw from it in turn); BatchNorm in evaluation mode. */
  private hiddenLayer(l: number, h: tf.Tensor2D, noiseRng?: Rng): tf.Tensor2D {
    return this.activate(l, this.preactivation(l, h), noiseRng);
  }

  /** Pre-activation of hidden layer l: h·W (+ b). */
  private preactivation(l: number, h: tf.Tensor2D): tf.Tensor2D {
    const z = this.mm(h, this.weights[l]);
    return this.config.hiddenBias === false ? z : (tf.add(z, this.biases[l]) as tf.Tensor2D);
  }

  /**
   * act(z), its noise, and BatchNorm: with `stats` (a training pass) normalized by the batch's
   * mean and biased variance, whose values (variance unbiased, as PyTorch's running estimate) are
   * pushed to `stats`; otherwise by the running statistics.
   */
  private activate(l: number, z: tf.Tensor2D, noiseRng?: Rng, stats?: { mean: tf.Tensor1D; variance: tf.Tensor1D }[]): tf.Tensor2D {
    const a = (this.config.activation === "relu" ? tf.relu(z) : tf.tanh(z)) as tf.Tensor2D;
    const noise = this.noise[l];
    const n = noise ? noise.apply(a, noiseRng) : a;
    const bn = this.bn[l];
    if (!bn) return n;
    if (stats) {
      const b = n.shape[0];
      if (b < 2) throw new Error("mlp: batchNorm needs training batches of at least 2");
      const { mean, variance } = tf.moments(n, 0);
      stats.push({ mean: mean as tf.Tensor1D, variance: tf.mul(variance, b / (b - 1)) as tf.Tensor1D });
      return tf.add(tf.mul(tf.div(tf.sub(n, mean), tf.sqrt(tf.add(variance, BN_EPS))), bn.gamma), bn.beta) as tf.Tensor2D;
    }
    return tf.add(tf.mul(tf.div(tf.sub(n, bn.mean), tf.sqrt(tf.add(bn.variance, BN_EPS))), bn.gamma), bn.beta) as tf.Tensor2D;
  }

  /**
   * After an optimizer step: the running BatchNorm statistics move toward the last training
   * pass's batch statistics, r ← (1 − 0.1)·r + 0.1·batch (PyTorch). No-op without BatchNorm.
   */
  commitBatchStats(): void {
    if (!this.pendingStats) return;
    this.pendingStats.forEach((s, i) => {
      const bn = this.bn[i];
      bn.mean.assign(tf.tidy(() => tf.add(tf.mul(bn.mean, 1 - BN_MOMENTUM), tf.mul(s.mean, BN_MOMENTUM)) as tf.Tensor1D));
      bn.variance.assign(tf.tidy(() => tf.add(tf.mul(bn.variance, 1 - BN_MOMENTUM), tf.mul(s.variance, BN_MOMENTUM)) as tf.Tensor1D));
      tf.dispose([s.mean, s.variance]);
    });
    this.pendingStats = null;
  }

  /** The running BatchNorm statistics (for checkpoints), `bn<l>_mean` and `bn<l>_variance`. */
  batchNormState(): Record<string, Float32Array> {
    const out: Record<string, Float32Array> = {};
    this.bn.forEach((b, i) => {
      out[`bn${i + 1}_mean`] = (b.mean.dataSync() as Float32Array).slice();
      out[`bn${i + 1}_variance`] = (b.variance.dataSync() as Float32Array).slice();
    });
    return out;
  }

  /** Puts back {@link batchNormState}. */
  restoreBatchNormState(s: Record<string, Float32Array | Float64Array>): void {
    this.bn.forEach((b, i) => {
      const m = s[`bn${i + 1}_mean`];
      const v = s[`bn${i + 1}_variance`];
      if (!m || !v) throw new Error(`mlp checkpoint: no BatchNorm statistics for layer ${i + 1}`);
      b.mean.assign(tf.tensor1d(Float32Array.from(m)));
      b.variance.assign(tf.tensor1d(Float32Array.from(v)));
    });
  }

  trainableVariables(): tf.Variable[] {
    return [...this.weights, ...this.biases.filter((b) => b.trainable), ...this.bn.flatMap((b) => [b.gamma, b.beta])];
  }

  /** States of the noise layers' own streams (null where a layer has no noise), for checkpoints. */
  noiseStates(): (RngState | null)[] {
    return [...this.noise.map((n) => n?.rngState() ?? null), ...(this.front ? [this.frontNoise?.rngState() ?? null] : [])];
  }

  /** Continues the noise layers' streams from {@link noiseStates}. */
  restoreNoiseStates(states: (RngState | null)[]): void {
    const layers = [...this.noise, ...(this.front ? [this.frontNoise] : [])];
    if (states.length !== layers.length) throw new Error(`mlp: ${states.length} noise states for ${layers.length} noise layers`);
    layers.forEach((n, i) => {
      const s = states[i];
      if (n && s) n.restoreRng(s);
    });
  }

  async serialize(): Promise<ModelArtifacts> {
    const tensors: ModelArtifacts["tensors"] = {};
    for (let l = 0; l < this.weights.length; l++) {
      tensors[`w${l + 1}`] = { shape: [...this.weights[l].shape], data: (await this.weights[l].data()) as Float32Array };
      tensors[`b${l + 1}`] = { shape: [...this.biases[l].shape], data: (await this.biases[l].data()) as Float32Array };
    }
    for (const [i, b] of this.bn.entries())
      for (const k of ["gamma", "beta", "mean", "variance"] as const) tensors[`bn${i + 1}_${k}`] = { shape: [...b[k].shape], data: (await b[k].data()) as Float32Array };
    if (this.inMean && this.inScale) {
      const s = (await this.inScale.data()) as Float32Array;
      tensors.inputMean = { shape: [s.length], data: (await this.inMean.data()) as Float32Array };
      // σ as given (scales of 1/0.01 and above stand for σ ≤ 0.01, which the floor maps alike).
      tensors.inputStd = { shape: [s.length], data: Float32Array.from(s, (v) => 1 / v) };
    }
    return { kind: this.kind, config: JSON.parse(JSON.stringify(this.config)) as Record<string, unknown>, tensors };
  }

  dispose(): void {
    for (const v of [...this.weights, ...this.biases, ...this.bn.flatMap((b) => [b.gamma, b.beta, b.mean, b.variance])]) v.dispose();
    tf.dispose(this.pendingStats?.flatMap((s) => [s.mean, s.variance]) ?? []);
    this.front?.dispose();
    this.inMean?.dispose();
    this.inScale?.dispose();
  }
}

let uid = 0;

function validateConfig(c: MlpConfig): void {
  const ok = (v: number) => Number.isInteger(v) && v >= 1;
  if (!ok(c.inputDim) || !ok(c.classes)) throw new Error(`mlp: inputDim and classes must be positive integers`);
  if (!Array.isArray(c.hidden) || c.hidden.length === 0 || !c.hidden.every(ok)) {
    throw new Error(`mlp: hidden must list at least one positive integer width, got ${JSON.stringify(c.hidden)}`);
  }
  if (!(ACTIVATIONS as readonly string[]).includes(c.activation)) throw new Error(`mlp: activation must be one of ${ACTIVATIONS.join(", ")}, got '${c.activation}'`);
  if (c.frontEnd?.kind === "vone" && Math.round(Math.sqrt(c.inputDim)) ** 2 !== c.inputDim) throw new Error(`mlp: a VOne front end needs square single-channel images; inputDim ${c.inputDim} is not a square`);
}

/** Rebuilds an {@link Mlp} from {@link Mlp.serialize}'s artifacts (registered as `mlp` in MODEL_LOADERS). */
export function mlpFromArtifacts(a: ModelArtifacts): Mlp {
  const c = a.config as unknown as MlpConfig;
  const config: MlpConfig = { ...c, noise: c.noise ? noiseConfig(c.noise as unknown as { kind: string }) : null, frontEnd: c.frontEnd ? frontEndConfig(c.frontEnd) : null };
  const depth = config.hidden.length + 1;
  const weights: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (let l = 1; l <= depth; l++) {
    const w = a.tensors[`w${l}`];
    const b = a.tensors[`b${l}`];
    if (!w || !b) throw new Error(`mlp artifacts: missing tensor w${l} or b${l}`);
    weights.push(w.data);
    biases.push(b.data);
  }
  const batchNorm = config.batchNorm
    ? config.hidden.map((_, i) => {
        const t = (k: string) => {
          const v = a.tensors[`bn${i + 1}_${k}`];
          if (!v) throw new Error(`mlp artifacts: missing tensor bn${i + 1}_${k}`);
          return v.data;
        };
        return { gamma: t("gamma"), beta: t("beta"), mean: t("mean"), variance: t("variance") };
      })
    : undefined;
  return new Mlp(config, { weights, biases, mean: a.tensors.inputMean?.data, std: a.tensors.inputStd?.data, batchNorm });
}

/** A saved front-end config, validated by its kind. */
function frontEndConfig(raw: unknown): FrontEndConfig {
  return (raw as { kind?: string }).kind === "logmel" ? LogMelFrontConfig.parse(raw) : VOneConfig.parse(raw);
}

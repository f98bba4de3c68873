import { matMulFast } from "../../models/matmul.js";
import type { ForwardOptions, Model, ModelArtifacts } from "../../models/types.js";
import type { Rng } from "../../rng.js";
import { tf } from "../../tf.js";

/** Settings of a {@link HierarchicalNet} (JSON; saved with the model). */
export interface HierarchicalNetConfig {
  inputDim: number;
  classes: number;
  /** Units of every hidden layer. */
  width: number;
  /** Levels of the label hierarchy and hidden width→width layers per level. */
  levels: number;
  depthPerLevel: number;
  /** The hierarchy the levels were trained on (recorded; the forward does not need it). */
  hierarchy: number[][][];
}

/** Weights of one dense layer: W [in, out] row-major and b [out]. */
interface Dense {
  w: tf.Variable<tf.Rank.R2>;
  b: tf.Variable<tf.Rank.R1>;
}

/**
 * Beshkov, Verhellen & Lepperød's (2022) hierarchical network (`KBeshkov/HIsometricNets`,
 * `NN_class`): tanh layers D → width (the input layer, `h1`), then levels·depthPerLevel layers
 * width → width (`h2`…), and one width → classes head shared by every level. Level b reads its
 * labels through the head at `h(1 + depthPerLevel·(b + 1))`; `logits` is the finest level, the
 * last layer, which attacks and analyses see.
 *
 * Layer l computes h_l = tanh(h_{l−1}·W_l + b_l), W_l [in, out] row-major (PyTorch's Linear weight
 * transposed). The seed computes in float64; tfjs-wasm has no float64, so this runs in float32.
 */
export class HierarchicalNet implements Model {
  readonly kind = "hierarchical";
  readonly stochastic = false;
  readonly hiddenNames: readonly string[];
  /** The input layer, then the hidden layers, input to output. */
  readonly layers: Dense[];
  readonly head: Dense;

  /**
   * @param params every layer's weights and biases (the input layer, the hidden layers, then the
   *   head), shapes as above; omitted: a fresh initialization ({@link initialWeights}) drawn from `rng`.
   */
  constructor(
    readonly config: HierarchicalNetConfig,
    params: { weights: Float32Array[]; biases: Float32Array[] },
  ) {
    const sizes = layerSizes(config);
    if (params.weights.length !== sizes.length || params.biases.length !== sizes.length) throw new Error(`hierarchical model: ${sizes.length} layers, got ${params.weights.length} weights and ${params.biases.length} biases`);
    const dense = sizes.map(([fanIn, fanOut], l) => {
      const [w, b] = [params.weights[l], params.biases[l]];
      if (w.length !== fanIn * fanOut || b.length !== fanOut) throw new Error(`hierarchical model: layer ${l + 1} needs weights [${fanIn}, ${fanOut}] and bias [${fanOut}], got ${w.length} and ${b.length} values`);
      return tf.tidy(() => ({ w: tf.variable(tf.tensor2d(w, [fanIn, fanOut]), true) as tf.Variable<tf.Rank.R2>, b: tf.variable(tf.tensor1d(b), true) as tf.Variable<tf.Rank.R1> }));
    });
    this.head = dense.pop()!;
    this.layers = dense;
    this.hiddenNames = this.layers.map((_, i) => `h${i + 1}`);
  }

  get inputDim(): number {
    return this.config.inputDim;
  }

  get classes(): number {
    return this.config.classes;
  }

  /** The hidden representation level `b` (0-based, coarse first) is read out from. */
  readoutOf(level: number): string {
    return `h${1 + this.config.depthPerLevel * (level + 1)}`;
  }

  /** Hidden layers 1…`depth` of x [B, D] (tanh each), differentiable. */
  forwardTo(x: tf.Tensor2D, depth: number): tf.Tensor2D {
    if (x.rank !== 2 || x.shape[1] !== this.inputDim) throw new Error(`hierarchical model: input must be [B, ${this.inputDim}], got [${x.shape}]`);
    let h = x;
    for (let l = 0; l < depth; l++) h = tf.tanh(tf.add(matMulFast(h, this.layers[l].w), this.layers[l].b)) as tf.Tensor2D;
    return h;
  }

  /** The shared head on a representation [B, width] → [B, classes]. */
  headOf(h: tf.Tensor2D): tf.Tensor2D {
    return tf.add(matMulFast(h, this.head.w), this.head.b) as tf.Tensor2D;
  }

  /** Logits of level `b` (its readout through the shared head). */
  levelLogits(x: tf.Tensor2D, level: number): tf.Tensor2D {
    return tf.tidy(() => this.headOf(this.forwardTo(x, 1 + this.config.depthPerLevel * (level + 1))));
  }

  logits(x: tf.Tensor2D, _opts?: ForwardOptions): tf.Tensor2D {
    return this.levelLogits(x, this.config.levels - 1);
  }

  hidden(x: tf.Tensor2D, name: string, _opts?: ForwardOptions): tf.Tensor2D {
    const i = this.hiddenNames.indexOf(name);
    if (i < 0) throw new Error(`hierarchical model has no hidden representation '${name}' (has: ${this.hiddenNames.join(", ")})`);
    return tf.tidy(() => this.forwardTo(x, i + 1));
  }

  representationLabel(name: string): string {
    const level = Array.from({ length: this.config.levels }, (_, b) => b).find((b) => this.readoutOf(b) === name);
    return level === undefined ? name : `${name}, level ${level + 1} readout`;
  }

  /** Every parameter, input layer first (weight, bias per layer), then the head. */
  trainableVariables(): tf.Variable[] {
    return [...this.layers, this.head].flatMap((d) => [d.w, d.b]);
  }

  async serialize(): Promise<ModelArtifacts> {
    const tensors: ModelArtifacts["tensors"] = {};
    for (const [i, d] of [...this.layers, this.head].entries()) {
      const name = i < this.layers.length ? `${i + 1}` : "Head";
      tensors[`w${name}`] = { shape: [...d.w.shape], data: (await d.w.data()) as Float32Array };
      tensors[`b${name}`] = { shape: [...d.b.shape], data: (await d.b.data()) as Float32Array };
    }
    return { kind: this.kind, config: JSON.parse(JSON.stringify(this.config)) as Record<string, unknown>, tensors };
  }

  dispose(): void {
    for (const v of this.trainableVariables()) v.dispose();
  }
}

/** [fanIn, fanOut] of every layer: the input layer, the hidden layers, the head. */
function layerSizes(c: HierarchicalNetConfig): [number, number][] {
  return [[c.inputDim, c.width], ...Array.from({ length: c.levels * c.depthPerLevel }, (): [number, number] => [c.width, c.width]), [c.width, c.classes]];
}

/**
 * The seed's initialization: PyTorch's `nn.Linear` default for the input layer and the head
 * (weights and biases U(−1/√fan_in, 1/√fan_in)), `torch.nn.init.orthogonal_` for the hidden
 * weights (the QR of a Gaussian matrix with R's diagonal made positive) with Linear's default biases.
 */
export function initialWeights(c: HierarchicalNetConfig, rng: Rng): { weights: Float32Array[]; biases: Float32Array[] } {
  const sizes = layerSizes(c);
  const weights: Float32Array[] = [];
  const biases: Float32Array[] = [];
  sizes.forEach(([fanIn, fanOut], l) => {
    const bound = 1 / Math.sqrt(fanIn);
    const hidden = l > 0 && l < sizes.length - 1;
    weights.push(hidden ? orthogonal(fanIn, fanOut, rng) : rng.fillUniform(new Float32Array(fanIn * fanOut), -bound, bound));
    biases.push(rng.fillUniform(new Float32Array(fanOut), -bound, bound));
  });
  return { weights, biases };
}

/**
 * A random [rows, cols] matrix with orthonormal columns (rows ≥ cols) or rows: Q of the QR
 * decomposition of a standard Gaussian matrix, by modified Gram–Schmidt twice in f64, which gives
 * R's diagonal positive, as `torch.nn.init.orthogonal_` makes it.
 */
export function orthogonal(rows: number, cols: number, rng: Rng): Float32Array {
  const tall = rows >= cols;
  const [m, n] = tall ? [rows, cols] : [cols, rows];
  // Columns of an [m, n] Gaussian matrix, orthonormalized one after another.
  const q = Array.from({ length: n }, () => Float64Array.from({ length: m }, () => rng.normal()));
  for (let j = 0; j < n; j++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < j; i++) {
        let dot = 0;
        for (let k = 0; k < m; k++) dot += q[i][k] * q[j][k];
        for (let k = 0; k < m; k++) q[j][k] -= dot * q[i][k];
      }
    }
    let norm = 0;
    for (let k = 0; k < m; k++) norm += q[j][k] * q[j][k];
    norm = Math.sqrt(norm);
    for (let k = 0; k < m; k++) q[j][k] /= norm;
  }
  const out = new Float32Array(rows * cols);
  for (let j = 0; j < n; j++) for (let k = 0; k < m; k++) out[tall ? k * cols + j : j * cols + k] = q[j][k];
  return out;
}

/** Rebuilds a {@link HierarchicalNet} from its artifacts. */
export function hierarchicalFromArtifacts(a: ModelArtifacts): HierarchicalNet {
  const c = a.config as unknown as HierarchicalNetConfig;
  const layers = c.levels * c.depthPerLevel + 1;
  const names = [...Array.from({ length: layers }, (_, i) => `${i + 1}`), "Head"];
  const t = (k: string): Float32Array => {
    const v = a.tensors[k];
    if (!v) throw new Error(`hierarchical model: tensor '${k}' missing from saved model`);
    return v.data;
  };
  return new HierarchicalNet(c, { weights: names.map((n) => t(`w${n}`)), biases: names.map((n) => t(`b${n}`)) });
}

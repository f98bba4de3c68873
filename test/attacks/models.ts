// Small models of the common interface, with known maths, for the attack tests.
import { tf } from "../../src/tf.js";
import type { ForwardOptions, Model, ModelArtifacts } from "../../src/models/types.js";
import { Rng } from "../../src/rng.js";

abstract class ToyModel implements Model {
  abstract readonly kind: string;
  abstract readonly inputDim: number;
  abstract readonly classes: number;
  readonly stochastic: boolean = false;
  readonly hiddenNames: readonly string[] = [];
  /** Forward passes so far (to check how many samples EOT draws). */
  calls = 0;
  protected owned: tf.Tensor[] = [];
  abstract forward(x: tf.Tensor2D): tf.Tensor2D;
  logits(x: tf.Tensor2D, _opts?: ForwardOptions): tf.Tensor2D {
    this.calls++;
    return this.forward(x);
  }
  hidden(): tf.Tensor2D {
    throw new Error("no hidden layers");
  }
  trainableVariables(): tf.Variable[] {
    return [];
  }
  async serialize(): Promise<ModelArtifacts> {
    return { kind: this.kind, config: {}, tensors: {} };
  }
  dispose(): void {
    tf.dispose(this.owned);
  }
}

/** logits = x·W + b; W [D, C] row-major. */
export class LinearSoftmax extends ToyModel {
  readonly kind: string = "linear";
  readonly W: tf.Tensor2D;
  readonly b: tf.Tensor1D;
  constructor(readonly w: Float32Array, readonly inputDim: number, readonly classes: number, bias?: Float32Array) {
    super();
    this.W = tf.tensor2d(w, [inputDim, classes]);
    this.b = tf.tensor1d(bias ?? new Float32Array(classes));
    this.owned.push(this.W, this.b);
  }
  forward(x: tf.Tensor2D): tf.Tensor2D {
    return tf.add(tf.matMul(x, this.W), this.b);
  }
}

/** A 1-D threshold classifier: class 1 iff x > t (ties go to class 0). logits = [s(t − x), s(x − t)]. */
export class Threshold1D extends ToyModel {
  readonly kind = "threshold";
  readonly inputDim = 1;
  readonly classes = 2;
  constructor(readonly t: number, readonly s = 10) {
    super();
  }
  forward(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const z = tf.mul(tf.sub(x, this.t), this.s);
      return tf.concat([tf.neg(z), z], 1) as tf.Tensor2D;
    });
  }
}

/** tanh MLP D-H-C with seeded random weights (deterministic). */
export class TinyMlp extends ToyModel {
  readonly kind: string = "tiny-mlp";
  readonly W1: tf.Tensor2D;
  readonly W2: tf.Tensor2D;
  constructor(readonly inputDim: number, readonly h: number, readonly classes: number, seed = 3) {
    super();
    const r = new Rng(seed);
    this.W1 = tf.tensor2d(r.fillNormal(new Float32Array(inputDim * h), 0, 2 / Math.sqrt(inputDim)), [inputDim, h]);
    this.W2 = tf.tensor2d(r.fillNormal(new Float32Array(h * classes), 0, 3 / Math.sqrt(h)), [h, classes]);
    this.owned.push(this.W1, this.W2);
  }
  forward(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.matMul(tf.tanh(tf.sub(tf.matMul(x, this.W1), 0.5)), this.W2));
  }
}

/**
 * A stochastic model: relu hidden layer with test-time dropout (keep p), masks drawn from a seeded Rng
 * on every forward pass.
 */
export class DropoutMlp extends TinyMlp {
  override readonly kind = "dropout-mlp";
  override readonly stochastic = true;
  private readonly rng: Rng;
  constructor(inputDim: number, h: number, classes: number, readonly keep = 0.5, seed = 5) {
    super(inputDim, h, classes, seed);
    this.rng = new Rng(seed + 1000);
  }
  override forward(x: tf.Tensor2D): tf.Tensor2D {
    const [b] = x.shape;
    const m = new Float32Array(b * this.h);
    for (let i = 0; i < m.length; i++) m[i] = this.rng.uniform() < this.keep ? 1 / this.keep : 0;
    return tf.tidy(() => tf.matMul(tf.mul(tf.relu(tf.matMul(x, this.W1)), tf.tensor2d(m, [b, this.h])), this.W2));
  }
}

/** A model with zero input gradient everywhere (rounds its input): the textbook masked gradient. */
export class RoundingLinear extends LinearSoftmax {
  override forward(x: tf.Tensor2D): tf.Tensor2D {
    return super.forward(tf.round(x));
  }
}

/** Seeded images [n, d] in [0, 1] with some pixels exactly 0 and 1 (the bounds must hold there too). */
export function randomImages(rng: Rng, n: number, d: number): Float32Array {
  const x = rng.fillUniform(new Float32Array(n * d));
  for (let i = 0; i < x.length; i += 7) x[i] = i % 2 ? 1 : 0;
  return x;
}

/**
 * A C-class linear model on interior images ([0.3, 0.7], so [0, 1] never binds at these ε) where
 * only classes 0 and 1 compete (the others sit 100 logits below): the smallest perturbation that
 * flips image i is ε*ᵢ = |z_1 − z_0| / ‖w_1 − w_0‖_dual (‖·‖₁ for L∞, ‖·‖₂ for L2), in closed form.
 */
export function twoClassLinear(seed: number, d: number, c: number, n: number, norm: "linf" | "l2" = "linf", pattern?: (j: number) => number) {
  const rng = new Rng(seed);
  const w = rng.fillNormal(new Float32Array(d * c), 0, 0.5);
  // A pattern sets w_1 − w_0 (plus 10 % noise) instead of the random weights.
  if (pattern) for (let j = 0; j < d; j++) w[j * c + 1] = w[j * c] + pattern(j) * 0.5 + 0.05 * rng.normal();
  const bias = new Float32Array(c).fill(-100);
  bias[0] = bias[1] = 0;
  const images = rng.fillUniform(new Float32Array(n * d), 0.3, 0.7);
  const v = Float64Array.from({ length: d }, (_, j) => w[j * c + 1] - w[j * c]);
  // The dual norm of the threat model's: ‖v‖₁ for L∞, ‖v‖₂ for L2.
  const dual = norm === "linf" ? v.reduce((a, x) => a + Math.abs(x), 0) : Math.hypot(...v);
  // The largest move of one pixel on the way to the boundary: ε* (L∞), ε*·max|vᵢ|/‖v‖₂ (L2).
  const reach = norm === "linf" ? 1 : Math.max(...v.map(Math.abs)) / dual;
  const labels = new Int32Array(n);
  const epsStar = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const m = Array.from(v).reduce((a, x, j) => a + x * images[i * d + j], 0);
    labels[i] = m > 0 ? 1 : 0;
    epsStar[i] = Math.abs(m) / dual;
  }
  return { model: new LinearSoftmax(w, d, c, bias), images, labels, epsStar, maxMove: reach * Math.max(...epsStar) };
}

/**
 * A linear model behind a hard threshold, logits = step(x − ½)·W + b: its input gradient is exactly 0
 * everywhere (the textbook masked gradient), yet small moves across ½ change its output.
 */
export class ThresholdedLinear extends LinearSoftmax {
  override forward(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => super.forward(tf.step(tf.sub(x, 0.5)) as tf.Tensor2D));
  }
}

/** Wraps a model and records the number of rows of every forward pass, in order. */
export class RowCounter extends ToyModel {
  readonly kind = "row-counter";
  readonly rows: number[] = [];
  constructor(readonly inner: ToyModel) {
    super();
  }
  get inputDim(): number {
    return this.inner.inputDim;
  }
  get classes(): number {
    return this.inner.classes;
  }
  forward(x: tf.Tensor2D): tf.Tensor2D {
    this.rows.push(x.shape[0]);
    return this.inner.forward(x);
  }
}

/**
 * A {@link Threshold1D} at t with the 1-D images xs and their labels (x > t), for the critical-perturbation
 * tests: call setup() in beforeAll (after initTf) and dispose() in afterAll; ctx() is an attack context.
 */
export function thresholdFixture(t: number, xs: number[]) {
  const f = {
    model: undefined as unknown as Threshold1D,
    x: undefined as unknown as tf.Tensor2D,
    y: undefined as unknown as tf.Tensor1D,
    setup() {
      f.model = new Threshold1D(t);
      f.x = tf.tensor2d(xs, [xs.length, 1]);
      f.y = tf.tensor1d(xs.map((v) => (v > t ? 1 : 0)), "int32");
    },
    dispose() {
      f.model.dispose();
      tf.dispose([f.x, f.y]);
    },
    ctx: () => ({ model: f.model as Model, rng: new Rng(3), loss: "ce" as const, eotSamples: 1 }),
  };
  return f;
}

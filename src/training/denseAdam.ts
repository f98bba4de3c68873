import { tf } from "../tf.js";
import { activeDense, type HeapBackend } from "../wasm/dense.js";

/** A named tensor as tfjs optimizers save their state (tfjs-core's `NamedTensor`, not re-exported by tfjs). */
type NamedTensor = { name: string; tensor: tf.Tensor };

/** The kernel name of the fused Adam step (wasm backend, run on the active dense engine). */
export const DENSE_ADAM = "HebblabAdam";
/** The kernel name of the fused AMSGrad step (wasm backend, run on the active dense engine). */
export const DENSE_AMSGRAD = "HebblabAmsgrad";

/** PyTorch's default ε of `torch.optim.Adam`, which its AMSGrad runs with (tfjs's Adam: the backend's 1e-7). */
export const TORCH_ADAM_EPSILON = 1e-8;

let registered = false;

function ensureRegistered(): void {
  if (registered) return;
  registered = true;
  const engineOf = (name: string) => {
    const engine = activeDense();
    if (!engine) throw new Error(`${name}: no dense engine is active`);
    return engine;
  };
  tf.registerKernel({
    kernelName: DENSE_ADAM,
    backendName: "wasm",
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { w, m, v, g } = inputs as Record<string, tf.TensorInfo>;
      return engineOf(DENSE_ADAM).adam(backend as unknown as HeapBackend, w, m, v, g, (attrs as { scalars: number[] }).scalars) as tf.TensorInfo[];
    },
  });
  tf.registerKernel({
    kernelName: DENSE_AMSGRAD,
    backendName: "wasm",
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { w, m, v, h, g } = inputs as Record<string, tf.TensorInfo>;
      return engineOf(DENSE_AMSGRAD).amsgrad(backend as unknown as HeapBackend, w, m, v, h, g, (attrs as { scalars: number[] }).scalars) as tf.TensorInfo[];
    },
  });
}

/** One moment estimate of a variable, as tfjs's optimizers keep them. */
interface MomentVariable {
  originalName: string;
  variable: tf.Variable;
}

/** What DenseAdam reads of tfjs's Adam (tfjs 4.x field names). */
interface AdamFields {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: (MomentVariable | undefined)[];
  accumulatedSecondMoment: (MomentVariable | undefined)[];
  incrementIterations(): void;
}

/** Options of {@link DenseAdam}. */
export interface DenseAdamOptions {
  /**
   * AMSGrad (Reddi, Kale & Kumar 2018) as PyTorch 1.13's `torch.optim.Adam(amsgrad=True)` with its
   * ε 1e-8 ({@link TORCH_ADAM_EPSILON}). Default false: Kingma & Ba's Adam as `tf.train.adam` (ε 1e-7).
   */
  amsgrad?: boolean;
}

/**
 * tfjs's Adam (Kingma & Ba 2015; `tf.train.adam`, defaults β₁ 0.9, β₂ 0.999, ε the backend's 1e-7)
 * with each parameter's update fused into one pass on the dense engine's threads (`adam_f32`) when
 * the wasm backend has an engine active, instead of about a dozen tfjs ops that each read and write
 * the whole array. Same f32 operations in the same order, so the same bits as `tf.train.adam`
 * (a test holds it to that); its state, names, `getWeights`/`setWeights` are tfjs's, so checkpoints
 * are unchanged. Without an engine (or on another backend) it is `tf.train.adam`.
 *
 * With `amsgrad`, PyTorch 1.13's `Adam(amsgrad=True)` instead (Reddi et al. 2018; what Nassar et al.
 * 2020 trained with), t the step count:
 *   m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  v̂ ← max(v̂, v);
 *   w ← w − (lr/(1−β₁ᵗ))·m / (√v̂/√(1−β₂ᵗ) + ε),   ε = 1e-8 (PyTorch's default)
 * with the bias corrections computed in f64 from t as PyTorch does, and every elementwise operation
 * in f32 (`amsgrad_f32` on the engine; the same operations as tfjs ops otherwise, the same bits).
 * v̂ is a third state variable per parameter (`<name>/vhat`), appended to `getWeights` after tfjs's
 * iteration count, first and second moments, and read back by `setWeights`.
 */
export class DenseAdam extends tf.AdamOptimizer {
  /** Whether this is AMSGrad (PyTorch's `Adam(amsgrad=True)`). */
  readonly amsgrad: boolean;
  /** AMSGrad's running maximum v̂ of the second moment, per variable in the order of the gradients. */
  private maxSecondMoment: (MomentVariable | undefined)[] = [];

  constructor(learningRate: number, beta1 = 0.9, beta2 = 0.999, options: DenseAdamOptions = {}) {
    super(learningRate, beta1, beta2, options.amsgrad ? TORCH_ADAM_EPSILON : undefined);
    this.amsgrad = options.amsgrad ?? false;
  }

  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer["applyGradients"]>[0]): void {
    const onEngine = activeDense() !== null && tf.getBackend() === "wasm";
    if (!onEngine && !this.amsgrad) {
      super.applyGradients(variableGradients);
      return;
    }
    if (onEngine) ensureRegistered();
    const self = this as unknown as AdamFields;
    tf.tidy(() => {
      const scalars = this.amsgrad ? this.amsgradScalars() : this.adamScalars(self);
      // As tfjs: a list of { name, tensor } (minimize with a variable list) or a map by name.
      const list = Array.isArray(variableGradients)
        ? variableGradients.map((v) => ({ name: v.name, g: v.tensor }))
        : Object.entries(variableGradients).map(([name, g]) => ({ name, g }));
      list.forEach(({ name, g }, i) => {
        const value = tf.engine().registeredVariables[name];
        // Zero moments named as tfjs names them, made on first use as tfjs makes them.
        const zeros = () => tf.tidy(() => tf.zerosLike(value).variable(false));
        self.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: zeros() };
        self.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: zeros() };
        if (this.amsgrad) this.maxSecondMoment[i] ??= { originalName: `${name}/vhat`, variable: zeros() };
        if (g == null) return;
        const m = self.accumulatedFirstMoment[i]!.variable;
        const v = self.accumulatedSecondMoment[i]!.variable;
        if (this.amsgrad) {
          const h = this.maxSecondMoment[i]!.variable;
          const [w2, m2, v2, h2] = onEngine
            ? (tf.engine().runKernel(DENSE_AMSGRAD, { w: value, m, v, h, g }, { scalars } as unknown as tf.NamedAttrMap) as tf.Tensor[])
            : amsgradOps(value, m, v, h, g, scalars);
          h.assign(h2);
          m.assign(m2);
          v.assign(v2);
          value.assign(w2);
          return;
        }
        const [w2, m2, v2] = tf.engine().runKernel(DENSE_ADAM, { w: value, m, v, g }, { scalars } as unknown as tf.NamedAttrMap) as tf.Tensor[];
        m.assign(m2);
        v.assign(v2);
        value.assign(w2);
      });
      self.accBeta1.assign(tf.mul(self.accBeta1, this.beta1));
      self.accBeta2.assign(tf.mul(self.accBeta2, this.beta2));
    });
    self.incrementIterations();
  }

  /** `adam_f32`'s scalars, as tfjs's Adam rounds them. */
  private adamScalars(self: AdamFields): number[] {
    const f = Math.fround;
    // tfjs: sub(1, accBeta) in f32; the other scalars are f32 tensors of JS numbers.
    const c1 = f(1 - self.accBeta1.dataSync()[0]);
    const c2 = f(1 - self.accBeta2.dataSync()[0]);
    return [f(this.beta1), f(1 - this.beta1), f(this.beta2), f(1 - this.beta2), c1, c2, f(this.epsilon), f(-this.learningRate)];
  }

  /** `amsgrad_f32`'s scalars for step t = iterations + 1: PyTorch's bias corrections in f64 (Python floats), then f32. */
  private amsgradScalars(): number[] {
    const f = Math.fround;
    const t = this.iterations + 1;
    const stepSize = this.learningRate / (1 - this.beta1 ** t);
    const s2 = Math.sqrt(1 - this.beta2 ** t);
    return [f(this.beta1), f(1 - this.beta1), f(this.beta2), f(1 - this.beta2), f(s2), f(this.epsilon), f(-stepSize)];
  }

  /** tfjs's weights (iterations, first moments, second moments), then with AMSGrad each variable's v̂. */
  override async getWeights(): Promise<NamedTensor[]> {
    const base = await super.getWeights();
    if (!this.amsgrad) return base;
    return [...base, ...this.maxSecondMoment.map((v) => ({ name: v!.originalName, tensor: v!.variable }))];
  }

  /** Puts back what {@link getWeights} gave (with AMSGrad: its last third is v̂). */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    if (!this.amsgrad) return super.setWeights(weightValues);
    const count = (weightValues.length - 1) / 3;
    if (!Number.isInteger(count)) throw new Error(`DenseAdam (amsgrad): setWeights needs the iterations and 3 moments per variable, got ${weightValues.length} tensors`);
    await super.setWeights(weightValues.slice(0, 1 + 2 * count));
    tf.dispose(this.maxSecondMoment.map((v) => v?.variable));
    this.maxSecondMoment = weightValues.slice(1 + 2 * count).map((v) => ({ originalName: v.name, variable: v.tensor.variable(false) }));
  }

  override dispose(): void {
    super.dispose();
    tf.dispose(this.maxSecondMoment.map((v) => v?.variable));
    this.maxSecondMoment = [];
  }
}

/**
 * `amsgrad_f32` in tfjs ops (each an f32 operation in the kernel's order, so the same bits on the
 * wasm backend): returns [w′, m′, v′, v̂′]. The maximum propagates NaN explicitly, as WebAssembly's
 * f32.max does (tfjs-wasm's `maximum` returns its first operand when the second is NaN).
 */
function amsgradOps(w: tf.Tensor, m: tf.Tensor, v: tf.Tensor, h: tf.Tensor, g: tf.Tensor, scalars: readonly number[]): tf.Tensor[] {
  const [b1, omb1, b2, omb2, s2, eps, nstep] = scalars;
  const m2 = tf.add(tf.mul(m, b1), tf.mul(g, omb1));
  const v2 = tf.add(tf.mul(v, b2), tf.mul(tf.square(g), omb2));
  const nan = tf.logicalOr(tf.isNaN(h), tf.isNaN(v2));
  const h2 = tf.where(nan, tf.fill(h.shape, NaN), tf.maximum(h, v2));
  const w2 = tf.add(tf.mul(tf.div(m2, tf.add(tf.div(tf.sqrt(h2), s2), eps)), nstep), w);
  return [w2, m2, v2, h2];
}

import { tf } from "../tf.js";
import { activeDense, type HeapBackend } from "../wasm/dense.js";

/** The kernel name of the fused Adam step (wasm backend, run on the active dense engine). */
export const DENSE_ADAM = "HebblabAdam";

let registered = false;

function ensureRegistered(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: DENSE_ADAM,
    backendName: "wasm",
    kernelFunc: ({ inputs, backend, attrs }) => {
      const engine = activeDense();
      if (!engine) throw new Error(`${DENSE_ADAM}: no dense engine is active`);
      const { w, m, v, g } = inputs as Record<string, tf.TensorInfo>;
      return engine.adam(backend as unknown as HeapBackend, w, m, v, g, (attrs as { scalars: number[] }).scalars) as tf.TensorInfo[];
    },
  });
}

/** What DenseAdam reads of tfjs's Adam (tfjs 4.x field names). */
interface AdamFields {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  incrementIterations(): void;
}

/**
 * tfjs's Adam (Kingma & Ba 2015; `tf.train.adam`, defaults β₁ 0.9, β₂ 0.999, ε the backend's 1e-7)
 * with each parameter's update fused into one pass on the dense engine's threads (`adam_f32`) when
 * the wasm backend has an engine active, instead of about a dozen tfjs ops that each read and write
 * the whole array. Same f32 operations in the same order, so the same bits as `tf.train.adam`
 * (a test holds it to that); its state, names, `getWeights`/`setWeights` are tfjs's, so checkpoints
 * are unchanged. Without an engine (or on another backend) it is `tf.train.adam`.
 */
export class DenseAdam extends tf.AdamOptimizer {
  constructor(learningRate: number, beta1 = 0.9, beta2 = 0.999) {
    super(learningRate, beta1, beta2);
  }

  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer["applyGradients"]>[0]): void {
    if (!activeDense() || tf.getBackend() !== "wasm") {
      super.applyGradients(variableGradients);
      return;
    }
    ensureRegistered();
    const self = this as unknown as AdamFields;
    const f = Math.fround;
    tf.tidy(() => {
      // tfjs: sub(1, accBeta) in f32; the other scalars are f32 tensors of JS numbers.
      const c1 = f(1 - self.accBeta1.dataSync()[0]);
      const c2 = f(1 - self.accBeta2.dataSync()[0]);
      const scalars = [f(this.beta1), f(1 - this.beta1), f(this.beta2), f(1 - this.beta2), c1, c2, f(this.epsilon), f(-this.learningRate)];
      // As tfjs: a list of { name, tensor } (minimize with a variable list) or a map by name.
      const list = Array.isArray(variableGradients)
        ? variableGradients.map((v) => ({ name: v.name, g: v.tensor }))
        : Object.entries(variableGradients).map(([name, g]) => ({ name, g }));
      list.forEach(({ name, g }, i) => {
        const value = tf.engine().registeredVariables[name];
        // Zero moments named as tfjs names them, made on first use as tfjs makes them.
        self.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        self.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        if (g == null) return;
        const m = self.accumulatedFirstMoment[i]!.variable;
        const v = self.accumulatedSecondMoment[i]!.variable;
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
}

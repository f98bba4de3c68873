import { tf } from "../../tf.js";

/**
 * PyTorch's Adam (`torch.optim.Adam`, Kingma & Ba 2015; β₁ 0.9, β₂ 0.999, ε 1e-8, no weight decay)
 * with a step count per parameter: a parameter that gets no gradient in a step (frozen, or not on
 * the level's path) is not updated and its moments and count stay as they are, as PyTorch skips a
 * parameter whose `.grad` is None. One optimizer serves every level, as in the seed.
 *
 *   t ← t + 1;  m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;
 *   θ ← θ − (lr / (1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε).
 */
export class PerParameterAdam {
  private readonly state = new Map<tf.Variable, { m: tf.Variable; v: tf.Variable; t: number }>();

  constructor(
    readonly lr: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly epsilon = 1e-8,
  ) {}

  /** One step for the parameters that have a gradient. */
  step(grads: Map<tf.Variable, tf.Tensor>): void {
    for (const [p, g] of grads) {
      let s = this.state.get(p);
      if (!s) {
        s = { m: tf.variable(tf.zerosLike(p), false), v: tf.variable(tf.zerosLike(p), false), t: 0 };
        this.state.set(p, s);
      }
      const st = s;
      st.t++;
      tf.tidy(() => {
        st.m.assign(tf.add(tf.mul(st.m, this.beta1), tf.mul(g, 1 - this.beta1)));
        st.v.assign(tf.add(tf.mul(st.v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2)));
        const stepSize = this.lr / (1 - this.beta1 ** st.t);
        const denom = tf.add(tf.div(tf.sqrt(st.v), Math.sqrt(1 - this.beta2 ** st.t)), this.epsilon);
        p.assign(tf.sub(p, tf.mul(tf.div(st.m, denom), stepSize)));
      });
    }
  }

  /** The moments and step counts of `params` (in their order; a parameter never stepped has zeros and t 0), for checkpoints. */
  snapshot(params: tf.Variable[]): { arrays: Record<string, Float32Array>; steps: number[] } {
    const arrays: Record<string, Float32Array> = {};
    const steps = params.map((p, i) => {
      const s = this.state.get(p);
      arrays[`m${i}`] = s ? (s.m.dataSync() as Float32Array).slice() : new Float32Array(p.size);
      arrays[`v${i}`] = s ? (s.v.dataSync() as Float32Array).slice() : new Float32Array(p.size);
      return s?.t ?? 0;
    });
    return { arrays, steps };
  }

  /** Puts back what {@link snapshot} saw. */
  restore(params: tf.Variable[], s: { arrays: Record<string, Float32Array | Float64Array>; steps: number[] }): void {
    params.forEach((p, i) => {
      if (s.steps[i] === 0) return;
      const [m, v] = [s.arrays[`m${i}`], s.arrays[`v${i}`]];
      if (m?.length !== p.size || v?.length !== p.size) throw new Error(`hierarchical checkpoint: Adam moments of parameter ${i} have the wrong size`);
      this.state.set(p, { m: tf.variable(tf.tensor(Float32Array.from(m), p.shape), false), v: tf.variable(tf.tensor(Float32Array.from(v), p.shape), false), t: s.steps[i] });
    });
  }

  dispose(): void {
    for (const s of this.state.values()) {
      s.m.dispose();
      s.v.dispose();
    }
    this.state.clear();
  }
}

// Finite-difference helpers shared by the MLP and regularizer tests.
import type { Mlp } from "../../src/kinds/mlp/model.js";
import { Rng } from "../../src/rng.js";
import { tf } from "../../src/tf.js";

/**
 * Directional derivative of `loss` (a function of the model's variables)
 * along one random unit direction u of all parameters: analytic (tfjs
 * gradient · u) and central difference (L(θ+εu) − L(θ−εu))/2ε, both in f32
 * arithmetic (tfjs-wasm has no f64), the difference itself in f64.
 * `loss` must be deterministic (fresh seeded Rng per call).
 */
export function directionalCheck(model: Mlp, loss: () => tf.Scalar, eps: number, seed: number): { analytic: number; numeric: number; value: number } {
  const vars = model.trainableVariables();
  const rng = new Rng(seed);
  const dirs = vars.map((v) => rng.fillNormal(new Float32Array(v.size)));
  const norm = Math.sqrt(dirs.reduce((s, d) => s + d.reduce((t, x) => t + x * x, 0), 0));
  for (const d of dirs) for (let i = 0; i < d.length; i++) d[i] /= norm;
  const { value, grads } = tf.variableGrads(loss, vars);
  let analytic = 0;
  for (let k = 0; k < vars.length; k++) {
    // Variables the loss does not reach have no entry: their gradient is 0.
    const g = grads[vars[k].name]?.dataSync() ?? new Float32Array(vars[k].size);
    for (let i = 0; i < g.length; i++) analytic += g[i] * dirs[k][i];
  }
  const v0 = value.dataSync()[0];
  value.dispose();
  for (const g of Object.values(grads)) g.dispose();
  const originals = vars.map((v) => v.dataSync().slice());
  const at = (s: number): number => {
    vars.forEach((v, k) => {
      const p = originals[k].map((x, i) => x + s * eps * dirs[k][i]);
      v.assign(tf.tensor(p, v.shape));
    });
    const l = tf.tidy(loss);
    const r = l.dataSync()[0];
    l.dispose();
    return r;
  };
  const numeric = (at(1) - at(-1)) / (2 * eps);
  vars.forEach((v, k) => v.assign(tf.tensor(originals[k], v.shape)));
  return { analytic, numeric, value: v0 };
}

/** A small labeled batch: n images of dimension d in [0, 1], labels in [0, c). */
export function tinyBatch(seed: number, n: number, d: number, c: number): { x: Float32Array; labels: Int32Array } {
  const rng = new Rng(seed);
  const x = rng.fillUniform(new Float32Array(n * d));
  const labels = Int32Array.from({ length: n }, (_, i) => i % c);
  return { x, labels };
}

import { beforeAll, describe, expect, it } from "vitest";
import { matMulDefault, matMulFast } from "../../src/models/matmul.js";
import { Rng } from "../../src/rng.js";
import { initTf, tf } from "../../src/tf.js";
import { mismatch, TOL } from "../tolerances.js";

beforeAll(() => initTf());

const rand = (rng: Rng, shape: [number, number]) => tf.tensor2d(rng.fillNormal(new Float32Array(shape[0] * shape[1])), shape);

describe("matMulFast", () => {
  it("equals tf.matMul, with tail sizes", () => {
    const rng = new Rng(1);
    for (const [m, k, n] of [[1, 1, 1], [3, 5, 7], [17, 33, 9]]) {
      const a = rand(rng, [m, k]);
      const b = rand(rng, [k, n]);
      const bad = mismatch(matMulFast(a, b).dataSync(), tf.matMul(a, b).dataSync(), TOL.f32Path);
      expect(bad, `${m}×${k}×${n}`).toBeNull();
    }
  });

  it("first derivatives equal tfjs's own matMul path", () => {
    const rng = new Rng(2);
    const a = rand(rng, [6, 5]);
    const b = rand(rng, [5, 4]);
    const w = rand(rng, [6, 4]);
    const first = (mm: typeof matMulFast) => tf.grads((aa: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(tf.tanh(mm(aa as tf.Tensor2D, bb as tf.Tensor2D)), w)))([a, b]);
    const [fa, fb] = first(matMulFast);
    const [da, db] = first(matMulDefault);
    expect(mismatch(fa.dataSync(), da.dataSync(), TOL.f32Path)).toBeNull();
    expect(mismatch(fb.dataSync(), db.dataSync(), TOL.f32Path)).toBeNull();
  });

  it("second derivatives through it match a central difference", () => {
    // g(b) = ‖∂/∂a Σ (a·b)⊙w‖²: the inner gradient's dependence on b runs through matMulFast's own
    // gradient. (Through ops whose gradient reuses their output, e.g. tanh, tfjs's nested gradients
    // drop terms; the MLP therefore builds Jacobian products explicitly, see Mlp.inputVjp.)
    const rng = new Rng(3);
    const a = rand(rng, [6, 5]);
    const b = rand(rng, [5, 4]);
    const w = rand(rng, [6, 4]);
    const u = rand(rng, [5, 4]);
    const g = (bb: tf.Tensor) => tf.sum(tf.square(tf.grad((aa: tf.Tensor) => tf.sum(tf.mul(matMulFast(aa as tf.Tensor2D, bb as tf.Tensor2D), w)))(a)));
    const analytic = tf.sum(tf.mul(tf.grad(g)(b), u)).dataSync()[0];
    const eps = 1e-2;
    const numeric = (g(tf.add(b, tf.mul(u, eps))).dataSync()[0] - g(tf.sub(b, tf.mul(u, eps))).dataSync()[0]) / (2 * eps);
    expect(Math.abs(analytic)).toBeGreaterThan(1);
    expect(mismatch([analytic], [numeric], TOL.fdF32)).toBeNull();
  });

  it("rejects mismatched shapes with a message", () => {
    expect(() => matMulFast(tf.zeros([2, 3]), tf.zeros([4, 2]))).toThrow(/inner sizes/);
  });
});

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

  it("first and second derivatives equal tfjs's own matMul path", () => {
    const rng = new Rng(2);
    const a = rand(rng, [6, 5]);
    const b = rand(rng, [5, 4]);
    const w = rand(rng, [6, 4]);
    // f(a, b) = Σ tanh(a·b) ⊙ w; g = ‖∂f/∂a‖² needs the gradient of the gradient w.r.t. b.
    const second = (mm: typeof matMulFast) =>
      tf.grad((bb: tf.Tensor) => {
        const da = tf.grad((aa: tf.Tensor) => tf.sum(tf.mul(tf.tanh(mm(aa as tf.Tensor2D, bb as tf.Tensor2D)), w)))(a);
        return tf.sum(tf.square(da));
      })(b);
    const first = (mm: typeof matMulFast) => tf.grads((aa: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(mm(aa as tf.Tensor2D, bb as tf.Tensor2D), w)))([a, b]);
    const [fa, fb] = first(matMulFast);
    const [da, db] = first(matMulDefault);
    expect(mismatch(fa.dataSync(), da.dataSync(), TOL.f32Path)).toBeNull();
    expect(mismatch(fb.dataSync(), db.dataSync(), TOL.f32Path)).toBeNull();
    const s = second(matMulFast).dataSync();
    expect(s.some((v) => v !== 0)).toBe(true);
    expect(mismatch(s, second(matMulDefault).dataSync(), TOL.f32Path)).toBeNull();
  });

  it("rejects mismatched shapes with a message", () => {
    expect(() => matMulFast(tf.zeros([2, 3]), tf.zeros([4, 2]))).toThrow(/inner sizes/);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { initTf, tf } from "../../src/tf.js";
import { attackLoss } from "../../src/attacks/loss.js";
import { mismatch, TOL } from "../tolerances.js";

beforeAll(() => initTf());

/** f64 reference: value and ∂/∂z of CE = log Σ e^z − z_y, with 1 − p_y computed as Σ_{j≠y} p_j. */
function ceRef(z: number[], y: number): { value: number; grad: number[] } {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  const p = e.map((v) => v / s);
  const rest = p.reduce((a, v, j) => (j === y ? a : a + v), 0);
  return { value: Math.log(s) + m - z[y], grad: p.map((v, j) => (j === y ? -rest : v)) };
}

describe("attack losses", () => {
  it.each([
    [[1, 2, 0.5], 0],
    [[30, 0, 5], 0], // confident: textbook f32 CE has ∂/∂z_y = p_y − 1 = 0 exactly here
    [[-3, 40, 2], 2], // badly misclassified: large CE
  ])("CE on logits %j, label %i: value and gradient match f64", (z, y) => {
    const zt = tf.tensor2d([z as number[]]);
    const yt = tf.tensor1d([y as number], "int32");
    const [v, g] = tf.tidy(() => [attackLoss(zt, yt, "ce"), tf.grad((t: tf.Tensor) => tf.sum(attackLoss(t as tf.Tensor2D, yt, "ce")))(zt)]);
    const ref = ceRef(z as number[], y as number);
    expect(mismatch(v.dataSync(), [ref.value], TOL.f32)).toBeNull();
    expect(mismatch(g.dataSync(), ref.grad, { rtol: TOL.f32.rtol, atol: 0 })).toBeNull();
    tf.dispose([zt, yt, v, g]);
  });

  it("margin = max_{j≠y} z_j − z_y with gradient +1 at the runner-up and −1 at y", () => {
    const zt = tf.tensor2d([[1, 4, 3]]);
    const yt = tf.tensor1d([1], "int32");
    const [v, g] = tf.tidy(() => [attackLoss(zt, yt, "margin"), tf.grad((t: tf.Tensor) => tf.sum(attackLoss(t as tf.Tensor2D, yt, "margin")))(zt)]);
    expect(Array.from(v.dataSync())).toEqual([-1]);
    expect(Array.from(g.dataSync())).toEqual([0, -1, 1]);
    tf.dispose([zt, yt, v, g]);
  });
});

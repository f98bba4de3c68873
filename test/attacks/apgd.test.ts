// APGD (Croce & Hein 2020) against the reference's own rules: its DLR losses computed by hand, its
// checkpoints from a literal transcription of `autopgd_base.py`'s loop, its step halving on synthetic
// losses. (On linear models, where the smallest perturbation is known: minimalNorm.test.ts.)
import { beforeAll, describe, expect, it } from "vitest";
import { apgdCheckpoints, ApgdSchedule } from "../../src/attacks/apgd.js";
import { dlrLoss, targetedDlrLoss } from "../../src/attacks/loss.js";
import { initTf, tf } from "../../src/tf.js";
import { mismatch, TOL } from "../tolerances.js";

beforeAll(() => initTf());

/** The loss and its gradient in the logits, through tfjs. */
function lossAndGrad(f: (z: tf.Tensor2D) => tf.Tensor1D, z: number[]): { value: number; grad: number[] } {
  const zt = tf.tensor2d([z]);
  const [v, g] = tf.tidy(() => [f(zt), tf.grad((t: tf.Tensor) => tf.sum(f(t as tf.Tensor2D)))(zt)]);
  const out = { value: v.dataSync()[0], grad: Array.from(g.dataSync()) };
  tf.dispose([zt, v, g]);
  return out;
}

describe("DLR losses, by hand", () => {
  const y = (c: number) => tf.tensor1d([c], "int32");
  // DLR = −(z_y − max_{i≠y} z_i)/(z_π1 − z_π3); ∂/∂z_y = −1/D (+ N/D² when y = π1), ∂/∂z_max = 1/D (+ N/D² when it is π1), ∂/∂z_π3 = −N/D².
  it.each([
    // y = 0 is π1: N = 3 − 2 = 1, D = 3 − 1 = 2: value −1/2; grad y: −1/2 + 1/4, runner-up (class 2): +1/2, π3 (class 1): −1/4.
    { z: [3, 1, 2, 0.5], label: 0, value: -0.5, grad: [-0.25, -0.25, 0.5, 0] },
    // y = 0 misclassified: max other = class 1 (π1), π3 = class 3: N = 2 − 5 = −3, D = 5 − 2.5 = 2.5: value 1.2;
    // grad y: −0.4; class 1: +0.4 − 3/6.25; class 3: +3/6.25.
    { z: [2, 5, 3, 2.5, 1], label: 0, value: 1.2, grad: [-0.4, -0.08, 0, 0.48, 0] },
  ])("DLR of $z, label $label = $value", ({ z, label, value, grad }) => {
    const yt = y(label);
    const r = lossAndGrad((t) => dlrLoss(t, yt), z);
    yt.dispose();
    expect(mismatch([r.value], [value], TOL.f32)).toBeNull();
    expect(mismatch(r.grad, grad, TOL.f32)).toBeNull();
  });

  it("targeted DLR = −(z_y − z_t)/(z_π1 − (z_π3 + z_π4)/2), by hand", () => {
    // z = [3, 1, 2, 0.5, 0], y = 0, t = 1: N = 2, D = 3 − (1 + 0.5)/2 = 2.25, value −2/2.25.
    // grad: y (= π1): −1/D + N/D²; t (= π3): 1/D − N/(2D²); π4 (class 3): −N/(2D²).
    const [N, D] = [2, 2.25];
    const yt = y(0);
    const r = lossAndGrad((t) => targetedDlrLoss(t, yt, [1]), [3, 1, 2, 0.5, 0]);
    yt.dispose();
    expect(mismatch([r.value], [-N / D], TOL.f32)).toBeNull();
    expect(mismatch(r.grad, [-1 / D + N / D ** 2, 1 / D - N / (2 * D ** 2), 0, -N / (2 * D ** 2), 0], TOL.f32)).toBeNull();
  });

  it("are invariant to shifting and positive scaling of the logits (the property that defeats logit rescaling)", () => {
    const z = [0.3, -1.2, 2.2, 0.9, 1.7];
    const yt = y(3);
    const base = lossAndGrad((t) => dlrLoss(t, yt), z).value;
    const moved = lossAndGrad((t) => dlrLoss(t, yt), z.map((v) => 7.5 * v - 4)).value;
    const tb = lossAndGrad((t) => targetedDlrLoss(t, yt, [2]), z).value;
    const tm = lossAndGrad((t) => targetedDlrLoss(t, yt, [2]), z.map((v) => 7.5 * v - 4)).value;
    yt.dispose();
    expect(mismatch([moved, tm], [base, tb], TOL.f32)).toBeNull();
  });

  it("refuse too few classes, naming the need", () => {
    const z = tf.tensor2d([[1, 2]]);
    const z3 = tf.tensor2d([[1, 2, 3]]);
    const yt = y(0);
    expect(() => dlrLoss(z, yt)).toThrow(/DLR loss needs at least 3 classes \(the model has 2\)/);
    expect(() => targetedDlrLoss(z3, yt, [1])).toThrow(/at least 4 classes/);
    tf.dispose([z, z3, yt]);
  });
});

describe("APGD's checkpoints", () => {
  /** `autopgd_base.py`'s loop, transcribed: the 0-based iterations i at which `counter3 == k`. */
  function referenceChecks(n: number): number[] {
    const nIter2 = Math.max(Math.trunc(0.22 * n), 1);
    const nIterMin = Math.max(Math.trunc(0.06 * n), 1);
    const sizeDecr = Math.max(Math.trunc(0.03 * n), 1);
    let k = nIter2;
    let counter3 = 0;
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      counter3 += 1;
      if (counter3 === k) {
        out.push(i);
        k = Math.max(k - sizeDecr, nIterMin);
        counter3 = 0;
      }
    }
    return out;
  }

  it("for N = 100 are after 22, 41, 57, 70, 80, 87, 93, 99 steps (loop indices 21, 40, …, 98), as the reference's loop", () => {
    expect(apgdCheckpoints(100)).toEqual([22, 41, 57, 70, 80, 87, 93, 99]);
    expect(referenceChecks(100)).toEqual([21, 40, 56, 69, 79, 86, 92, 98]);
  });

  it.each([1, 2, 5, 10, 37, 50, 99, 250, 1000])("follow the reference's loop for N = %i", (n) => {
    expect(apgdCheckpoints(n)).toEqual(referenceChecks(n).map((i) => i + 1));
  });
});

describe("APGD's step size on synthetic losses", () => {
  /** Feeds losses[i] as the loss after step i; returns η after the run and the checkpoints that halved it. */
  function run(losses: number[], loss0: number, rho = 0.75) {
    const s = new ApgdSchedule(1, losses.length, rho, [1], [loss0]);
    const halvedAt: number[] = [];
    losses.forEach((l, i) => {
      s.observe(i, [l]);
      if (s.checkpoint(i)?.[0]) halvedAt.push(i + 1);
    });
    return { eta: s.eta[0], halvedAt, best: s.best[0] };
  }

  it("keeps η while the loss keeps rising", () => {
    const r = run(Array.from({ length: 100 }, (_, i) => i + 1), 0);
    expect(r.halvedAt).toEqual([]);
    expect(r.eta).toBe(1);
  });

  it("halves η at every checkpoint once the loss stops improving (rises in ≤ ρ·k of the last k steps)", () => {
    // Rises for 30 steps, then flat: 22 rises in the first window (none halved), 8 of 19 in the second
    // (≤ 0.75·19: halved), none afterwards.
    const r = run(Array.from({ length: 100 }, (_, i) => Math.min(i + 1, 30)), 0);
    expect(r.halvedAt).toEqual([41, 57, 70, 80, 87, 93, 99]);
    expect(r.eta).toBe(2 ** -7);
    expect(r.best).toBe(30);
  });

  it("halves η when it was not halved at the previous checkpoint and the best loss has not improved, even while rising", () => {
    // Every step rises, but all stay below the start point's loss 1000: the first checkpoint keeps η
    // (the reference starts as if it had just halved), the second halves it, the third does not
    // (it halved last time), the fourth does again…
    const r = run(Array.from({ length: 100 }, (_, i) => i + 1), 1000);
    expect(r.halvedAt).toEqual([41, 70, 87, 99]);
    expect(r.best).toBe(1000);
  });

  it("reads the step before the first as 0, as the reference's wrap-around index does", () => {
    // 16 rises among steps 1–21, then one more if the loss after step 0 counts as a rise over the 0
    // read at index −1: 17 > 0.75·22 keeps η for a positive loss (CE), 16 halves it for a negative
    // one (DLR on a correct image). Reading step 0 itself there would halve both.
    const shape = [0, ...Array.from({ length: 21 }, (_, j) => (j < 16 ? 1 : -0.5))].reduce<number[]>((a, d) => [...a, (a.at(-1) ?? 1) + d], []);
    const tail = (l: number[]) => [...l, ...Array.from({ length: 78 }, (_, j) => l.at(-1)! + j + 1)];
    expect(run(tail(shape), 0).halvedAt).not.toContain(22);
    expect(run(tail(shape.map((v) => v - 100)), -200).halvedAt).toContain(22);
  });
});


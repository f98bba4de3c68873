// Issue 22: AMSGrad as PyTorch 1.13's `torch.optim.Adam(amsgrad=True)` (Nassar et al. 2020's optimizer).
// The kernel equals its twin bit for bit (test/kernels/twins.test.ts); here the twin meets PyTorch's formula.
import { describe, expect, it } from "vitest";
import { amsgradF32 } from "../../src/kernels/reference/optim.js";
import { mismatch, TOL } from "../tolerances.js";

const f = Math.fround;
const W0 = [0.5, -1.0, 2.0, 0.0, 1.0];
/**
 * Gradients of 3 steps: element 0 shrinks after a large first gradient (v falls, v̂ keeps its maximum),
 * 1 and 2 vary, 3 is small, 4 is 1e-7 every step (√v̂/√(1 − β₂ᵗ) = 1e-7, so ε 1e-8 moves each step
 * by lr·1e-7/1.1e-7 where tfjs's ε 1e-7 would move it by lr/2).
 */
const GRADS = [
  [1.0, -0.5, 0.25, 0.0, 1e-7],
  [0.01, -0.5, 0.3, 1e-3, 1e-7],
  [-0.02, 0.1, 0.3, -1e-3, 1e-7],
];

/**
 * The state after each step, computed independently in float64 twice and agreeing to 2e-21: by
 * /usr/bin/python3's torch 1.13 (`torch.set_default_dtype(torch.float64)`; `torch.optim.Adam([p], lr,
 * betas, eps=1e-8, amsgrad=True)`, `p.grad` set to each row of GRADS, `opt.step()`; `exp_avg`,
 * `exp_avg_sq`, `max_exp_avg_sq` of `opt.state[p]`) and by the formula in Python floats.
 */
const CASES = [
  {
    label: "PyTorch's defaults (lr 1e-3, β 0.9/0.999)",
    lr: 1e-3,
    betas: [0.9, 0.999],
    expected: [
      { w: [0.49900000001, -0.99900000002, 1.99900000004, 0.0, 0.9990909090909091], m: [0.09999999999999998, -0.04999999999999999, 0.024999999999999994, 0.0, 9.999999999999997e-09], v: [0.0010000000000000009, 0.0002500000000000002, 6.250000000000006e-05, 0.0, 1.0000000000000008e-17], vhat: [0.0010000000000000009, 0.0002500000000000002, 6.250000000000006e-05, 0.0, 1.0000000000000008e-17] },
      { w: [0.4983228355101282, -0.99800000004, 1.9979993869616577, -0.0007441263026631013, 0.9981818181818183], m: [0.09099999999999998, -0.09499999999999997, 0.05249999999999999, 9.999999999999998e-05, 1.8999999999999995e-08], v: [0.000999100000000001, 0.0004997500000000004, 0.00015243750000000012, 1.000000000000001e-09, 1.9990000000000015e-17], vhat: [0.0010000000000000009, 0.0004997500000000004, 0.00015243750000000012, 1.000000000000001e-09, 1.9990000000000015e-17] },
      { w: [0.49781242345304494, -0.9973241420246096, 1.996996829425077, -0.0006989446161080258, 0.9972727272727274], m: [0.07989999999999998, -0.07549999999999998, 0.07724999999999999, -1e-05, 2.709999999999999e-08], v: [0.000998500900000001, 0.0005092502500000005, 0.0002422850625000002, 1.999000000000002e-09, 2.997001000000002e-17], vhat: [0.0010000000000000009, 0.0005092502500000005, 0.0002422850625000002, 1.999000000000002e-09, 2.997001000000002e-17] },
    ],
    /** Plain Adam (amsgrad=False) after the 3 steps, same torch run otherwise. */
    adamW: [0.4978117355131489, -0.9973241420246096, 1.996996829425077, -0.0006989446161080258, 0.9972727272727274],
  },
  {
    label: "lr 1e-2, β 0.9/0.9 (v falls fast, so the maximum shows)",
    lr: 1e-2,
    betas: [0.9, 0.9],
    expected: [
      { w: [0.4900000001, -0.9900000002, 1.9900000004, 0.0, 0.990909090909091], m: [0.09999999999999998, -0.04999999999999999, 0.024999999999999994, 0.0, 9.999999999999997e-09], v: [0.09999999999999998, 0.024999999999999994, 0.006249999999999999, 0.0, 9.999999999999997e-16], vhat: [0.09999999999999998, 0.024999999999999994, 0.006249999999999999, 0.0, 9.999999999999997e-16] },
      { w: [0.4833981663149989, -0.9800000004, 1.9800405688775462, -0.0072546625024785035, 0.9818181818181819], m: [0.09099999999999998, -0.09499999999999997, 0.05249999999999999, 9.999999999999998e-05, 1.8999999999999995e-08], v: [0.09000999999999998, 0.04749999999999999, 0.014624999999999996, 9.999999999999998e-08, 1.8999999999999993e-15], vhat: [0.09999999999999998, 0.04749999999999999, 0.014624999999999996, 9.999999999999998e-08, 1.8999999999999993e-15] },
      { w: [0.4785445870484449, -0.9733454994560011, 1.9700726509575237, -0.006813972328292335, 0.9727272727272729], m: [0.07989999999999998, -0.07549999999999998, 0.07724999999999999, -1e-05, 2.709999999999999e-08], v: [0.08104899999999998, 0.04374999999999999, 0.022162499999999995, 1.8999999999999995e-07, 2.709999999999999e-15], vhat: [0.09999999999999998, 0.04749999999999999, 0.022162499999999995, 1.8999999999999995e-07, 2.709999999999999e-15] },
    ],
    adamW: [0.4776502074433554, -0.9730661691697295, 1.9700726509575237, -0.006813972328292335, 0.9727272727272729],
  },
];

describe("amsgrad_f32's twin against PyTorch 1.13's Adam(amsgrad=True), computed in float64", () => {
  for (const c of CASES) {
    it(`${c.label}: w, m, v and v̂ after each of 3 steps, ε 1e-8`, () => {
      const n = W0.length;
      const w = Float32Array.from(W0);
      const [m, v, h] = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
      const [b1, b2] = c.betas;
      GRADS.forEach((g, k) => {
        const t = k + 1;
        amsgradF32(w, m, v, h, w, m, v, h, Float32Array.from(g), n, f(b1), f(1 - b1), f(b2), f(1 - b2), f(Math.sqrt(1 - b2 ** t)), f(1e-8), f(-c.lr / (1 - b1 ** t)));
        const e = c.expected[k];
        for (const [name, got, want] of [["w", w, e.w], ["m", m, e.m], ["v", v, e.v], ["v̂", h, e.vhat]] as const) {
          const bad = mismatch(Array.from(got), want, TOL.optimF32Steps);
          expect(bad, `step ${t} ${name}: ${bad}`).toBeNull();
        }
      });
      // ε 1e-8: the 1e-7 gradient moves w by ≈ 0.909·lr per step (tfjs's 1e-7 would give lr/2).
      expect(Math.abs((1 - w[4]) / (3 * c.lr) - 1 / 1.1)).toBeLessThan(1e-4);
    });
  }

  it("the running maximum is what sets AMSGrad apart: where v fell, w is not plain Adam's", () => {
    const c = CASES[1];
    const last = c.expected[2];
    expect(last.vhat[0]).toBeGreaterThan(last.v[0]);
    expect(last.vhat[1]).toBeGreaterThan(last.v[1]);
    expect(Math.abs(last.w[0] - c.adamW[0])).toBeGreaterThan(1e-4);
    expect(Math.abs(last.w[1] - c.adamW[1])).toBeGreaterThan(1e-4);
    // Where v never fell, v̂ = v and AMSGrad is Adam.
    expect(last.w[2]).toBe(c.adamW[2]);
  });
});

// On a linear model the smallest perturbation that flips an image is known in closed form
// (L∞: margin/‖w‖₁, L2: margin/‖w‖₂): APGD and FAB-T find adversarials just above it and, since
// they respect the budget, none below.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowNorms, type AttackContext } from "../../src/attacks/base.js";
import { makeAttack } from "../../src/attacks/registry.js";
import { Rng } from "../../src/rng.js";
import { initTf, tf } from "../../src/tf.js";
import { mismatch, TOL } from "../tolerances.js";
import { twoClassLinear } from "./models.js";

beforeAll(() => initTf());

/**
 * FAB's closest adversarial on a linear boundary, in units of ε*: on the line from x₀ along the optimal
 * direction both projections are parallel, so its iteration is the 1-D map s ← (s + η(1 − s))(1 − α)
 * + ηα, α = min((1 − s)/(2 − s), α_max), pulled back to βs after each success (s > 1).
 */
function fabOnLine(iters = 100, eta = 1.05, alphaMax = 0.1, beta = 0.9): number {
  let s = 0;
  let best = Infinity;
  for (let i = 0; i < iters; i++) {
    const a1 = Math.max(Math.abs(1 - s), 1e-8);
    const alpha = Math.min(Math.max(a1 / (a1 + 1), 0), alphaMax);
    s = (s + eta * (1 - s)) * (1 - alpha) + eta * alpha;
    if (s > 1) (best = Math.min(best, s)), (s *= beta);
  }
  return best;
}

describe.each(["linf", "l2"] as const)("on a linear model under %s, where ε* = margin/‖w‖_dual", (norm) => {
  const D = 30;
  const N = 12;
  const sfx = norm === "linf" ? "" : "-l2";
  let lin: ReturnType<typeof twoClassLinear>;
  let x: tf.Tensor2D;
  let y: tf.Tensor1D;
  beforeAll(() => {
    lin = twoClassLinear(5, D, 5, N, norm);
    x = tf.tensor2d(lin.images, [N, D]);
    y = tf.tensor1d(lin.labels, "int32");
  });
  afterAll(() => {
    lin.model.dispose();
    tf.dispose([x, y]);
  });
  const ctx = (): AttackContext => ({ model: lin.model, rng: new Rng(4), loss: "ce", eotSamples: 1 });
  /** Per image: flipped by `name` at budget ε*ᵢ·scale, and ‖x_adv − x‖. */
  function attackAt(name: string, scale: number) {
    const xa = makeAttack(name).attack(ctx(), x, y, Array.from(lin.epsStar, (e) => e * scale));
    const [pred, n] = tf.tidy(() => [lin.model.logits(xa).argMax(1), rowNorms(norm, tf.sub(xa, x))]);
    const p = pred.dataSync();
    const out = { flipped: Array.from({ length: N }, (_, i) => p[i] !== lin.labels[i]), norms: Array.from(n.dataSync()) };
    tf.dispose([xa, pred, n]);
    return out;
  }

  it("keeps the box out of the way (no pixel would move past [0, 1])", () => {
    expect(lin.maxMove).toBeLessThan(0.3);
  });

  it.each(["apgd-ce", "apgd-dlr", "apgd-t"].map((n) => n + sfx))("%s flips every image at ε*·(1 + 1e-3) and none at ε*·(1 − 1e-3)", (name) => {
    expect(attackAt(name, 1 + TOL.attackMinimalNorm.rtol).flipped).toEqual(new Array(N).fill(true));
    expect(attackAt(name, 1 - TOL.attackMinimalNorm.rtol).flipped).toEqual(new Array(N).fill(false));
  });

  it(`fab-t${sfx} finds the closest adversarial its iteration reaches on a linear boundary, ${fabOnLine().toFixed(5)}·ε*, and none below ε*`, () => {
    const s = fabOnLine();
    expect(s).toBeGreaterThan(1);
    expect(s).toBeLessThan(1.01);
    const wide = attackAt(`fab-t${sfx}`, 2);
    expect(wide.flipped).toEqual(new Array(N).fill(true));
    expect(mismatch(wide.norms, Array.from(lin.epsStar, (e) => e * s), TOL.attackFabOnLine)).toBeNull();
    expect(attackAt(`fab-t${sfx}`, s * (1 + TOL.attackFabOnLine.rtol)).flipped).toEqual(new Array(N).fill(true));
    expect(attackAt(`fab-t${sfx}`, 1 - TOL.attackMinimalNorm.rtol).flipped).toEqual(new Array(N).fill(false));
  });
});

import { z } from "zod";
import { tf } from "../tf.js";
import { FixedEpsilonAttack, signExact, type AttackContext, type Norm } from "./base.js";
import { lossGradient } from "./eot.js";
import { defineAttack } from "./entry.js";

/**
 * Fast Gradient Sign Method (Goodfellow, Shlens & Szegedy 2015):
 * x′ = clip₀¹(x + ε·sign ∇ₓ L(f(x), y)). One gradient (EOT-averaged on stochastic models); L∞.
 */
export class Fgsm extends FixedEpsilonAttack {
  readonly name = "fgsm";
  readonly norm: Norm = "linf";
  readonly gradientBased = true;
  readonly randomized = false;

  settings(): Record<string, number | string | boolean> {
    return { steps: 1 };
  }

  protected run(ctx: AttackContext, x: tf.Tensor2D, y: tf.Tensor1D, eps: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.add(x, tf.mul(signExact(lossGradient(ctx.model, x, y, ctx)), eps)) as tf.Tensor2D);
  }
}

/** Registry entry of {@link Fgsm} (no options). */
export const fgsmEntry = defineAttack({
  name: "fgsm",
  title: "FGSM",
  description: "fast gradient sign method (Goodfellow et al. 2015)",
  norm: "linf",
  schema: z.object({}).strict(),
  make: () => new Fgsm(),
  cost: () => 2,
  flags: { gradientBased: true, randomized: false },
});

import { z } from "zod";
import { tf } from "../tf.js";
import { FixedEpsilonAttack, unitL2, type AttackContext, type Norm } from "./base.js";
import { lossGradient } from "./eot.js";
import { defineAttack } from "./entry.js";

/**
 * Fast Gradient Method, L2 (Goodfellow et al. 2015; foolbox `L2FastGradientAttack`):
 * x′ = clip₀¹(x + ε·∇/‖∇‖₂). The one-step L2 baseline that PGD-L2 must beat (sanity checks).
 */
export class FgmL2 extends FixedEpsilonAttack {
  readonly name = "fgm-l2";
  readonly norm: Norm = "l2";
  readonly gradientBased = true;
  readonly randomized = false;

  settings(): Record<string, number | string | boolean> {
    return { steps: 1 };
  }

  protected run(ctx: AttackContext, x: tf.Tensor2D, y: tf.Tensor1D, eps: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      return tf.add(x, tf.mul(unitL2(lossGradient(ctx.model, x, y, ctx)), eps)) as tf.Tensor2D;
    });
  }
}

/** Registry entry of {@link FgmL2} (no options). */
export const fgmL2Entry = defineAttack({
  name: "fgm-l2",
  title: "FGM-L2",
  description: "fast gradient method under L2",
  norm: "l2",
  schema: z.object({}).strict(),
  make: () => new FgmL2(),
  cost: () => 2,
  flags: { gradientBased: true, randomized: false },
});

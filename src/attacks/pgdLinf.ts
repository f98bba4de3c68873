import { tf } from "../tf.js";
import { signExact, type AttackContext, type Norm } from "./base.js";
import { defineAttack } from "./entry.js";
import { pgdCost, PgdSchema, ProjectedGradientDescent, type PgdOptions } from "./pgd.js";

/**
 * PGD under L∞ (Madry et al. 2018, eq. 2): random start δ₀ ~ U(−ε, ε)^D, then
 * x ← clip₀¹(Π_ε(x + a·sign ∇ₓ L)), a = relStepSize·ε (default 2.5ε/steps), 40 steps by default.
 */
export class PgdLinf extends ProjectedGradientDescent {
  readonly name = "pgd-linf";
  readonly norm: Norm = "linf";

  constructor(o: Partial<PgdOptions> = {}) {
    super(o);
  }

  protected randomStart(ctx: AttackContext, eps: tf.Tensor2D, b: number, d: number): tf.Tensor2D {
    const u = ctx.rng.fillUniform(new Float32Array(b * d), -1, 1);
    return tf.tidy(() => tf.mul(tf.tensor2d(u, [b, d]), eps));
  }

  protected direction(g: tf.Tensor2D): tf.Tensor2D {
    return signExact(g);
  }
}

/** Registry entry of {@link PgdLinf}. */
export const pgdLinfEntry = defineAttack({
  name: "pgd-linf",
  title: "PGD-L∞",
  description: "projected gradient descent under L∞ (Madry et al. 2018)",
  norm: "linf",
  schema: PgdSchema,
  make: (o) => new PgdLinf(o),
  cost: pgdCost,
  flags: { gradientBased: true, randomized: true, oneStep: "fgsm", pgd: true },
});

import { tf } from "../tf.js";
import { rowNorms, unitL2, type AttackContext, type Norm } from "./base.js";
import { defineAttack } from "./entry.js";
import { pgdCost, PgdSchema, ProjectedGradientDescent, type PgdOptions } from "./pgd.js";

/**
 * PGD under L2 (Madry et al. 2018; foolbox `L2PGD`): random start uniform in the ε-ball, steps
 * a·∇/‖∇‖₂ with a = relStepSize·ε, projection δ·min(1, ε/‖δ‖₂), then clip to [0, 1].
 */
export class PgdL2 extends ProjectedGradientDescent {
  readonly name = "pgd-l2";
  readonly norm: Norm = "l2";

  constructor(o: Partial<PgdOptions> = {}) {
    super(o);
  }

  protected randomStart(ctx: AttackContext, eps: tf.Tensor2D, b: number, d: number): tf.Tensor2D {
    // Uniform in the ball: Gaussian direction, radius ε·u^(1/D) (Muller 1959).
    const g = ctx.rng.fillNormal(new Float32Array(b * d));
    const r = new Float32Array(b);
    for (let i = 0; i < b; i++) r[i] = Math.pow(ctx.rng.uniform(), 1 / d);
    return tf.tidy(() => {
      const dir = tf.tensor2d(g, [b, d]);
      const n = tf.reshape(tf.maximum(rowNorms("l2", dir), 1e-12), [-1, 1]);
      return tf.mul(tf.div(dir, n), tf.mul(tf.tensor2d(r, [b, 1]), eps));
    });
  }

  protected direction(g: tf.Tensor2D): tf.Tensor2D {
    return unitL2(g);
  }
}

/** Registry entry of {@link PgdL2}. */
export const pgdL2Entry = defineAttack({
  name: "pgd-l2",
  title: "PGD-L2",
  description: "projected gradient descent under L2 (Madry et al. 2018)",
  norm: "l2",
  schema: PgdSchema,
  make: (o) => new PgdL2(o),
  cost: pgdCost,
  flags: { gradientBased: true, randomized: true, oneStep: "fgm-l2", pgd: true },
});

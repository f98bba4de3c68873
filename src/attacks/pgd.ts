import { z } from "zod";
import { tf } from "../tf.js";
import { FixedEpsilonAttack, project, type AttackContext } from "./base.js";
import { lossAndGradient, marginOf } from "./eot.js";

/** Options of `pgd-linf` and `pgd-l2` (each has its own section of the attack config). */
export const PgdSchema = z
  .object({
    steps: z.number().int().min(1).default(40).describe("PGD iterations per attack (REFERENCES §5: 40 for evaluation)."),
    relStepSize: z.number().positive().optional().describe("a = relStepSize·ε; default 2.5/steps (Madry et al. 2018)."),
    restarts: z.number().int().min(1).default(1).describe("PGD restarts; the strongest iterate over all of them is kept."),
    randomStart: z.boolean().default(true).describe("Start each PGD run at a uniform random point of the ε-ball (Madry et al.)."),
    select: z.enum(["best", "last"]).default("best").describe("Returned iterate: `best` margin over all iterates and restarts, or the `last` one (Madry)."),
  })
  .strict();

/** Gradient passes per image of a PGD run: one per step plus the final margin, per restart. */
export const pgdCost = (o: z.output<typeof PgdSchema>): number => (o.steps + 1) * o.restarts;

/** Settings of projected gradient descent (Madry et al. 2018; REFERENCES §5). */
export interface PgdOptions {
  /** Gradient steps per restart. Default 40. */
  steps: number;
  /** Step size relative to ε: a = relStepSize·ε. Default 2.5/steps, so the steps can cross the ball 2.5 times. */
  relStepSize?: number;
  /** Independent runs per image; the one leaving the image most misclassified is kept. Default 1. */
  restarts: number;
  /** Start from a uniform random point of the ball (else from x). Default true. */
  randomStart: boolean;
  /**
   * Which iterate is returned per image: `best` — the one with the largest margin maxⱼ≠y zⱼ − z_y over
   * all iterates and restarts (as AutoAttack's APGD and the `robustness` library do); `last` — the final
   * iterate (Madry et al.'s original), restarts still compared by margin. Default `best`.
   */
  select: "best" | "last";
}

/** Defaults of {@link PgdOptions}. */
export const PGD_DEFAULTS: PgdOptions = { steps: 40, restarts: 1, randomStart: true, select: "best" };

/**
 * Projected gradient ascent on the attack loss, shared by the L∞ and L2 variants (foolbox's
 * `BaseGradientDescent`): x₀ = Π(x + random start), x_{t+1} = Π(x_t + a·direction(∇ₓ L)),
 * with Π the base's projection onto the ε-ball ∩ [0, 1]^D. Per image the iterate with the largest margin
 * is kept (`select: "best"`, read off the gradient's own forward pass, so it costs one extra forward at
 * the end); a model whose gradient vanishes still cannot move, so masking still shows in the sanity checks.
 */
export abstract class ProjectedGradientDescent extends FixedEpsilonAttack {
  readonly gradientBased = true;
  readonly options: Required<PgdOptions>;

  constructor(o: Partial<PgdOptions> = {}) {
    super();
    const steps = o.steps ?? PGD_DEFAULTS.steps;
    this.options = {
      steps,
      relStepSize: o.relStepSize ?? 2.5 / steps,
      restarts: o.restarts ?? PGD_DEFAULTS.restarts,
      randomStart: o.randomStart ?? PGD_DEFAULTS.randomStart,
      select: o.select ?? PGD_DEFAULTS.select,
    };
    if (!(steps >= 1) || !(this.options.restarts >= 1) || !(this.options.relStepSize > 0))
      throw new Error(`pgd: steps, restarts and relStepSize must be positive (got ${JSON.stringify(this.options)})`);
  }

  get randomized(): boolean {
    return this.options.randomStart;
  }

  settings(): Record<string, number | string | boolean> {
    return { ...this.options };
  }

  /** A random point of the ball of radius eps [B, 1] around 0: [B, D] (uses ctx.rng). */
  protected abstract randomStart(ctx: AttackContext, eps: tf.Tensor2D, b: number, d: number): tf.Tensor2D;
  /** The ascent direction of unit norm from the gradient g [B, D]. */
  protected abstract direction(g: tf.Tensor2D): tf.Tensor2D;

  protected run(ctx: AttackContext, x: tf.Tensor2D, y: tf.Tensor1D, eps: tf.Tensor2D): tf.Tensor2D {
    const { steps, relStepSize, restarts, randomStart, select } = this.options;
    const [b, d] = x.shape;
    const step = tf.mul(eps, relStepSize);
    let best: tf.Tensor2D | null = null;
    let bestM: tf.Tensor1D | null = null;
    // Keeps, per image, whichever of (best, candidate) has the larger margin; consumes the candidate.
    const offer = (xc: tf.Tensor2D, mc: tf.Tensor1D) => {
      if (!best || !bestM) {
        best = xc;
        bestM = mc;
        return;
      }
      const [nb, nm] = tf.tidy(() => {
        // Row blend by a 0/1 column, exact for finite pixels (x·1 + y·0 = x): tfjs-wasm's tile and
        // broadcasting where cost ≈ 24 ms per step for 250 × 784, the blend ≈ 2 ms.
        const better = tf.cast(tf.reshape(tf.greater(mc, bestM!), [-1, 1]), "float32");
        const kept = tf.add(tf.mul(xc, better), tf.mul(best!, tf.sub(1, better)));
        return [kept as tf.Tensor2D, tf.maximum(mc, bestM!) as tf.Tensor1D];
      });
      tf.dispose([best, bestM, xc, mc]);
      best = nb;
      bestM = nm;
    };
    for (let r = 0; r < restarts; r++) {
      let xa = randomStart ? tf.tidy(() => project(this.norm, x, tf.add(x, this.randomStart(ctx, eps, b, d)), eps)) : x.clone();
      for (let s = 0; s < steps; s++) {
        const prev = xa;
        const { grad, margin } = lossAndGradient(ctx.model, prev, y, ctx);
        xa = tf.tidy(() => project(this.norm, x, tf.add(prev, tf.mul(this.direction(grad), step)), eps));
        grad.dispose();
        if (select === "best") offer(prev, margin);
        else tf.dispose([prev, margin]);
      }
      if (select === "last" && restarts === 1) {
        step.dispose();
        return xa;
      }
      offer(xa, marginOf(ctx.model, xa, y, ctx));
    }
    step.dispose();
    bestM!.dispose();
    return best!;
  }
}

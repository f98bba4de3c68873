import { tf } from "../tf.js";
import { FixedEpsilonAttack, type AttackContext } from "./base.js";
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
export declare const PGD_DEFAULTS: PgdOptions;
/**
 * Projected gradient ascent on the attack loss, shared by the L∞ and L2 variants (foolbox's
 * `BaseGradientDescent`): x₀ = Π(x + random start), x_{t+1} = Π(x_t + a·direction(∇ₓ L)),
 * with Π the base's projection onto the ε-ball ∩ [0, 1]^D. Per image the iterate with the largest margin
 * is kept (`select: "best"`, read off the gradient's own forward pass, so it costs one extra forward at
 * the end); a model whose gradient vanishes still cannot move, so masking still shows in the sanity checks.
 */
export declare abstract class ProjectedGradientDescent extends FixedEpsilonAttack {
    readonly gradientBased = true;
    readonly options: Required<PgdOptions>;
    constructor(o?: Partial<PgdOptions>);
    get randomized(): boolean;
    settings(): Record<string, number | string | boolean>;
    /** A random point of the ball of radius eps [B, 1] around 0: [B, D] (uses ctx.rng). */
    protected abstract randomStart(ctx: AttackContext, eps: tf.Tensor2D, b: number, d: number): tf.Tensor2D;
    /** The ascent direction of unit norm from the gradient g [B, D]. */
    protected abstract direction(g: tf.Tensor2D): tf.Tensor2D;
    protected run(ctx: AttackContext, x: tf.Tensor2D, y: tf.Tensor1D, eps: tf.Tensor2D): tf.Tensor2D;
}

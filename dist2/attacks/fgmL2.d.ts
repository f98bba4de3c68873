import { tf } from "../tf.js";
import { FixedEpsilonAttack, type AttackContext, type Norm } from "./base.js";
/**
 * Fast Gradient Method, L2 (Goodfellow et al. 2015; foolbox `L2FastGradientAttack`):
 * x′ = clip₀¹(x + ε·∇/‖∇‖₂). The one-step L2 baseline that PGD-L2 must beat (sanity checks).
 */
export declare class FgmL2 extends FixedEpsilonAttack {
    readonly name = "fgm-l2";
    readonly norm: Norm;
    readonly gradientBased = true;
    readonly randomized = false;
    settings(): Record<string, number | string | boolean>;
    protected run(ctx: AttackContext, x: tf.Tensor2D, y: tf.Tensor1D, eps: tf.Tensor2D): tf.Tensor2D;
}

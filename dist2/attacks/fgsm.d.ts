import { tf } from "../tf.js";
import { FixedEpsilonAttack, type AttackContext, type Norm } from "./base.js";
/**
 * Fast Gradient Sign Method (Goodfellow, Shlens & Szegedy 2015):
 * x′ = clip₀¹(x + ε·sign ∇ₓ L(f(x), y)). One gradient (EOT-averaged on stochastic models); L∞.
 */
export declare class Fgsm extends FixedEpsilonAttack {
    readonly name = "fgsm";
    readonly norm: Norm;
    readonly gradientBased = true;
    readonly randomized = false;
    settings(): Record<string, number | string | boolean>;
    protected run(ctx: AttackContext, x: tf.Tensor2D, y: tf.Tensor1D, eps: tf.Tensor2D): tf.Tensor2D;
}

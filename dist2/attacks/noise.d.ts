import { tf } from "../tf.js";
import { FixedEpsilonAttack, type AttackContext, type Norm } from "./base.js";
/**
 * Gaussian noise of a given norm: δ = ε·g/‖g‖ with g ~ N(0, I_D), then clip₀¹ — the random
 * baseline every gradient attack of the same norm must beat by far (Carlini et al. 2019, §5 of
 * REFERENCES). No gradients, so it also probes models whose gradients are masked.
 */
export declare class GaussianNoise extends FixedEpsilonAttack {
    readonly norm: Norm;
    readonly name: string;
    readonly gradientBased = false;
    readonly randomized = true;
    constructor(norm: Norm);
    settings(): Record<string, number | string | boolean>;
    protected run(ctx: AttackContext, x: tf.Tensor2D, _y: tf.Tensor1D, eps: tf.Tensor2D): tf.Tensor2D;
}

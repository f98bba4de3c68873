import { tf } from "../tf.js";
import { type AttackContext, type Norm } from "./base.js";
import { ProjectedGradientDescent, type PgdOptions } from "./pgd.js";
/**
 * PGD under L∞ (Madry et al. 2018, eq. 2): random start δ₀ ~ U(−ε, ε)^D, then
 * x ← clip₀¹(Π_ε(x + a·sign ∇ₓ L)), a = relStepSize·ε (default 2.5ε/steps), 40 steps by default.
 */
export declare class PgdLinf extends ProjectedGradientDescent {
    readonly name = "pgd-linf";
    readonly norm: Norm;
    constructor(o?: Partial<PgdOptions>);
    protected randomStart(ctx: AttackContext, eps: tf.Tensor2D, b: number, d: number): tf.Tensor2D;
    protected direction(g: tf.Tensor2D): tf.Tensor2D;
}

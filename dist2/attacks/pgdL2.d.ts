import { tf } from "../tf.js";
import { type AttackContext, type Norm } from "./base.js";
import { ProjectedGradientDescent, type PgdOptions } from "./pgd.js";
/**
 * PGD under L2 (Madry et al. 2018; foolbox `L2PGD`): random start uniform in the ε-ball, steps
 * a·∇/‖∇‖₂ with a = relStepSize·ε, projection δ·min(1, ε/‖δ‖₂), then clip to [0, 1].
 */
export declare class PgdL2 extends ProjectedGradientDescent {
    readonly name = "pgd-l2";
    readonly norm: Norm;
    constructor(o?: Partial<PgdOptions>);
    protected randomStart(ctx: AttackContext, eps: tf.Tensor2D, b: number, d: number): tf.Tensor2D;
    protected direction(g: tf.Tensor2D): tf.Tensor2D;
}

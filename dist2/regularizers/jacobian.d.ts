import { z } from "zod";
import type { Rng } from "../rng.js";
import { tf } from "../tf.js";
import { type Regularizer, type RegularizerContext } from "./types.js";
/**
 * Random-projection estimate of mean_b ‖J_b‖²_F (Hoffman, Roberts & Yaida
 * 2019, eq. 6; `facebookresearch/jacobian_regularizer`):
 *
 *   ‖J‖²_F ≈ (K/n_proj)·Σ_p mean_b ‖v_{p,b}ᵀ J_b‖²,  v_{p,b} uniform on the unit sphere of R^K.
 *
 * Differentiable in the weights when `vjp` is (use it inside `tf.variableGrads`).
 * @param vjp v [B, K] ↦ rows v_bᵀ·J_b [B, D] (e.g. {@link Mlp.inputVjp}).
 * @param b batch size B. @param k output width K. @param rng draws the projections.
 */
export declare function jacobianFro2Estimate(vjp: (v: tf.Tensor2D) => tf.Tensor2D, b: number, k: number, nProj: number, rng: Rng): tf.Scalar;
/** Settings of {@link JacobianRegularizer}. */
export declare const JacobianConfig: z.ZodObject<{
    name: z.ZodLiteral<"jacobian">;
    strength: z.ZodDefault<z.ZodNumber>;
    nProj: z.ZodDefault<z.ZodNumber>;
}, z.core.$strict>;
export type JacobianConfig = z.infer<typeof JacobianConfig>;
/**
 * Jacobian regularisation of the logits (Hoffman, Roberts & Yaida 2019):
 * R = λ·½·mean_b ‖∂logits_b/∂x_b‖²_F, estimated with n_proj random
 * projections ({@link jacobianFro2Estimate}). Defaults λ = 0.01, n_proj = 1.
 * The forward is run again inside the product, so with stochastic neurons
 * the term sees its own noise draw.
 */
export declare class JacobianRegularizer implements Regularizer {
    readonly name = "jacobian";
    readonly config: JacobianConfig;
    constructor(raw?: Partial<JacobianConfig>);
    apply(ctx: RegularizerContext): tf.Scalar;
    getConfig(): JacobianConfig;
}
/** Settings of {@link JacobianHiddenRegularizer}. */
export declare const JacobianHiddenConfig: z.ZodObject<{
    name: z.ZodLiteral<"jacobian-hidden">;
    strength: z.ZodDefault<z.ZodNumber>;
    nProj: z.ZodDefault<z.ZodNumber>;
    layer: z.ZodDefault<z.ZodNumber>;
}, z.core.$strict>;
export type JacobianHiddenConfig = z.infer<typeof JacobianHiddenConfig>;
/**
 * Holzhausen et al.'s variant: the Jacobian of a hidden layer h(x) [B, H]
 * instead of the logits, without the ½: R = λ·mean_b ‖∂h_b/∂x_b‖²_F, estimated
 * with n_proj projections. Defaults λ = 1e-3, n_proj = 3, last hidden layer.
 */
export declare class JacobianHiddenRegularizer implements Regularizer {
    readonly name = "jacobian-hidden";
    readonly config: JacobianHiddenConfig;
    constructor(raw?: Partial<JacobianHiddenConfig>);
    check(model: RegularizerContext["model"]): void;
    apply(ctx: RegularizerContext): tf.Scalar;
    getConfig(): JacobianHiddenConfig;
}

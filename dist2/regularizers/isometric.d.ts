import { z } from "zod";
import { tf } from "../tf.js";
import { type Regularizer, type RegularizerContext } from "./types.js";
/**
 * Pairwise Euclidean distances of the rows of a [B, K] → [B, B], via
 * ‖a_i‖² + ‖a_j‖² − 2·a_i·a_j (one untransposed matMul; clamped at 0 against
 * rounding). Differentiable.
 */
export declare function pairwiseDistances(a: tf.Tensor2D): tf.Tensor2D;
/** Settings of {@link IsometricRegularizer}. */
export declare const IsometricConfig: z.ZodObject<{
    name: z.ZodLiteral<"isometric">;
    strength: z.ZodDefault<z.ZodNumber>;
    lambda2: z.ZodDefault<z.ZodNumber>;
    layer: z.ZodDefault<z.ZodNumber>;
}, z.core.$strict>;
export type IsometricConfig = z.infer<typeof IsometricConfig>;
/**
 * Isometric regularisation (Beshkov, Verhellen & Lepperød 2022,
 * `KBeshkov/HIsometricNets`):
 *
 *   L_iso = λ₁·(1/B²)·Σ_{i,j} (λ₂·M_ij·‖h_i − h_j‖ − M_ij·‖x_i − x_j‖)²,  M_ij = [y_i = y_j],
 *
 * pulling same-class distances in the representation towards (1/λ₂)× the
 * input distances. Defaults λ₁ = 0.1, λ₂ = 10, last hidden layer. The
 * diagonal (i = j) is exactly 0 and is masked out so that the square root's
 * gradient at 0 never enters.
 */
export declare class IsometricRegularizer implements Regularizer {
    readonly name = "isometric";
    readonly config: IsometricConfig;
    constructor(raw?: Partial<IsometricConfig>);
    check(model: RegularizerContext["model"]): void;
    apply(ctx: RegularizerContext): tf.Scalar;
    getConfig(): IsometricConfig;
}

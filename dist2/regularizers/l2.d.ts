import { z } from "zod";
import { tf } from "../tf.js";
import type { Regularizer, RegularizerContext } from "./types.js";
/** Settings of {@link L2Regularizer}. */
export declare const L2Config: z.ZodObject<{
    name: z.ZodLiteral<"l2">;
    strength: z.ZodDefault<z.ZodNumber>;
}, z.core.$strict>;
export type L2Config = z.infer<typeof L2Config>;
/**
 * Weight decay as a loss term: R = λ·Σ_θ ‖θ‖², summed over every trainable
 * variable (weights and biases). Default λ = 5e-4 (REFERENCES §4).
 */
export declare class L2Regularizer implements Regularizer {
    readonly name = "l2";
    readonly config: L2Config;
    constructor(raw?: Partial<L2Config>);
    apply(ctx: RegularizerContext): tf.Scalar;
    getConfig(): L2Config;
}

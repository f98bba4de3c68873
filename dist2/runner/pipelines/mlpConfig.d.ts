import { z } from "zod";
/**
 * The `mlp` section of the experiment config: a backprop baseline
 * (REFERENCES §4: 784 → 2000 → 10 relu, Adam 1e-3, batch 100), its
 * regularisers and stochastic neurons.
 */
export declare const MlpSection: z.ZodObject<{
    hidden: z.ZodDefault<z.ZodPreprocess<z.ZodArray<z.ZodNumber>, unknown>>;
    activation: z.ZodDefault<z.ZodEnum<{
        relu: "relu";
        tanh: "tanh";
    }>>;
    epochs: z.ZodDefault<z.ZodNumber>;
    lr: z.ZodDefault<z.ZodNumber>;
    batch: z.ZodDefault<z.ZodNumber>;
    regularizers: z.ZodDefault<z.ZodPreprocess<z.ZodArray<z.ZodDiscriminatedUnion<[z.ZodObject<{
        name: z.ZodLiteral<"l2">;
        strength: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strict>, z.ZodObject<{
        name: z.ZodLiteral<"jacobian">;
        strength: z.ZodDefault<z.ZodNumber>;
        nProj: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strict>, z.ZodObject<{
        name: z.ZodLiteral<"jacobian-hidden">;
        strength: z.ZodDefault<z.ZodNumber>;
        nProj: z.ZodDefault<z.ZodNumber>;
        layer: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strict>, z.ZodObject<{
        name: z.ZodLiteral<"isometric">;
        strength: z.ZodDefault<z.ZodNumber>;
        lambda2: z.ZodDefault<z.ZodNumber>;
        layer: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strict>, z.ZodObject<{
        tau: z.ZodDefault<z.ZodNumber>;
        strength: z.ZodDefault<z.ZodNumber>;
        alpha: z.ZodDefault<z.ZodNumber>;
        layer: z.ZodDefault<z.ZodNumber>;
        name: z.ZodLiteral<"spectral">;
    }, z.core.$strict>, z.ZodObject<{
        strength: z.ZodDefault<z.ZodNumber>;
        alpha: z.ZodDefault<z.ZodNumber>;
        layer: z.ZodDefault<z.ZodNumber>;
        name: z.ZodLiteral<"spectral-unanchored">;
    }, z.core.$strict>], "name">>, unknown>>;
    noise: z.ZodDefault<z.ZodPreprocess<z.ZodNullable<z.ZodDiscriminatedUnion<[z.ZodObject<{
        kind: z.ZodLiteral<"poisson">;
        scale: z.ZodDefault<z.ZodNumber>;
        level: z.ZodDefault<z.ZodNumber>;
        fixed: z.ZodDefault<z.ZodBoolean>;
    }, z.core.$strict>, z.ZodObject<{
        kind: z.ZodLiteral<"gaussian">;
        std: z.ZodDefault<z.ZodNumber>;
        fixed: z.ZodDefault<z.ZodBoolean>;
    }, z.core.$strict>], "kind">>, unknown>>;
    metricsImages: z.ZodDefault<z.ZodNumber>;
}, z.core.$strict>;
export type MlpSection = z.infer<typeof MlpSection>;

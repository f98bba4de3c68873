import { z } from "zod";
/**
 * The supervised head on relu(I)^n features: `linear` (Holzhausen et al. 2024: a linear layer,
 * softmax cross-entropy) or `krotov` (Krotov & Hopfield 2019: c = tanh(β·S·f), loss Σ_α |c_α − t_α|^m
 * with targets t = ±1; its logits β·S·f have the same argmax as c, and attacks use them).
 */
export declare const READOUT_HEADS: readonly ["linear", "krotov"];
/** The readout on relu(I)^n features (Holzhausen et al. 2024; Krotov & Hopfield 2019). */
export declare const ReadoutConfig: z.ZodObject<{
    n: z.ZodDefault<z.ZodNumber>;
    head: z.ZodDefault<z.ZodEnum<{
        linear: "linear";
        krotov: "krotov";
    }>>;
    beta: z.ZodDefault<z.ZodNumber>;
    m: z.ZodDefault<z.ZodNumber>;
    epochs: z.ZodDefault<z.ZodNumber>;
    lr: z.ZodDefault<z.ZodNumber>;
    batch: z.ZodDefault<z.ZodNumber>;
    standardize: z.ZodDefault<z.ZodBoolean>;
}, z.core.$strict>;
export type ReadoutConfig = z.infer<typeof ReadoutConfig>;

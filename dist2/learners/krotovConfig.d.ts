import { z } from "zod";
/** Krotov–Hopfield learner (REFERENCES §1; Krotov & Hopfield 2019 defaults). */
export declare const KhConfig: z.ZodObject<{
    hidden: z.ZodDefault<z.ZodNumber>;
    p: z.ZodDefault<z.ZodNumber>;
    k: z.ZodDefault<z.ZodNumber>;
    delta: z.ZodDefault<z.ZodNumber>;
    R: z.ZodDefault<z.ZodNumber>;
    lr: z.ZodDefault<z.ZodNumber>;
    epochs: z.ZodDefault<z.ZodNumber>;
    batch: z.ZodDefault<z.ZodNumber>;
    inputNorm: z.ZodDefault<z.ZodUnion<readonly [z.ZodEnum<{
        none: "none";
        p: "p";
    }>, z.ZodNumber]>>;
    convergence: z.ZodDefault<z.ZodObject<{
        tol: z.ZodDefault<z.ZodNumber>;
        maxUnconverged: z.ZodDefault<z.ZodNumber>;
        stopWhenMet: z.ZodDefault<z.ZodBoolean>;
    }, z.core.$strict>>;
}, z.core.$strict>;
export type KhConfig = z.infer<typeof KhConfig>;

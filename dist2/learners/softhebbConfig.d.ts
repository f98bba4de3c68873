import { z } from "zod";
/**
 * SoftHebb (Moraitis et al. 2022; Journé et al., ICLR 2023; REFERENCES §2), settings read from
 * `NeuromorphicComputing/SoftHebb` (`presets.json`: layer MLP defaults, the MNIST model
 * `soft-c2000-t12-lr0.045-r35`; `hebblinear.py`).
 */
export declare const SoftHebbConfig: z.ZodObject<{
    hidden: z.ZodDefault<z.ZodNumber>;
    p: z.ZodDefault<z.ZodNumber>;
    tInv: z.ZodDefault<z.ZodNumber>;
    lr: z.ZodDefault<z.ZodNumber>;
    powerLr: z.ZodDefault<z.ZodNumber>;
    initRadius: z.ZodDefault<z.ZodNumber>;
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
export type SoftHebbConfig = z.infer<typeof SoftHebbConfig>;

import { z } from "zod";
/** Config fields every local rule has (each rule's schema includes them). */
/**
 * Inputs scaled to unit L^q norm before learning and inside the model's forward (pixels stay the
 * model's input): `"p"` takes q = p, as `holzhauk/LocalLearning` does (`LpUnitMNIST`, q = p = 3); a
 * number ≥ 1 sets q (Krotov's advice, unit vectors: 2); `"none"` leaves pixels as they are.
 */
export declare const InputNormField: (dflt: "none" | "p" | number) => z.ZodDefault<z.ZodUnion<readonly [z.ZodEnum<{
    none: "none";
    p: "p";
}>, z.ZodNumber]>>;
/** The LocalLearning convergence criterion, checked after every epoch (REFERENCES §1). */
export declare const ConvergenceSection: z.ZodDefault<z.ZodObject<{
    tol: z.ZodDefault<z.ZodNumber>;
    maxUnconverged: z.ZodDefault<z.ZodNumber>;
    stopWhenMet: z.ZodDefault<z.ZodBoolean>;
}, z.core.$strict>>;

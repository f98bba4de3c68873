import { z } from "zod";
/** Config fields every local rule has (each rule's schema includes them). */
/**
 * Inputs scaled to unit L^q norm before learning and inside the model's forward (pixels stay the
 * model's input): `"p"` takes q = p, as `holzhauk/LocalLearning` does (`LpUnitMNIST`, q = p = 3); a
 * number ≥ 1 sets q (Krotov's advice, unit vectors: 2); `"none"` leaves pixels as they are.
 */
export const InputNormField = (dflt) => z.union([z.enum(["none", "p"]), z.number().min(1)]).default(dflt);
/** The LocalLearning convergence criterion, checked after every epoch (REFERENCES §1). */
export const ConvergenceSection = z
    .object({
    /** A unit has converged when |‖W_μ‖_p − R| ≤ tol (absolute; reference 1e-2). */
    tol: z.number().positive().default(1e-2),
    /** A valid run has fewer than this fraction of unconverged units (reference 0.1) and no wrong-attractor unit. */
    maxUnconverged: z.number().gt(0).max(1).default(0.1),
    /** Stop after the first epoch that meets the criterion (`epochs` is then a maximum; ε has not decayed to 0 by then). */
    stopWhenMet: z.boolean().default(false),
})
    .strict()
    .default({ tol: 1e-2, maxUnconverged: 0.1, stopWhenMet: false });
//# sourceMappingURL=localConfig.js.map
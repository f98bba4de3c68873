import { z } from "zod";

/** Config fields every local rule has (each rule's schema includes them). */

/** CLI flags every local rule takes (camelCase flag → field of its section); a rule adds its own. */
export const LOCAL_FLAGS = {
  hidden: "hidden",
  epochs: "epochs",
  lr: "lr",
  batch: "batch",
  p: "p",
  inputNorm: "inputNorm",
  stopWhenConverged: "convergence.stopWhenMet",
} as const;

/**
 * Inputs scaled to unit L^q norm before learning and inside the model's forward (pixels stay the
 * model's input): `"p"` takes q = p, as `holzhauk/LocalLearning` does (`LpUnitMNIST`, q = p = 3); a
 * number ≥ 1 sets q (Krotov's advice, unit vectors: 2); `"none"` leaves pixels as they are.
 */
export const InputNormField = (dflt: "none" | "p" | number) => z
    .union([z.enum(["none", "p"]), z.number().min(1)])
    .default(dflt)
    .describe("Inputs scaled to unit L^q norm before learning and in the model's forward: `p` takes q = p (holzhauk/LocalLearning), a number ≥ 1 sets q, `none` keeps pixels.");

/**
 * The LocalLearning convergence criterion, checked after every epoch (REFERENCES §1), with the
 * rule's default tolerance `tol` (KH's reference: 1e-2).
 */
export const ConvergenceSection = (tol = 1e-2) =>
  z
    .object({
      tol: z.number().positive().default(tol).describe("A unit has converged when |‖W_μ‖_p − R| ≤ tol (absolute; LocalLearning's reference: 1e-2)."),
      maxUnconverged: z.number().gt(0).max(1).default(0.1).describe("A valid run has fewer than this fraction of unconverged units (reference 0.1) and no wrong-attractor unit."),
      stopWhenMet: z.boolean().default(false).describe("Stop after the first epoch that meets the criterion (`epochs` is then a maximum; the rate has not decayed by then)."),
    })
    .strict()
    .prefault({});

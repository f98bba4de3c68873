import { z } from "zod";

/**
 * A learning-rate schedule by completed epochs (PyTorch's `LambdaLR` stepped once per epoch, as
 * `holzhauk/LocalLearning`'s `CETrainer` does): epoch e (1-based) trains at lr(x) with x = e − 1
 * epochs completed. Segments in order; segment i covers x ≤ `upTo` (the last one has no `upTo`
 * and covers the rest). A segment is constant, or decays exponentially from its start:
 * lr(x) = lr·exp(−(x − x₀)/decay), x₀ = the previous segment's `upTo` (0 for the first).
 *
 * Holzhausen et al.'s backprop schedule (`shlp_schedule`): `[{upTo: 30, lr: 1e-3}, {upTo: 90, lr: 5e-4},
 * {upTo: 120, lr: 2e-4}, {upTo: 160, lr: 1e-4}, {lr: 1e-5}]`; their SpecReg one (`specreg_schedule`):
 * `[{upTo: 90, lr: 1e-3}, {lr: 1e-3, decay: 30}]`.
 */
export const LrSegment = z
  .object({
    upTo: z.number().int().min(0).optional().describe("Last number of completed epochs x this segment covers (x ≤ upTo); absent on the last segment."),
    lr: z.number().positive().describe("Learning rate (at the segment's start when it decays)."),
    decay: z.number().positive().optional().describe("Exponential decay constant in epochs: lr·exp(−(x − x₀)/decay) from the segment's start x₀."),
  })
  .strict();
export type LrSegment = z.infer<typeof LrSegment>;

export const LrSchedule = z
  .array(LrSegment)
  .min(1)
  .superRefine((segs, ctx) => {
    segs.forEach((s, i) => {
      const last = i === segs.length - 1;
      if (last && s.upTo !== undefined) ctx.addIssue({ code: "custom", message: "the last segment covers every later epoch: leave out upTo", path: [i, "upTo"] });
      if (!last && s.upTo === undefined) ctx.addIssue({ code: "custom", message: "every segment but the last needs upTo", path: [i, "upTo"] });
      if (i > 0 && !last && s.upTo !== undefined && segs[i - 1].upTo !== undefined && s.upTo <= segs[i - 1].upTo!) ctx.addIssue({ code: "custom", message: "upTo must increase from segment to segment", path: [i, "upTo"] });
    });
  });
export type LrSchedule = z.infer<typeof LrSchedule>;

/** The learning rate of epoch `epoch` (1-based) under `schedule`. */
export function scheduledLr(schedule: LrSchedule, epoch: number): number {
  const x = epoch - 1;
  let start = 0;
  for (const s of schedule) {
    if (s.upTo === undefined || x <= s.upTo) return s.decay ? s.lr * Math.exp(-(x - start) / s.decay) : s.lr;
    start = s.upTo;
  }
  /* c8 ignore next */
  throw new Error("lr schedule: no segment covers this epoch (the schema's last segment has no upTo)");
}

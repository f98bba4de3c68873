import { z } from "zod";
import { logitJacobianFro2 } from "../../analysis/jacobian.js";
import { weightNorm } from "../../analysis/weightNorm.js";
import type { Analysis } from "./types.js";

const JacobianSettings = z
  .object({
    enabled: z.boolean().default(true).describe("Compute it."),
    images: z.number().int().min(1).default(1000).describe("Test images it averages over (the first of the test set)."),
  })
  .strict();

/**
 * Exact mean ‖∂logits/∂x‖²_F over the first `images` test images (REFERENCES §6; one backward pass
 * per class; an estimate for a stochastic model), and the weight norm √Σθ² of the trainable
 * parameters when the model has any.
 */
export const jacobianAnalysis: Analysis<typeof JacobianSettings> = {
  name: "jacobian",
  title: "Input Jacobian",
  description: "exact mean squared Frobenius norm of the logits' input Jacobian, and the weight norm",
  schema: JacobianSettings,
  run(ctx, s) {
    const test = ctx.split.test;
    const m = Math.min(s.images, test.n);
    const jacobianFro2 = logitJacobianFro2(ctx.model, test.images.subarray(0, m * test.dim), m, test.dim);
    const trainable = ctx.model.trainableVariables().length > 0;
    return { metrics: { jacobianFro2, ...(trainable ? { weightNorm: weightNorm(ctx.model) } : {}) } };
  },
};

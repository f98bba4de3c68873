import { z } from "zod";
import { accuracy } from "../../models/accuracy.js";
import type { Analysis } from "./types.js";

const AccuracySettings = z
  .object({
    enabled: z.literal(true).default(true).describe("Always computed: every results file has `testAccuracy`."),
    train: z.boolean().default(true).describe("Also the accuracy on the training images (`trainAccuracy`)."),
  })
  .strict();

/** Clean accuracy of the model's logits on the test (and training) images. */
export const accuracyAnalysis: Analysis<typeof AccuracySettings> = {
  name: "accuracy",
  title: "Accuracy",
  description: "fraction of test (and training) images classified correctly",
  schema: AccuracySettings,
  async run(ctx, s) {
    const testAccuracy = await accuracy(ctx.model, ctx.split.test);
    return { metrics: { testAccuracy, ...(s.train ? { trainAccuracy: await accuracy(ctx.model, ctx.split.train) } : {}) } };
  },
};

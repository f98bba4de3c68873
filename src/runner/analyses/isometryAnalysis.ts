import { z } from "zod";
import { isometryScore } from "../../analysis/isometry.js";
import type { Analysis } from "./types.js";

const IsometrySettings = z
  .object({
    enabled: z.boolean().default(true).describe("Compute it."),
    images: z.number().int().min(2).default(1000).describe("Test images it uses (the first of the test set): every same-class pair of them."),
  })
  .strict();

/**
 * Beshkov et al.'s isometry score (REFERENCES §6) of every hidden representation
 * (`isometryByLayer`; the headline one as `isometry`): the correlation of same-class input and
 * representation distances on the first `images` test images.
 */
export const isometryAnalysis: Analysis<typeof IsometrySettings> = {
  name: "isometry",
  title: "Isometry",
  description: "correlation of same-class input and representation distances (Beshkov et al. 2022), per representation",
  schema: IsometrySettings,
  run(ctx, s) {
    const { model, split } = ctx;
    const test = split.test;
    const m = Math.min(s.images, test.n);
    const sub = test.images.subarray(0, m * test.dim);
    const byLayer: Record<string, number> = {};
    for (const name of model.hiddenNames) {
      const r = ctx.representation(name);
      byLayer[name] = isometryScore(sub, r.data.subarray(0, m * r.width), test.labels, m, test.dim, r.width);
    }
    return { metrics: { isometry: byLayer[ctx.headline], isometryByLayer: byLayer, metricsImages: m } };
  },
};

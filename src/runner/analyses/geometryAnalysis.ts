import { GeometryConfig, geometryCost, geometryPlots, populationGeometry } from "./populationGeometry.js";
import type { Analysis } from "./types.js";
import { z } from "zod";

const GeometrySettings = GeometryConfig.extend({ enabled: z.boolean().default(false).describe("Compute it (minutes: MFTMA of every representation, clean and under PGD).") });

/**
 * Population geometry (Dapello et al. 2021): MFTMA capacity, radius and dimension of class and
 * exemplar manifolds at every representation, clean and under PGD-L∞ (`hebblab geometry` on a
 * saved model runs the same). Off by default; a run or a study turns it on.
 */
export const geometryAnalysis: Analysis<typeof GeometrySettings> = {
  name: "geometry",
  title: "Manifold geometry (MFTMA)",
  description: "manifold capacity, radius and dimension of class and exemplar manifolds at every representation, clean and attacked (Dapello et al. 2021)",
  schema: GeometrySettings,
  async run(ctx, s) {
    const { enabled: _e, ...cfg } = s;
    const rep = await populationGeometry(ctx.model, ctx.split.test, cfg, ctx.onProgress);
    const plots = await geometryPlots(rep, ctx.model.kind);
    return { metrics: { geometry: rep }, artifacts: Object.fromEntries(Object.entries(plots).map(([k, svg]) => [`geometry-${k}.svg`, svg])) };
  },
  cost: ({ enabled: _e, ...cfg }, job) => geometryCost(cfg, job),
};

import { z } from "zod";
import { spectrumWithEigenvalues, type SpectrumMetrics } from "../../analysis/spectrumSummary.js";
import { covariance } from "../../kernels/covariance.js";
import { symmetricEigen } from "../../kernels/eigen.js";
import { spectralPenalty } from "../../regularizers/spectral.js";
import type { Analysis } from "./types.js";

/** The spectral target the `spectralPenalty` figure uses (Nassar et al.'s defaults). */
const PENALTY_TARGET = { alpha: 1, tau: 10 } as const;

const SpectrumSettings = z
  .object({
    enabled: z.boolean().default(true).describe("Compute it."),
    representations: z.array(z.string()).default([]).describe("The representations to analyze, by name (`hebblab` names them per model: `h1`…, `currents`, `features`); empty: every hidden representation of the model."),
  })
  .strict();

/**
 * Covariance eigenspectrum and power-law fits (Stringer et al. 2019, REFERENCES §3) of every named
 * representation on all test images (`spectrumByLayer`), the headline one as `spectrum`, and
 * Nassar et al.'s spectral penalty of the headline spectrum (anchored and unanchored).
 */
export const spectrumAnalysis: Analysis<typeof SpectrumSettings> = {
  name: "spectrum",
  title: "Power-law spectrum",
  description: "covariance eigenspectrum of each representation on the test images, α by Stringer's weighted and the unweighted fit, participation ratio",
  schema: SpectrumSettings,
  run(ctx, s) {
    const { model, split, wasm, pool } = ctx;
    const names = s.representations.length ? s.representations : [...model.hiddenNames];
    const unknown = names.filter((n) => !model.hiddenNames.includes(n));
    if (unknown.length) throw new Error(`analyses.spectrum.representations: ${model.kind} has no ${unknown.join(", ")} (has: ${model.hiddenNames.join(", ")})`);
    const byLayer: Record<string, SpectrumMetrics> = {};
    let headline: Float64Array | null = null;
    names.forEach((name, i) => {
      ctx.onProgress({ stage: "metrics", done: i, total: names.length, unit: "layers" });
      const r = ctx.representation(name);
      const sp = spectrumWithEigenvalues(wasm, r.data, split.test.n, r.width, `${ctx.label(name)} (test images)`, pool);
      byLayer[name] = sp.metrics;
      // The fit's eigenvalues serve the penalty too; a layer too narrow to fit still gets its penalty.
      if (name === ctx.headline) headline = sp.eigenvalues ?? symmetricEigen(wasm, covariance(wasm, r.data, split.test.n, r.width, { pool }), r.width).values;
    });
    const eig = headline as Float64Array | null;
    return {
      metrics: {
        ...(byLayer[ctx.headline] ? { spectrum: byLayer[ctx.headline] } : {}),
        spectrumByLayer: byLayer,
        ...(eig
          ? {
              spectralPenalty: {
                anchored: spectralPenalty(eig, { ...PENALTY_TARGET, anchored: true }),
                unanchored: spectralPenalty(eig, { ...PENALTY_TARGET, tau: 0, anchored: false }),
              },
            }
          : {}),
      },
    };
  },
};

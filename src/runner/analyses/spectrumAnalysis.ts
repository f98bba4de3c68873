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
    representations: z.array(z.string()).default([]).describe("The representations to analyze, by name (`hebblab` names them per model: `h1`…, `currents`, `features`, an MLP's pre-activations `z1`…); empty: every hidden representation of the model."),
    headline: z
      .array(z.string())
      .default([])
      .describe(
        "Which representation the results headline as `spectrum` (the study report's α columns): the first of these names the model has, analyzed even when not in `representations` (Holzhausen et al.: `[\"currents\", \"z1\"]`, the KH currents and the MLP's pre-activation); empty or none found: the model's last hidden representation.",
      ),
    ranks: z
      .tuple([z.number().int().min(1), z.number().int().min(2)])
      .default([11, 500])
      .refine(([a, b]) => b > a, { message: "the upper rank must exceed the lower" })
      .describe("1-based inclusive rank range of both power-law fits (Stringer et al. and Holzhausen et al.: ranks 11–500), clipped to the usable spectrum."),
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
    const known = [...model.hiddenNames, ...(model.extraRepresentations ?? [])];
    const chosen = s.headline.find((n) => known.includes(n));
    const headline = chosen ?? ctx.headline;
    const names = [...(s.representations.length ? s.representations : model.hiddenNames)];
    // A headline the settings chose is analyzed even when `representations` leaves it out.
    if (chosen && !names.includes(chosen)) names.push(chosen);
    const unknown = names.filter((n) => !known.includes(n));
    const extra = model.extraRepresentations?.length ? ` or its pre-activations (${model.extraRepresentations.join(", ")})` : "";
    if (unknown.length) throw new Error(`analyses.spectrum.representations: ${model.kind} has no ${unknown.join(", ")} (has: ${model.hiddenNames.join(", ")})${extra}`);
    const byLayer: Record<string, SpectrumMetrics> = {};
    let headlineEig: Float64Array | null = null;
    names.forEach((name, i) => {
      ctx.onProgress({ stage: "metrics", done: i, total: names.length, unit: "layers" });
      const r = ctx.representation(name);
      const sp = spectrumWithEigenvalues(wasm, r.data, split.test.n, r.width, `${ctx.label(name)} (test images)`, pool, s.ranks as [number, number]);
      byLayer[name] = sp.metrics;
      // The fit's eigenvalues serve the penalty too; a layer too narrow to fit still gets its penalty.
      if (name === headline) headlineEig = sp.eigenvalues ?? symmetricEigen(wasm, covariance(wasm, r.data, split.test.n, r.width, { pool }), r.width).values;
    });
    const eig = headlineEig as Float64Array | null;
    return {
      metrics: {
        ...(byLayer[headline] ? { spectrum: { ...byLayer[headline], name: headline } } : {}),
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

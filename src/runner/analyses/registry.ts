import { z } from "zod";
import { hiddenActivations } from "../../models/activations.js";
import { accuracyAnalysis } from "./accuracyAnalysis.js";
import { geometryAnalysis } from "./geometryAnalysis.js";
import { isometryAnalysis } from "./isometryAnalysis.js";
import { jacobianAnalysis } from "./jacobianAnalysis.js";
import { spectrumAnalysis } from "./spectrumAnalysis.js";
import type { Analysis, AnalysisContext, AnalysisOutput } from "./types.js";

/**
 * Every analysis a run can compute on its trained model, one line each, in the order they run (a
 * stochastic model draws its noise from its own stream in this order, so the order is part of the
 * numbers). The config's `analyses` section and a study's choice derive from it.
 */
export const ANALYSES: readonly Analysis[] = [spectrumAnalysis, isometryAnalysis, accuracyAnalysis, jacobianAnalysis, geometryAnalysis];

/** The `analyses` section: one subsection per analysis, its settings and `enabled`, defaults filled. */
export const AnalysesConfig = z
  .object(Object.fromEntries(ANALYSES.map((a) => [a.name, a.schema.prefault({})])))
  .strict()
  .describe("Which analyses a run computes on its trained model, and their settings (every model alike, through its forward and named representations).");
export type AnalysesConfig = Record<string, { enabled: boolean } & Record<string, unknown>>;

/** What the runner knows of a trained model besides the model: representations the kind computed itself. */
export interface AnalysisInputs extends Omit<AnalysisContext, "representation" | "headline" | "label"> {
  /** Test representations the kind gave ({@link Trained.testRepresentations}). */
  given?: Record<string, Float32Array>;
}

/**
 * Runs the enabled analyses in registry order on one model and merges their figures and pictures.
 * Representations are computed once (the kind's own where it gave them) and shared.
 */
export async function runAnalyses(inputs: AnalysisInputs, cfg: AnalysesConfig): Promise<Required<AnalysisOutput>> {
  const { model, split, given } = inputs;
  const test = split.test;
  const cache = new Map<string, { data: Float32Array; width: number }>();
  const ctx: AnalysisContext = {
    ...inputs,
    headline: model.hiddenNames[model.hiddenNames.length - 1],
    label: (name) => model.representationLabel?.(name) ?? name,
    representation(name) {
      let r = cache.get(name);
      if (!r) {
        const own = given?.[name];
        r = own ? { data: own, width: own.length / test.n } : hiddenActivations(model, name, test.images, test.n, test.dim);
        cache.set(name, r);
      }
      return r;
    },
  };
  const out: Required<AnalysisOutput> = { metrics: {}, artifacts: {} };
  for (const a of ANALYSES) {
    const settings = cfg[a.name];
    if (!settings?.enabled) continue;
    const r = await a.run(ctx, settings);
    Object.assign(out.metrics, r.metrics);
    Object.assign(out.artifacts, r.artifacts);
  }
  return out;
}

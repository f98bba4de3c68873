import { z } from "zod";
import { ACTIVATIONS } from "./model.js";
import { NoiseConfig } from "../../models/noise.js";
import { LogMelFrontConfig } from "../../models/logmelFront.js";
import { VOneConfig } from "../../models/vone.js";
import { RegularizerConfig } from "../../regularizers/registry.js";

/**
 * The `mlp` section of the experiment config: a backprop baseline
 * (REFERENCES §4: 784 → 2000 → 10 relu, Adam 1e-3, batch 100), its
 * regularizers and stochastic neurons.
 */
export const MlpSection = z
  .object({
    hidden: z.preprocess((v) => (typeof v === "number" ? [v] : v), z.array(z.number().int().min(1)).min(1)).default([2000]).describe("Hidden widths, input to output (Beshkov's network: [100, 100, 100, 100, 100]); a single number means one layer."),
    activation: z.enum(ACTIVATIONS).default("relu").describe("Hidden activation (Beshkov et al.'s isometric network: tanh)."),
    epochs: z.number().int().min(1).default(10).describe("Training epochs (Adam, cross-entropy)."),
    lr: z.number().positive().default(1e-3).describe("Adam learning rate."),
    batch: z.number().int().min(1).default(100).describe("Mini-batch size (the spectral terms need it larger than the regularized width)."),
    regularizers: z.preprocess((v) => (Array.isArray(v) ? v.map(byName("name")) : v), z.array(RegularizerConfig)).default([]).describe("Penalties added to the cross-entropy, each `{ name, …settings }`; defaults are the published ones."),
    noise: z.preprocess(byName("kind"), NoiseConfig.nullable()).default(null).describe("Stochastic neurons after every hidden activation (`\"poisson\"` is short for `{ kind: \"poisson\" }`), or null."),
    standardize: z
      .boolean()
      .default(false)
      .describe("Standardize the inputs with the training set's per-feature mean and standard deviation (floored at 0.01), inside the model so attacks still perturb raw inputs; needed where features share a large offset (spoken-digit spectrograms)."),
    frontEnd: z
      .preprocess((v) => (typeof v === "string" ? { kind: v } : v), z.discriminatedUnion("kind", [VOneConfig, LogMelFrontConfig]).nullable())
      .default(null)
      .describe(
        "A fixed front end before the first layer, or null: `vone` (Dapello et al. 2020: Gabor simple and complex cells and their stochastic layer; square images) or `logmel` (a log-mel spectrogram of waveform inputs, so attacks perturb the sound). A bare name stands for `{ kind: name }`.",
      ),
  })
  .strict()
  .refine((c) => !(c.frontEnd && c.regularizers.length), { message: "regularizers need input gradients through the layers, which a front end does not provide: use one or the other", path: ["frontEnd"] });
export type MlpSection = z.infer<typeof MlpSection>;

/** A bare string stands for `{ [key]: string }` with every other setting at its default. */
function byName(key: string): (v: unknown) => unknown {
  return (v) => (typeof v === "string" ? { [key]: v } : v);
}

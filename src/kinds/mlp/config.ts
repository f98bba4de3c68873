import { z } from "zod";
import { ACTIVATIONS, MLP_INITS } from "./model.js";
import { LrSchedule } from "../../training/schedule.js";
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
    lr: z.number().positive().default(1e-3).describe("Adam learning rate (every epoch, unless `lrSchedule` is set)."),
    lrSchedule: LrSchedule.nullable()
      .default(null)
      .describe(
        "Learning rate by completed epochs instead of the constant `lr` (PyTorch `LambdaLR` stepped per epoch): segments `{ upTo, lr, decay? }`, each covering completed epochs ≤ upTo, constant or decaying as lr·exp(−(x − start)/decay); the last has no upTo. Holzhausen et al.'s backprop arms: `[{upTo: 30, lr: 1e-3}, {upTo: 90, lr: 5e-4}, {upTo: 120, lr: 2e-4}, {upTo: 160, lr: 1e-4}, {lr: 1e-5}]`.",
      ),
    amsgrad: z
      .boolean()
      .default(false)
      .describe(
        "AMSGrad (Reddi, Kale & Kumar 2018) instead of Adam, as PyTorch 1.13's `torch.optim.Adam(amsgrad=True)` (Nassar et al. 2020): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², v̂ ← max(v̂, v), w ← w − lr/(1−β₁ᵗ)·m/(√v̂/√(1−β₂ᵗ) + ε), β 0.9/0.999 and PyTorch's ε 1e-8. false: Kingma & Ba's Adam as tfjs's `tf.train.adam` (ε 1e-7).",
      ),
    init: z
      .enum(MLP_INITS)
      .default("glorot-uniform")
      .describe(
        "Initial weights: `glorot-uniform` (Keras's Dense default; biases 0), `he-normal` (N(0, 2/fan-in) for the hidden layers as LocalLearning's `SHLP`, the readout PyTorch's default U(±1/√fan-in) for weights and bias) or `torch-default` (PyTorch's `nn.Linear` default for every layer, as Nassar et al. 2020: weights and biases U(±1/√fan-in), the bound kaiming_uniform(a = √5) gives; a layer without bias keeps 0).",
      ),
    hiddenBias: z.boolean().default(true).describe("Hidden layers have a bias (LocalLearning's `SHLP` has none: h = x·W)."),
    batchNorm: z
      .boolean()
      .default(false)
      .describe(
        "BatchNorm after every hidden activation, before the next layer (Holzhausen et al.'s SpecReg arm; PyTorch BatchNorm1d: momentum 0.1, eps 1e-5, affine): batch statistics while training, running statistics for every evaluation (PyTorch `eval()`; the reference measured its accuracy in training mode, a slip hebblab does not reproduce).",
      ),
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

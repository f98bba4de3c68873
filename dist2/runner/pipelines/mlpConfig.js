import { z } from "zod";
import { ACTIVATIONS } from "../../models/mlp.js";
import { NoiseConfig } from "../../models/noise.js";
import { RegularizerConfig } from "../../regularizers/registry.js";
/**
 * The `mlp` section of the experiment config: a backprop baseline
 * (REFERENCES §4: 784 → 2000 → 10 relu, Adam 1e-3, batch 100), its
 * regularisers and stochastic neurons.
 */
export const MlpSection = z
    .object({
    /** Hidden widths, input to output (Beshkov's network: [100, 100, 100, 100, 100]); a single number means one layer. */
    hidden: z.preprocess((v) => (typeof v === "number" ? [v] : v), z.array(z.number().int().min(1)).min(1)).default([2000]),
    activation: z.enum(ACTIVATIONS).default("relu"),
    epochs: z.number().int().min(1).default(10),
    /** Adam learning rate. */
    lr: z.number().positive().default(1e-3),
    /** Mini-batch size (the spectral terms need it larger than the regularised width). */
    batch: z.number().int().min(1).default(100),
    /** Penalties added to the cross-entropy, each `{ name, …settings }`; defaults are the published ones. */
    regularizers: z.preprocess((v) => (Array.isArray(v) ? v.map(byName("name")) : v), z.array(RegularizerConfig)).default([]),
    /** Stochastic neurons after every hidden activation (`"poisson"` is short for `{ kind: "poisson" }`), or null. */
    noise: z.preprocess(byName("kind"), NoiseConfig.nullable()).default(null),
    /** Test images for the Jacobian and isometry metrics (the first of the test set). */
    metricsImages: z.number().int().min(2).default(1000),
})
    .strict();
/** A bare string stands for `{ [key]: string }` with every other setting at its default. */
function byName(key) {
    return (v) => (typeof v === "string" ? { [key]: v } : v);
}
//# sourceMappingURL=mlpConfig.js.map
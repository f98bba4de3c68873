import { z } from "zod";
import { ConvergenceSection, InputNormField } from "../local/settings.js";

const int = (min: number) => z.number().int().min(min);
const pos = () => z.number().positive();

/** Krotov–Hopfield learner (REFERENCES §1; Krotov & Hopfield 2019 defaults). */
export const KhSection = z
  .object({
    hidden: int(1).default(2000).describe("Hidden units."),
    p: z.number().min(1).default(3).describe("Lebesgue order p of the synapse geometry (W̃ = sign(W)|W|^(p−1))."),
    k: int(2).default(7).describe("Rank of the anti-Hebbian unit."),
    delta: z.number().min(0).default(0.4).describe("Anti-Hebbian strength Δ."),
    R: pos().default(1).describe("Radius R of the p-sphere the weights converge to."),
    lr: pos().default(0.04).describe("Initial learning rate ε₀ (linear decay to 0)."),
    epochs: int(0).default(300).describe("Unsupervised epochs (ε decays to 0 over them). 300 by default: on the embedded 8,000 digits with unit-L³ inputs the layer meets the LocalLearning criterion after ~140 (93 % of units on the sphere at 300, digit-prototype fields, ~2.5 min on 2 cores); the reference trains 1000 (`--preset local-learning-mnist`)."),
    batch: int(1).default(100).describe("Mini-batch size."),
    inputNorm: InputNormField("p"),
    convergence: ConvergenceSection(),
  })
  .strict()
  .refine((c) => c.k <= c.hidden, { message: "k must not exceed hidden", path: ["k"] });
export type KhSection = z.infer<typeof KhSection>;

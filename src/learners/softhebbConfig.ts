import { z } from "zod";
import { ConvergenceSection, InputNormField } from "./localConfig.js";

/**
 * SoftHebb (Moraitis et al. 2022; Journé et al., ICLR 2023; REFERENCES §2), settings read from
 * `NeuromorphicComputing/SoftHebb` (`presets.json`: layer MLP defaults, the MNIST model
 * `soft-c2000-t12-lr0.045-r35`; `hebblinear.py`).
 */
export const SoftHebbConfig = z
  .object({
    /** Hidden units (the reference MNIST layer: 2000). */
    hidden: z.number().int().min(1).default(2000),
    /** Lebesgue order p of the synapses and norms (reference: 2, so W̃ = W). */
    p: z.number().min(1).default(2),
    /** Inverse temperature 1/τ of the soft winner-takes-all y = softmax(u/τ) (reference MNIST: 12). */
    tInv: z.number().positive().default(12),
    /** Rate amplitude η₀ (reference MNIST: 0.045); decays linearly over the epochs (constant for one epoch). */
    lr: z.number().positive().default(0.045),
    /** Power of the norm-dependent rate η_k = η₀·(|‖W_k‖_p − 1| + 1e-10)^power (reference MLP layers: 0.2). */
    powerLr: z.number().min(0).default(0.2),
    /** Initial radius r: W ~ U[0, ((p+1)·r^p/D)^(1/p)) so that ‖W_k‖_p ≈ r (reference: "positive" init, r = 35 in the MNIST preset). */
    initRadius: z.number().positive().default(35),
    /** Unsupervised epochs (the papers: one epoch reaches ≈ 96 % with a single layer on MNIST). */
    epochs: z.number().int().min(0).default(1),
    /** Mini-batch size (the reference's one-epoch MNIST runs: 32). */
    batch: z.number().int().min(1).default(32),
    inputNorm: InputNormField("none"),
    convergence: ConvergenceSection,
  })
  .strict();
export type SoftHebbConfig = z.infer<typeof SoftHebbConfig>;

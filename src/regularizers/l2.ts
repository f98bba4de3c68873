import { z } from "zod";
import { tf } from "../tf.js";
import type { Regularizer, RegularizerContext, RegularizerEntry } from "./types.js";

/** Settings of {@link L2Regularizer}. */
export const L2Settings = z
  .object({
    strength: z.number().min(0).default(5e-4).describe("λ in λ·Σ‖θ‖² (REFERENCES §4: 5e-4)."),
  })
  .strict();
export type L2Settings = z.infer<typeof L2Settings>;

/**
 * Weight decay as a loss term: R = λ·Σ_θ ‖θ‖², summed over every trainable
 * variable (weights and biases). Default λ = 5e-4 (REFERENCES §4).
 */
export class L2Regularizer implements Regularizer {
  readonly name = l2.name;
  readonly config: L2Settings;

  constructor(raw: Partial<L2Settings> = {}) {
    this.config = L2Settings.parse(raw);
  }

  apply(ctx: RegularizerContext): tf.Scalar {
    return tf.tidy(() => {
      const terms = ctx.model.trainableVariables().map((v) => tf.sum(tf.square(v)));
      return tf.mul(tf.addN(terms), this.config.strength) as tf.Scalar;
    });
  }

  settings(): { name: string } & L2Settings {
    return { name: this.name, ...this.config };
  }
}

/** The `l2` entry of the regularizer registry. */
export const l2: RegularizerEntry<typeof L2Settings> = {
  name: "l2",
  description: "weight decay λ·Σ‖θ‖² (REFERENCES §4: 5e-4)",
  schema: L2Settings,
  make: (s) => new L2Regularizer(s),
};

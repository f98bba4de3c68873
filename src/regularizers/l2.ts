import { z } from "zod";
import { tf } from "../tf.js";
import type { Regularizer, RegularizerContext } from "./types.js";

/** Settings of {@link L2Regularizer}. */
export const L2Config = z
  .object({
    name: z.literal("l2"),
    strength: z.number().min(0).default(5e-4).describe("λ in λ·Σ‖θ‖² (REFERENCES §4: 5e-4)."),
  })
  .strict();
export type L2Config = z.infer<typeof L2Config>;

/**
 * Weight decay as a loss term: R = λ·Σ_θ ‖θ‖², summed over every trainable
 * variable (weights and biases). Default λ = 5e-4 (REFERENCES §4).
 */
export class L2Regularizer implements Regularizer {
  readonly name = "l2";
  readonly config: L2Config;

  constructor(raw: Partial<L2Config> = {}) {
    this.config = L2Config.parse({ ...raw, name: "l2" });
  }

  apply(ctx: RegularizerContext): tf.Scalar {
    return tf.tidy(() => {
      const terms = ctx.model.trainableVariables().map((v) => tf.sum(tf.square(v)));
      return tf.mul(tf.addN(terms), this.config.strength) as tf.Scalar;
    });
  }

  settings(): L2Config {
    return { ...this.config };
  }
}

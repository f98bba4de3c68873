import { z } from "zod";
import { tf } from "../tf.js";
/** Settings of {@link L2Regularizer}. */
export const L2Config = z
    .object({
    name: z.literal("l2"),
    /** λ in λ·Σ‖θ‖² (REFERENCES §4: 5e-4). */
    strength: z.number().min(0).default(5e-4),
})
    .strict();
/**
 * Weight decay as a loss term: R = λ·Σ_θ ‖θ‖², summed over every trainable
 * variable (weights and biases). Default λ = 5e-4 (REFERENCES §4).
 */
export class L2Regularizer {
    name = "l2";
    config;
    constructor(raw = {}) {
        this.config = L2Config.parse({ ...raw, name: "l2" });
    }
    apply(ctx) {
        return tf.tidy(() => {
            const terms = ctx.model.trainableVariables().map((v) => tf.sum(tf.square(v)));
            return tf.mul(tf.addN(terms), this.config.strength);
        });
    }
    getConfig() {
        return { ...this.config };
    }
}
//# sourceMappingURL=l2.js.map
import { tf } from "../tf.js";
import { FixedEpsilonAttack, rowNorms } from "./base.js";
/**
 * Gaussian noise of a given norm: δ = ε·g/‖g‖ with g ~ N(0, I_D), then clip₀¹ — the random
 * baseline every gradient attack of the same norm must beat by far (Carlini et al. 2019, §5 of
 * REFERENCES). No gradients, so it also probes models whose gradients are masked.
 */
export class GaussianNoise extends FixedEpsilonAttack {
    norm;
    name;
    gradientBased = false;
    randomized = true;
    constructor(norm) {
        super();
        this.norm = norm;
        this.name = `noise-${norm}`;
    }
    settings() {
        return { distribution: "gaussian" };
    }
    run(ctx, x, _y, eps) {
        const [b, d] = x.shape;
        const g = ctx.rng.fillNormal(new Float32Array(b * d));
        return tf.tidy(() => {
            const dir = tf.tensor2d(g, [b, d]);
            const n = tf.reshape(tf.maximum(rowNorms(this.norm, dir), 1e-12), [-1, 1]);
            return tf.add(x, tf.mul(tf.div(dir, n), eps));
        });
    }
}
//# sourceMappingURL=noise.js.map
import { tf } from "../tf.js";
import { rowNorms, unitL2 } from "./base.js";
import { ProjectedGradientDescent } from "./pgd.js";
/**
 * PGD under L2 (Madry et al. 2018; foolbox `L2PGD`): random start uniform in the ε-ball, steps
 * a·∇/‖∇‖₂ with a = relStepSize·ε, projection δ·min(1, ε/‖δ‖₂), then clip to [0, 1].
 */
export class PgdL2 extends ProjectedGradientDescent {
    name = "pgd-l2";
    norm = "l2";
    constructor(o = {}) {
        super(o);
    }
    randomStart(ctx, eps, b, d) {
        // Uniform in the ball: Gaussian direction, radius ε·u^(1/D) (Muller 1959).
        const g = ctx.rng.fillNormal(new Float32Array(b * d));
        const r = new Float32Array(b);
        for (let i = 0; i < b; i++)
            r[i] = Math.pow(ctx.rng.uniform(), 1 / d);
        return tf.tidy(() => {
            const dir = tf.tensor2d(g, [b, d]);
            const n = tf.reshape(tf.maximum(rowNorms("l2", dir), 1e-12), [-1, 1]);
            return tf.mul(tf.div(dir, n), tf.mul(tf.tensor2d(r, [b, 1]), eps));
        });
    }
    direction(g) {
        return unitL2(g);
    }
}
//# sourceMappingURL=pgdL2.js.map
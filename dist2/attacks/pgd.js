import { tf } from "../tf.js";
import { FixedEpsilonAttack, project } from "./base.js";
import { lossAndGradient, marginOf } from "./eot.js";
/** Defaults of {@link PgdOptions}. */
export const PGD_DEFAULTS = { steps: 40, restarts: 1, randomStart: true, select: "best" };
/**
 * Projected gradient ascent on the attack loss, shared by the L∞ and L2 variants (foolbox's
 * `BaseGradientDescent`): x₀ = Π(x + random start), x_{t+1} = Π(x_t + a·direction(∇ₓ L)),
 * with Π the base's projection onto the ε-ball ∩ [0, 1]^D. Per image the iterate with the largest margin
 * is kept (`select: "best"`, read off the gradient's own forward pass, so it costs one extra forward at
 * the end); a model whose gradient vanishes still cannot move, so masking still shows in the sanity checks.
 */
export class ProjectedGradientDescent extends FixedEpsilonAttack {
    gradientBased = true;
    options;
    constructor(o = {}) {
        super();
        const steps = o.steps ?? PGD_DEFAULTS.steps;
        this.options = {
            steps,
            relStepSize: o.relStepSize ?? 2.5 / steps,
            restarts: o.restarts ?? PGD_DEFAULTS.restarts,
            randomStart: o.randomStart ?? PGD_DEFAULTS.randomStart,
            select: o.select ?? PGD_DEFAULTS.select,
        };
        if (!(steps >= 1) || !(this.options.restarts >= 1) || !(this.options.relStepSize > 0))
            throw new Error(`pgd: steps, restarts and relStepSize must be positive (got ${JSON.stringify(this.options)})`);
    }
    get randomized() {
        return this.options.randomStart;
    }
    settings() {
        return { ...this.options };
    }
    run(ctx, x, y, eps) {
        const { steps, relStepSize, restarts, randomStart, select } = this.options;
        const [b, d] = x.shape;
        const step = tf.mul(eps, relStepSize);
        let best = null;
        let bestM = null;
        // Keeps, per image, whichever of (best, candidate) has the larger margin; consumes the candidate.
        const offer = (xc, mc) => {
            if (!best || !bestM) {
                best = xc;
                bestM = mc;
                return;
            }
            const [nb, nm] = tf.tidy(() => {
                const better = tf.reshape(tf.greater(mc, bestM), [-1, 1]).tile([1, d]);
                return [tf.where(better, xc, best), tf.maximum(mc, bestM)];
            });
            tf.dispose([best, bestM, xc, mc]);
            best = nb;
            bestM = nm;
        };
        for (let r = 0; r < restarts; r++) {
            let xa = randomStart ? tf.tidy(() => project(this.norm, x, tf.add(x, this.randomStart(ctx, eps, b, d)), eps)) : x.clone();
            for (let s = 0; s < steps; s++) {
                const prev = xa;
                const { grad, margin } = lossAndGradient(ctx.model, prev, y, ctx);
                xa = tf.tidy(() => project(this.norm, x, tf.add(prev, tf.mul(this.direction(grad), step)), eps));
                grad.dispose();
                if (select === "best")
                    offer(prev, margin);
                else
                    tf.dispose([prev, margin]);
            }
            if (select === "last" && restarts === 1) {
                step.dispose();
                return xa;
            }
            offer(xa, marginOf(ctx.model, xa, y, ctx));
        }
        step.dispose();
        bestM.dispose();
        return best;
    }
}
//# sourceMappingURL=pgd.js.map
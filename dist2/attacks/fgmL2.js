import { tf } from "../tf.js";
import { FixedEpsilonAttack, unitL2 } from "./base.js";
import { lossGradient } from "./eot.js";
/**
 * Fast Gradient Method, L2 (Goodfellow et al. 2015; foolbox `L2FastGradientAttack`):
 * x′ = clip₀¹(x + ε·∇/‖∇‖₂). The one-step L2 baseline that PGD-L2 must beat (sanity checks).
 */
export class FgmL2 extends FixedEpsilonAttack {
    name = "fgm-l2";
    norm = "l2";
    gradientBased = true;
    randomized = false;
    settings() {
        return { steps: 1 };
    }
    run(ctx, x, y, eps) {
        return tf.tidy(() => {
            return tf.add(x, tf.mul(unitL2(lossGradient(ctx.model, x, y, ctx)), eps));
        });
    }
}
//# sourceMappingURL=fgmL2.js.map
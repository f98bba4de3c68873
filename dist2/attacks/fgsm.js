import { tf } from "../tf.js";
import { FixedEpsilonAttack, signExact } from "./base.js";
import { lossGradient } from "./eot.js";
/**
 * Fast Gradient Sign Method (Goodfellow, Shlens & Szegedy 2015):
 * x′ = clip₀¹(x + ε·sign ∇ₓ L(f(x), y)). One gradient (EOT-averaged on stochastic models); L∞.
 */
export class Fgsm extends FixedEpsilonAttack {
    name = "fgsm";
    norm = "linf";
    gradientBased = true;
    randomized = false;
    settings() {
        return { steps: 1 };
    }
    run(ctx, x, y, eps) {
        return tf.tidy(() => tf.add(x, tf.mul(signExact(lossGradient(ctx.model, x, y, ctx)), eps)));
    }
}
//# sourceMappingURL=fgsm.js.map
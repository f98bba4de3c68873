import { tf } from "../tf.js";
import { signExact } from "./base.js";
import { ProjectedGradientDescent } from "./pgd.js";
/**
 * PGD under L∞ (Madry et al. 2018, eq. 2): random start δ₀ ~ U(−ε, ε)^D, then
 * x ← clip₀¹(Π_ε(x + a·sign ∇ₓ L)), a = relStepSize·ε (default 2.5ε/steps), 40 steps by default.
 */
export class PgdLinf extends ProjectedGradientDescent {
    name = "pgd-linf";
    norm = "linf";
    constructor(o = {}) {
        super(o);
    }
    randomStart(ctx, eps, b, d) {
        const u = ctx.rng.fillUniform(new Float32Array(b * d), -1, 1);
        return tf.tidy(() => tf.mul(tf.tensor2d(u, [b, d]), eps));
    }
    direction(g) {
        return signExact(g);
    }
}
//# sourceMappingURL=pgdLinf.js.map
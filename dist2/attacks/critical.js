import { tf } from "../tf.js";
import { rowNorms } from "./base.js";
import { correctness } from "./eot.js";
/**
 * The critical perturbation of each image: the smallest budget ε at which `attack` flips its
 * prediction (correctness < ½, i.e. misclassified by the majority of noise samples on a stochastic
 * model), by grid or bisection, with the L2 norm of the perturbation that does it. All images of the
 * batch are searched together with one ε per image.
 * @param x [B, D]; y [B] labels. Intended for initially correct images.
 */
export function criticalPerturbation(attack, ctx, x, y, o) {
    const b = x.shape[0];
    const eps = new Float64Array(b).fill(NaN);
    const l2 = new Float64Array(b).fill(NaN);
    /** Runs the attack at per-image budgets; returns flipped flags and perturbation L2 norms. */
    const probe = (e) => {
        const xa = attack.attack(ctx, x, y, e);
        const [c, n] = tf.tidy(() => [correctness(ctx.model, xa, y, ctx), rowNorms("l2", tf.sub(xa, x))]);
        const cd = c.dataSync();
        const nd = n.dataSync();
        tf.dispose([xa, c, n]);
        return { flipped: Array.from(cd, (v) => v < 0.5), norms: nd };
    };
    const clean = probe(new Float64Array(b));
    for (let i = 0; i < b; i++)
        if (clean.flipped[i])
            (eps[i] = 0), (l2[i] = 0);
    const open = (i) => !clean.flipped[i];
    if (o.method === "grid") {
        const grid = [...o.grid].filter((g) => g > 0).sort((a, c) => a - c);
        for (const g of grid) {
            const todo = Array.from({ length: b }, (_, i) => open(i) && Number.isNaN(eps[i]));
            if (!todo.some(Boolean))
                break;
            const r = probe(Float64Array.from(todo, (t) => (t ? g : 0)));
            for (let i = 0; i < b; i++)
                if (todo[i] && r.flipped[i])
                    (eps[i] = g), (l2[i] = r.norms[i]);
        }
        return { eps, l2 };
    }
    const lo = new Float64Array(b);
    const hi = new Float64Array(b).fill(o.max);
    const top = probe(Float64Array.from(hi, (h, i) => (open(i) ? h : 0)));
    const live = Array.from({ length: b }, (_, i) => open(i) && top.flipped[i]);
    for (let i = 0; i < b; i++)
        if (live[i])
            (eps[i] = o.max), (l2[i] = top.norms[i]);
    if (!live.some(Boolean))
        return { eps, l2 };
    for (let it = 0; it < o.iters; it++) {
        const mid = Float64Array.from(lo, (l, i) => (live[i] ? (l + hi[i]) / 2 : 0));
        const r = probe(mid);
        for (let i = 0; i < b; i++) {
            if (!live[i])
                continue;
            if (r.flipped[i])
                (hi[i] = mid[i]), (eps[i] = mid[i]), (l2[i] = r.norms[i]);
            else
                lo[i] = mid[i];
        }
    }
    return { eps, l2 };
}
/** Median of the finite-or-infinite values (NaN = never flipped counts as +∞); null if the median is +∞ or there are none. */
export function medianFlip(v) {
    const a = Array.from(v, (x) => (Number.isNaN(x) ? Infinity : x)).sort((p, q) => p - q);
    if (a.length === 0)
        return null;
    const m = a.length % 2 ? a[(a.length - 1) / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    return Number.isFinite(m) ? m : null;
}
//# sourceMappingURL=critical.js.map
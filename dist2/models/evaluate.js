import { tf } from "../tf.js";
/**
 * Predicted classes of `model` for every image of `data`, in batches
 * (host subarrays, so no tf.slice copies of the whole set).
 */
export async function predict(model, data, batch = 500) {
    const out = new Int32Array(data.n);
    for (let s = 0; s < data.n; s += batch) {
        const m = Math.min(batch, data.n - s);
        const pred = tf.tidy(() => {
            const x = tf.tensor2d(data.images.subarray(s * data.dim, (s + m) * data.dim), [m, data.dim]);
            return tf.argMax(model.logits(x), 1);
        });
        out.set((await pred.data()), s);
        pred.dispose();
    }
    return out;
}
/** Fraction of `data` that `model` classifies correctly. */
export async function accuracy(model, data, batch = 500) {
    if (data.n === 0)
        throw new Error("accuracy: empty dataset");
    const pred = await predict(model, data, batch);
    let ok = 0;
    for (let i = 0; i < data.n; i++)
        if (pred[i] === data.labels[i])
            ok++;
    return ok / data.n;
}
/** Quantiles of a sample by linear interpolation (q in [0, 1]). */
export function quantiles(x, qs) {
    const s = Float64Array.from(x).sort();
    return qs.map((q) => {
        if (s.length === 0)
            return NaN;
        const pos = q * (s.length - 1);
        const lo = Math.floor(pos);
        const hi = Math.min(lo + 1, s.length - 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    });
}
//# sourceMappingURL=evaluate.js.map
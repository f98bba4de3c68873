import { Rng } from "../rng.js";
import { validateSplit } from "./validate.js";
/**
 * Seeded train/test split of `n` items. One permutation π of 0..n−1 is drawn
 * from `new Rng(seed)` (Fisher–Yates); train is its first `train` entries
 * π[0 .. train), test its last `test` entries π[n−test .. n). Because train is
 * a prefix and test a suffix of the same permutation, the two never overlap,
 * and asking for fewer items gives a subset of a larger request with the same
 * seed (e.g. `test = 500` ⊂ `test = 2000`), so reducing the training set never
 * changes which images are tested on.
 * @throws if the counts are not non-negative integers or `train + test > n`.
 */
export function shuffleSplitIndices(n, train, test, seed, what = "data") {
    for (const [k, v] of [["train", train], ["test", test]]) {
        if (!Number.isInteger(v) || v < 0)
            throw new Error(`${what}: ${k} count must be a non-negative integer, got ${v}`);
    }
    if (train + test > n) {
        throw new Error(`${what}: train + test = ${train} + ${test} = ${train + test} exceeds the ${n} images available`);
    }
    const perm = new Rng(seed).permutation(n);
    return { train: perm.slice(0, train), test: perm.slice(n - test) };
}
/** The rows of `d` at `idx`, in that order, as a new Dataset. */
export function subset(d, idx, source = d.source) {
    const dim = d.dim;
    const images = new Float32Array(idx.length * dim);
    const labels = new Uint8Array(idx.length);
    for (let r = 0; r < idx.length; r++) {
        const i = idx[r];
        if (!Number.isInteger(i) || i < 0 || i >= d.n)
            throw new Error(`${source}: subset index ${i} at ${r} is outside [0, ${d.n})`);
        images.set(d.images.subarray(i * dim, (i + 1) * dim), r * dim);
        labels[r] = d.labels[i];
    }
    return { images, labels, n: idx.length, rows: d.rows, cols: d.cols, dim, classes: d.classes, source };
}
/**
 * Splits one Dataset into train and test by {@link shuffleSplitIndices}.
 * Both halves keep `d.source`; rows appear in shuffled order.
 */
export function shuffleSplit(d, train, test, seed) {
    const idx = shuffleSplitIndices(d.n, train, test, seed, d.source);
    return validateSplit({ train: subset(d, idx.train), test: subset(d, idx.test) });
}
//# sourceMappingURL=split.js.map
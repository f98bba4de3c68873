import type { Dataset, Split } from "./types.js";
/**
 * Checks every invariant of {@link Dataset} and throws one Error naming the
 * data and the first problem found: integer positive shape, `dim = rows·cols`,
 * `images` a Float32Array of length `n·dim`, `labels` a Uint8Array of length
 * `n`, pixels finite (NaN/±Inf reported as image row and pixel column) and in
 * [0, 1], labels in [0, classes). Every loader calls it before returning, so a
 * Dataset that reaches a learner is known to be well formed.
 * @param what names the data in messages (defaults to `d.source`).
 * @returns `d`, for chaining.
 */
export declare function validateDataset(d: Dataset, what?: string): Dataset;
/**
 * Validates both halves of a split and checks they agree on image size and
 * number of classes (a model trained on one must accept the other).
 * @returns `s`, for chaining.
 */
export declare function validateSplit(s: Split): Split;
/** Fields from which {@link createDataset} builds a Dataset. */
export interface DatasetInit {
    /** [n, rows·cols] row-major, values in [0, 1]; copied into a Float32Array unless already one. */
    images: Float32Array | ArrayLike<number>;
    /** [n] class indices; copied into a Uint8Array unless already one. */
    labels: Uint8Array | ArrayLike<number>;
    rows: number;
    cols: number;
    /** Number of classes (default 10). */
    classes?: number;
    /** Where the data came from (default `user`). */
    source?: string;
}
/**
 * Builds a validated {@link Dataset} from a caller's own arrays (e.g. a
 * browser user's images). `n` is inferred from `labels.length`. Labels that
 * are not integers in [0, 255] are rejected before conversion, so nothing is
 * silently truncated.
 */
export declare function createDataset(init: DatasetInit): Dataset;

/**
 * IDX files (LeCun's MNIST format), platform-neutral: parsers take bytes, so
 * Node (fs + zlib, see `idxNode.ts`) and browsers (fetch + DecompressionStream)
 * share them. Layout: big-endian u32 magic `0x000008TD` (T = 0x08 unsigned
 * bytes, D = number of dimensions), D big-endian u32 sizes, then the values.
 */
import type { Dataset } from "./types.js";
/** Magic number of unsigned-byte image files (`idx3-ubyte`: n × rows × cols). */
export declare const IDX_IMAGES_MAGIC = 2051;
/** Magic number of unsigned-byte label files (`idx1-ubyte`: n). */
export declare const IDX_LABELS_MAGIC = 2049;
/** Images read from an idx3-ubyte file. */
export interface IdxImages {
    /** [n, rows·cols] row-major f32, byte / 255. */
    readonly images: Float32Array;
    readonly n: number;
    readonly rows: number;
    readonly cols: number;
    /** Images the file holds (≥ n when a maximum was given). */
    readonly available: number;
}
/** Labels read from an idx1-ubyte file. */
export interface IdxLabels {
    readonly labels: Uint8Array;
    readonly n: number;
    /** Labels the file holds (≥ n when a maximum was given). */
    readonly available: number;
}
/** True if `bytes` start with the gzip header 1f 8b. */
export declare function isGzip(bytes: Uint8Array): boolean;
/**
 * Parses an idx3-ubyte image file (magic 0x00000803). Pixels become f32 byte/255.
 * @param file names the file in error messages.
 * @param max read only the first `max` images (default all); more than the file holds is an error.
 * @throws on gzip bytes, wrong magic, zero-sized images, or a length that differs from the header's.
 */
export declare function parseIdxImages(bytes: Uint8Array, file: string, max?: number): IdxImages;
/**
 * Parses an idx1-ubyte label file (magic 0x00000801).
 * @param max read only the first `max` labels (default all).
 * @param classes labels must lie in [0, classes) (default 10); checked over the labels read.
 */
export declare function parseIdxLabels(bytes: Uint8Array, file: string, max?: number, classes?: number): IdxLabels;
/**
 * Pairs an image file and its label file into a validated Dataset.
 * @throws naming both files when their counts differ (compared on the full
 *   files, so a mismatch is caught even when only the first N are read).
 */
export declare function idxDataset(images: IdxImages, labels: IdxLabels, source: string, imagesFile: string, labelsFile: string, classes?: number): Dataset;
/**
 * Encodes images as an idx3-ubyte file (pixels ×255, rounded and clamped to
 * 0..255); the inverse of {@link parseIdxImages} up to that rounding.
 * @param images [n, rows·cols] row-major values in [0, 1].
 */
export declare function encodeIdxImages(images: ArrayLike<number>, n: number, rows: number, cols: number): Uint8Array;
/** Encodes labels (integers 0..255) as an idx1-ubyte file. */
export declare function encodeIdxLabels(labels: ArrayLike<number>): Uint8Array;

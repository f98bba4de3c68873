import { validateDataset } from "./validate.js";
/** Magic number of unsigned-byte image files (`idx3-ubyte`: n × rows × cols). */
export const IDX_IMAGES_MAGIC = 0x00000803;
/** Magic number of unsigned-byte label files (`idx1-ubyte`: n). */
export const IDX_LABELS_MAGIC = 0x00000801;
/** True if `bytes` start with the gzip header 1f 8b. */
export function isGzip(bytes) {
    return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}
function header(bytes, file, magic, dims) {
    if (isGzip(bytes))
        throw new Error(`${file}: gzip-compressed data; decompress it before parsing`);
    const hlen = 4 + 4 * dims;
    const short = () => new Error(`${file}: truncated: ${bytes.length} bytes, shorter than the ${hlen}-byte IDX header`);
    if (bytes.length < 4)
        throw short();
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // Magic first: a label file passed as images is shorter than an image header, and "wrong kind of file" is the useful message.
    const m = view.getUint32(0, false);
    if (m !== magic) {
        const kind = m === IDX_IMAGES_MAGIC ? " (an idx3-ubyte image file)" : m === IDX_LABELS_MAGIC ? " (an idx1-ubyte label file)" : "";
        throw new Error(`${file}: wrong magic number ${hex(m)}${kind}, expected ${hex(magic)} (${dims === 3 ? "idx3-ubyte images" : "idx1-ubyte labels"})`);
    }
    if (bytes.length < hlen)
        throw short();
    const sizes = [];
    for (let i = 0; i < dims; i++)
        sizes.push(view.getUint32(4 + 4 * i, false));
    return sizes;
}
function checkLength(bytes, file, hlen, values, shape) {
    const need = hlen + values;
    if (bytes.length < need) {
        throw new Error(`${file}: truncated: header says ${shape} (${need} bytes) but the file has ${bytes.length} bytes`);
    }
    if (bytes.length > need)
        throw new Error(`${file}: ${bytes.length - need} unexpected bytes after the ${shape} the header declares`);
}
function checkMax(max, available, file, what) {
    if (max === undefined)
        return available;
    if (!Number.isInteger(max) || max < 0)
        throw new Error(`${file}: maximum ${what} count must be a non-negative integer, got ${max}`);
    if (max > available)
        throw new Error(`${file}: ${max} ${what} requested but the file holds only ${available}`);
    return max;
}
/**
 * Parses an idx3-ubyte image file (magic 0x00000803). Pixels become f32 byte/255.
 * @param file names the file in error messages.
 * @param max read only the first `max` images (default all); more than the file holds is an error.
 * @throws on gzip bytes, wrong magic, zero-sized images, or a length that differs from the header's.
 */
export function parseIdxImages(bytes, file, max) {
    const [available, rows, cols] = header(bytes, file, IDX_IMAGES_MAGIC, 3);
    if (rows === 0 || cols === 0)
        throw new Error(`${file}: header declares ${rows}×${cols} images; each side must be at least 1`);
    const dim = rows * cols;
    checkLength(bytes, file, 16, available * dim, `${available} images of ${rows}×${cols}`);
    const n = checkMax(max, available, file, "image");
    const images = new Float32Array(n * dim);
    const src = bytes.subarray(16, 16 + n * dim);
    for (let i = 0; i < src.length; i++)
        images[i] = src[i] / 255;
    return { images, n, rows, cols, available };
}
/**
 * Parses an idx1-ubyte label file (magic 0x00000801).
 * @param max read only the first `max` labels (default all).
 * @param classes labels must lie in [0, classes) (default 10); checked over the labels read.
 */
export function parseIdxLabels(bytes, file, max, classes = 10) {
    const [available] = header(bytes, file, IDX_LABELS_MAGIC, 1);
    checkLength(bytes, file, 8, available, `${available} labels`);
    const n = checkMax(max, available, file, "label");
    const labels = bytes.slice(8, 8 + n);
    for (let i = 0; i < n; i++) {
        if (labels[i] >= classes)
            throw new Error(`${file}: label ${labels[i]} at index ${i} is outside [0, ${classes})`);
    }
    return { labels, n, available };
}
/**
 * Pairs an image file and its label file into a validated Dataset.
 * @throws naming both files when their counts differ (compared on the full
 *   files, so a mismatch is caught even when only the first N are read).
 */
export function idxDataset(images, labels, source, imagesFile, labelsFile, classes = 10) {
    if (images.available !== labels.available) {
        throw new Error(`${imagesFile} holds ${images.available} images but ${labelsFile} holds ${labels.available} labels; the counts must match`);
    }
    const d = {
        images: images.images,
        labels: labels.labels,
        n: images.n,
        rows: images.rows,
        cols: images.cols,
        dim: images.rows * images.cols,
        classes,
        source,
    };
    return validateDataset(d, `${source} (${imagesFile})`);
}
/**
 * Encodes images as an idx3-ubyte file (pixels ×255, rounded and clamped to
 * 0..255); the inverse of {@link parseIdxImages} up to that rounding.
 * @param images [n, rows·cols] row-major values in [0, 1].
 */
export function encodeIdxImages(images, n, rows, cols) {
    if (images.length !== n * rows * cols)
        throw new Error(`encodeIdxImages: ${images.length} values ≠ n·rows·cols = ${n * rows * cols}`);
    const out = new Uint8Array(16 + images.length);
    const v = new DataView(out.buffer);
    v.setUint32(0, IDX_IMAGES_MAGIC, false);
    v.setUint32(4, n, false);
    v.setUint32(8, rows, false);
    v.setUint32(12, cols, false);
    for (let i = 0; i < images.length; i++)
        out[16 + i] = Math.min(255, Math.max(0, Math.round(images[i] * 255)));
    return out;
}
/** Encodes labels (integers 0..255) as an idx1-ubyte file. */
export function encodeIdxLabels(labels) {
    const out = new Uint8Array(8 + labels.length);
    const v = new DataView(out.buffer);
    v.setUint32(0, IDX_LABELS_MAGIC, false);
    v.setUint32(4, labels.length, false);
    out.set(labels, 8);
    return out;
}
function hex(m) {
    return "0x" + m.toString(16).padStart(8, "0");
}
//# sourceMappingURL=idx.js.map
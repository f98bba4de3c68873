import { readdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { idxDataset, isGzip, parseIdxImages, parseIdxLabels } from "./idx.js";
import { validateSplit } from "./validate.js";
/** The four standard MNIST file names; each may also end in `.gz`. */
export const IDX_FILE_NAMES = {
    trainImages: "train-images-idx3-ubyte",
    trainLabels: "train-labels-idx1-ubyte",
    testImages: "t10k-images-idx3-ubyte",
    testLabels: "t10k-labels-idx1-ubyte",
};
/**
 * Reads a file's bytes, gunzipping when it starts with the gzip header 1f 8b
 * (whatever its name), with errors that name the file.
 */
export async function readMaybeGzip(file) {
    let raw;
    try {
        raw = await readFile(file);
    }
    catch (e) {
        throw new Error(`${file}: cannot read: ${e.message}`);
    }
    const bytes = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
    if (!isGzip(bytes))
        return bytes;
    try {
        const out = gunzipSync(bytes);
        return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    }
    catch (e) {
        throw new Error(`${file}: unreadable gzip data: ${e.message}`);
    }
}
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
export async function loadIdxSplit(dir, o = {}) {
    const source = `idx:${dir}`;
    let entries;
    try {
        if (!(await stat(dir)).isDirectory())
            throw new Error("not a directory");
        entries = await readdir(dir);
    }
    catch (e) {
        throw new Error(`${source}: cannot open data directory ${dir}: ${e.message}`);
    }
    const have = new Set(entries);
    const pick = (name) => (have.has(name) ? name : have.has(`${name}.gz`) ? `${name}.gz` : null);
    const names = Object.values(IDX_FILE_NAMES);
    const missing = names.filter((n) => pick(n) === null);
    if (missing.length > 0) {
        const listing = entries.length ? entries.slice(0, 20).join(", ") + (entries.length > 20 ? ", …" : "") : "(empty)";
        throw new Error(`${source}: missing ${missing.join(", ")} (optionally .gz) in ${dir}; expected the four files ${names.join(", ")}. Found: ${listing}`);
    }
    const path = (n) => join(dir, pick(n));
    const classes = o.classes ?? 10;
    const half = async (imgName, lblName, max) => {
        const [imgFile, lblFile] = [path(imgName), path(lblName)];
        const [ib, lb] = await Promise.all([readMaybeGzip(imgFile), readMaybeGzip(lblFile)]);
        const images = parseIdxImages(ib, imgFile, max);
        if (o.expect && (images.rows !== o.expect.rows || images.cols !== o.expect.cols)) {
            throw new Error(`${imgFile}: images are ${images.rows}×${images.cols}, but ${o.expect.rows}×${o.expect.cols} are required`);
        }
        return { d: idxDataset(images, parseIdxLabels(lb, lblFile, max, classes), source, imgFile, lblFile, classes), imgFile };
    };
    const train = await half(IDX_FILE_NAMES.trainImages, IDX_FILE_NAMES.trainLabels, o.train);
    const test = await half(IDX_FILE_NAMES.testImages, IDX_FILE_NAMES.testLabels, o.test);
    if (train.d.rows !== test.d.rows || train.d.cols !== test.d.cols) {
        throw new Error(`${source}: ${train.imgFile} holds ${train.d.rows}×${train.d.cols} images but ${test.imgFile} holds ${test.d.rows}×${test.d.cols}; train and test must have the same size`);
    }
    return validateSplit({ train: train.d, test: test.d });
}
/** The `idx:DIR` data source's loader (see `DATA_SOURCES`): the four IDX files in DIR, 28×28 images. */
export const loadSource = (dir, cfg) => {
    if (dir.trim() === "")
        return Promise.reject(new Error("data.source 'idx:' needs a directory, e.g. idx:./data/mnist"));
    return loadIdxSplit(resolve(dir), { train: cfg.train, test: cfg.test, expect: { rows: 28, cols: 28 } });
};
//# sourceMappingURL=idxNode.js.map
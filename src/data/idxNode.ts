import { readdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { idxDataset, isGzip, parseIdxImages, parseIdxLabels } from "./idx.js";
import type { Split } from "./types.js";
import { validateSplit } from "./validate.js";
import type { LoadSource } from "./sources.js";

/** The four standard MNIST file names; each may also end in `.gz`. */
export const IDX_FILE_NAMES = {
  trainImages: "train-images-idx3-ubyte",
  trainLabels: "train-labels-idx1-ubyte",
  testImages: "t10k-images-idx3-ubyte",
  testLabels: "t10k-labels-idx1-ubyte",
} as const;

/** Options of {@link loadIdxSplit}. */
export interface IdxSplitOptions {
  /** Read only the first `train` training images (default all); more than the file holds is an error. */
  train?: number;
  /** Read only the first `test` test images (default all). */
  test?: number;
  /** Image size the caller requires (e.g. 28×28 for the pipeline); any other size is an error. */
  expect?: { rows: number; cols: number };
  /** Labels must lie in [0, classes) (default 10). */
  classes?: number;
}

/**
 * Reads a file's bytes, gunzipping when it starts with the gzip header 1f 8b
 * (whatever its name), with errors that name the file.
 */
export async function readMaybeGzip(file: string): Promise<Uint8Array> {
  let raw: Buffer;
  try {
    raw = await readFile(file);
  } catch (e) {
    throw new Error(`${file}: cannot read: ${(e as Error).message}`);
  }
  const bytes = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  if (!isGzip(bytes)) return bytes;
  try {
    const out = gunzipSync(bytes);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (e) {
    throw new Error(`${file}: unreadable gzip data: ${(e as Error).message}`);
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
export async function loadIdxSplit(dir: string, o: IdxSplitOptions = {}): Promise<Split> {
  const source = `idx:${dir}`;
  let entries: string[];
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error("not a directory");
    entries = await readdir(dir);
  } catch (e) {
    throw new Error(`${source}: cannot open data directory ${dir}: ${(e as Error).message}`);
  }
  const have = new Set(entries);
  const pick = (name: string): string | null => (have.has(name) ? name : have.has(`${name}.gz`) ? `${name}.gz` : null);
  const names = Object.values(IDX_FILE_NAMES);
  const missing = names.filter((n) => pick(n) === null);
  if (missing.length > 0) {
    const listing = entries.length ? entries.slice(0, 20).join(", ") + (entries.length > 20 ? ", …" : "") : "(empty)";
    throw new Error(
      `${source}: missing ${missing.join(", ")} (optionally .gz) in ${dir}; expected the four files ${names.join(", ")}. Found: ${listing}`,
    );
  }
  const path = (n: string): string => join(dir, pick(n)!);
  const classes = o.classes ?? 10;
  const half = async (imgName: string, lblName: string, max: number | undefined) => {
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
    throw new Error(
      `${source}: ${train.imgFile} holds ${train.d.rows}×${train.d.cols} images but ${test.imgFile} holds ${test.d.rows}×${test.d.cols}; train and test must have the same size`,
    );
  }
  return validateSplit({ train: train.d, test: test.d });
}

/** The `idx:DIR` data source's loader (see `DATA_SOURCES`): the four IDX files in DIR, 28×28 images. */
export const loadSource: LoadSource = (dir, cfg) => {
  if (dir.trim() === "") return Promise.reject(new Error("data.source 'idx:' needs a directory, e.g. idx:./data/mnist"));
  return loadIdxSplit(resolve(dir), { train: cfg.train, test: cfg.test });
};

import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseNpyArray, type NpyArray } from "./npy.js";
import type { LoadSource } from "./sources.js";
import type { Dataset } from "./types.js";
import { validateSplit } from "./validate.js";

/** The four files of an `npy:DIR` source. */
export const NPY_FILE_NAMES = ["train_images.npy", "train_labels.npy", "test_images.npy", "test_labels.npy"] as const;

/**
 * `npy:DIR`: images (or feature vectors) and labels as NumPy arrays. Images [n, F] (features: a
 * 1 × F image), [n, H, W] or [n, H, W, C]; uint8 is scaled by 1/255, floats must already lie in
 * [0, 1]. Labels [n], integers; the number of classes is the largest label + 1.
 */
export const loadSource: LoadSource = async (dir, cfg) => {
  const root = resolve(dir);
  // Every file first, so that a message lists all that are missing, in a fixed order.
  const read = await Promise.allSettled(NPY_FILE_NAMES.map((name) => readFile(join(root, name))));
  const missing = NPY_FILE_NAMES.filter((_, i) => read[i].status === "rejected");
  if (missing.length) throw new Error(`npy:${dir}: cannot read ${missing.join(", ")}; the source needs ${NPY_FILE_NAMES.join(", ")}`);
  const [xi, yi, xt, yt] = read.map((r, i) => {
    const bytes = (r as PromiseFulfilledResult<Buffer>).value;
    return parseNpyArray(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), join(root, NPY_FILE_NAMES[i]));
  });
  const labels = (a: NpyArray, file: string) => {
    if (a.shape.length !== 1) throw new Error(`${join(root, file)}: labels must be 1-D, got shape (${a.shape.join(", ")})`);
    a.data.forEach((v, i) => {
      if (!Number.isInteger(v) || v < 0 || v > 255) throw new Error(`${join(root, file)}: label ${v} at index ${i} is not an integer in 0–255`);
    });
    return a.data;
  };
  const ly = labels(yi, NPY_FILE_NAMES[1]);
  const lt = labels(yt, NPY_FILE_NAMES[3]);
  const classes = Math.max(...ly, ...lt) + 1;
  const source = `npy:${root}`;
  const dataset = (x: NpyArray, y: Float64Array, file: string, limit?: number): Dataset => {
    const [n, ...rest] = x.shape;
    if (rest.length < 1 || rest.length > 3) throw new Error(`${join(root, file)}: images must be [n, F], [n, H, W] or [n, H, W, C], got shape (${x.shape.join(", ")})`);
    if (y.length !== n) throw new Error(`${join(root, file)}: ${n} images but ${y.length} labels`);
    const take = limit ?? n;
    if (take > n) throw new Error(`${join(root, file)}: ${take} images asked for, the file holds ${n}`);
    const [rows, cols, channels] = rest.length === 1 ? [1, rest[0], 1] : [rest[0], rest[1], rest[2] ?? 1];
    const dim = rows * cols * channels;
    const scale = x.dtype.endsWith("u1") ? 1 / 255 : 1;
    const images = Float32Array.from(x.data.subarray(0, take * dim), (v) => v * scale);
    return { images, labels: Uint8Array.from(y.subarray(0, take)), n: take, rows, cols, channels, dim, classes, source };
  };
  return validateSplit({ train: dataset(xi, ly, NPY_FILE_NAMES[0], cfg.train), test: dataset(xt, lt, NPY_FILE_NAMES[2], cfg.test) });
};

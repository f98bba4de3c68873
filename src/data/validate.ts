import { assertFiniteArray } from "../kernels/vec.js";
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
export function validateDataset(d: Dataset, what: string = d?.source ?? "dataset"): Dataset {
  if (d === null || typeof d !== "object") throw new Error(`${what}: not a dataset object`);
  for (const k of ["n", "rows", "cols", "dim", "classes"] as const) {
    const v = d[k];
    if (!Number.isInteger(v) || v < 0) throw new Error(`${what}: ${k} must be a non-negative integer, got ${String(v)}`);
  }
  if (d.rows < 1 || d.cols < 1) throw new Error(`${what}: image size ${d.rows}×${d.cols} must be at least 1×1`);
  const ch = d.channels ?? 1;
  if (!Number.isInteger(ch) || ch < 1) throw new Error(`${what}: channels must be a positive integer, got ${String(d.channels)}`);
  if (d.dim !== d.rows * d.cols * ch) throw new Error(`${what}: dim ${d.dim} ≠ rows·cols·channels = ${d.rows}·${d.cols}·${ch} = ${d.rows * d.cols * ch}`);
  if (d.classes < 1 || d.classes > 256) throw new Error(`${what}: classes must be in [1, 256] (labels are Uint8), got ${d.classes}`);
  if (!(d.images instanceof Float32Array)) throw new Error(`${what}: images must be a Float32Array, got ${typeName(d.images)}`);
  if (!(d.labels instanceof Uint8Array)) throw new Error(`${what}: labels must be a Uint8Array, got ${typeName(d.labels)}`);
  if (d.images.length !== d.n * d.dim) {
    throw new Error(`${what}: images has ${d.images.length} values, expected n·dim = ${d.n}·${d.dim} = ${d.n * d.dim}`);
  }
  if (d.labels.length !== d.n) throw new Error(`${what}: labels has ${d.labels.length} entries, expected n = ${d.n}`);

  assertFiniteArray(d.images, `${what} images`, d.dim);
  const x = d.images;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v < 0 || v > 1) {
      throw new Error(`${what} images: value ${v} at row ${Math.floor(i / d.dim)}, column ${i % d.dim} is outside [0, 1]`);
    }
  }
  const y = d.labels;
  for (let i = 0; i < y.length; i++) {
    if (y[i] >= d.classes) throw new Error(`${what} labels: label ${y[i]} at index ${i} is outside [0, ${d.classes})`);
  }
  return d;
}

/**
 * Validates both halves of a split and checks they agree on image size and
 * number of classes (a model trained on one must accept the other).
 * @returns `s`, for chaining.
 */
export function validateSplit(s: Split): Split {
  const what = s.train?.source ?? "split";
  validateDataset(s.train, `${what} train`);
  validateDataset(s.test, `${s.test?.source ?? "split"} test`);
  const a = s.train;
  const b = s.test;
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new Error(`${what}: train images are ${a.rows}×${a.cols} but test images are ${b.rows}×${b.cols}; both must have the same size`);
  }
  if (a.classes !== b.classes) throw new Error(`${what}: train has ${a.classes} classes but test has ${b.classes}`);
  return s;
}

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
export function createDataset(init: DatasetInit): Dataset {
  const source = init.source ?? "user";
  const rows = init.rows;
  const cols = init.cols;
  const classes = init.classes ?? 10;
  let labels: Uint8Array;
  if (init.labels instanceof Uint8Array) labels = init.labels;
  else {
    labels = new Uint8Array(init.labels.length);
    for (let i = 0; i < labels.length; i++) {
      const v = init.labels[i];
      if (!Number.isInteger(v) || v < 0 || v >= classes) {
        throw new Error(`${source} labels: label ${v} at index ${i} is not an integer in [0, ${classes})`);
      }
      labels[i] = v;
    }
  }
  const images = init.images instanceof Float32Array ? init.images : Float32Array.from(init.images);
  return validateDataset({ images, labels, n: labels.length, rows, cols, dim: rows * cols, classes, source });
}

function typeName(x: unknown): string {
  if (x === null) return "null";
  if (typeof x !== "object") return typeof x;
  return (x as object).constructor?.name ?? "object";
}

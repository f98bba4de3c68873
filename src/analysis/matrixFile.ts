// Matrix files for `hebblab spectrum`: a small binary format of our own, NumPy
// .npy, and CSV/TSV. Every reader returns f32 [rows, cols] row-major and fails
// with a message naming the file and the place of the problem.
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { parseNpyArray } from "../data/npy.js";
import { writeAtomic } from "../files.js";

/** A dense matrix read from a file, as f32 row-major. */
export interface MatrixData {
  data: Float32Array;
  rows: number;
  cols: number;
  format: MatrixFormat;
}

/** File formats {@link readMatrix} understands. */
export type MatrixFormat = "hbm" | "npy" | "csv";

/** Magic bytes of the hebblab binary matrix format. */
export const HBM_MAGIC = "HBMX";
/** Header bytes of the hebblab binary matrix format. */
export const HBM_HEADER = 24;

/**
 * Parses the hebblab binary matrix format (`.hbm`), all integers little-endian u32:
 *
 * | bytes | field |
 * |---|---|
 * | 0–3 | ASCII `HBMX` |
 * | 4–7 | version = 1 |
 * | 8–11 | dtype: 1 = f32, 2 = f64 |
 * | 12–15 | rows (samples) |
 * | 16–19 | cols (units) |
 * | 20–23 | reserved, 0 |
 * | 24– | rows·cols values, little-endian IEEE 754, row-major |
 *
 * f64 values are rounded to f32.
 */
export function parseHbm(bytes: Uint8Array, what = "matrix"): MatrixData {
  if (bytes.length < HBM_HEADER) throw new Error(`${what}: ${bytes.length} bytes is shorter than the ${HBM_HEADER}-byte HBM header`);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== HBM_MAGIC) throw new Error(`${what}: not an HBM file (magic ${JSON.stringify(magic)}, expected "${HBM_MAGIC}")`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint32(4, true);
  const dtype = dv.getUint32(8, true);
  const rows = dv.getUint32(12, true);
  const cols = dv.getUint32(16, true);
  if (version !== 1) throw new Error(`${what}: HBM version ${version} is not supported (expected 1)`);
  if (dtype !== 1 && dtype !== 2) throw new Error(`${what}: HBM dtype ${dtype} is not 1 (f32) or 2 (f64)`);
  const size = dtype === 1 ? 4 : 8;
  const expected = HBM_HEADER + rows * cols * size;
  if (bytes.length !== expected) throw new Error(`${what}: HBM header says ${rows}×${cols} ${dtype === 1 ? "f32" : "f64"} (${expected} bytes), file has ${bytes.length}`);
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = size === 4 ? dv.getFloat32(HBM_HEADER + 4 * i, true) : dv.getFloat64(HBM_HEADER + 8 * i, true);
  return { data, rows, cols, format: "hbm" };
}

/** Encodes an f32 [rows, cols] row-major matrix in the HBM format (see {@link parseHbm}). */
export function encodeHbm(data: ArrayLike<number>, rows: number, cols: number): Uint8Array {
  if (data.length !== rows * cols) throw new Error(`encodeHbm: ${data.length} values for ${rows}×${cols}`);
  const bytes = new Uint8Array(HBM_HEADER + 4 * rows * cols);
  const dv = new DataView(bytes.buffer);
  for (let i = 0; i < 4; i++) bytes[i] = HBM_MAGIC.charCodeAt(i);
  dv.setUint32(4, 1, true);
  dv.setUint32(8, 1, true);
  dv.setUint32(12, rows, true);
  dv.setUint32(16, cols, true);
  for (let i = 0; i < data.length; i++) dv.setFloat32(HBM_HEADER + 4 * i, data[i], true);
  return bytes;
}

/** Writes an HBM file atomically. */
export async function writeHbm(path: string, data: ArrayLike<number>, rows: number, cols: number): Promise<void> {
  await writeAtomic(path, encodeHbm(data, rows, cols));
}

/**
 * Parses a NumPy `.npy` file (format versions 1–3): a 2-D, C-order array of
 * little-endian f4 or f8 (`<f4`, `<f8`); f8 is rounded to f32.
 */
export function parseNpy(bytes: Uint8Array, what = "matrix"): MatrixData {
  const a = parseNpyArray(bytes, what);
  if (a.shape.length !== 2) throw new Error(`${what}: .npy shape (${a.shape.join(", ")}) is not 2-D (rows = samples, columns = units)`);
  if (a.dtype !== "<f4" && a.dtype !== "<f8") throw new Error(`${what}: .npy dtype ${a.dtype} is not supported (use float32 '<f4' or float64 '<f8')`);
  return { data: Float32Array.from(a.data), rows: a.shape[0], cols: a.shape[1], format: "npy" };
}

/**
 * Parses CSV/TSV text: one sample per line, one unit per field; the delimiter
 * is `,`, tab, `;` or runs of spaces (guessed from the first data line). A first
 * line that does not parse as numbers is taken as a header and skipped. Empty
 * lines are ignored. `NaN`/`Inf` parse (and are then rejected by the analysis,
 * naming row and column); any other non-number is an error with line and field.
 */
export function parseCsv(text: string, what = "matrix"): MatrixData {
  const lines = text.split(/\r?\n/);
  let delim: RegExp | null = null;
  let cols = -1;
  const values: number[] = [];
  let rows = 0;
  let first = true;
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li].trim();
    if (line === "") continue;
    if (!delim) delim = line.includes(",") ? /,/ : line.includes("\t") ? /\t/ : line.includes(";") ? /;/ : /\s+/;
    const fields = line.split(delim).map((f) => f.trim());
    const nums = fields.map(parseNumber);
    if (first) {
      first = false;
      if (nums.some((v) => v === undefined)) continue;
    }
    if (cols < 0) cols = fields.length;
    if (fields.length !== cols) throw new Error(`${what}: line ${li + 1} has ${fields.length} fields, expected ${cols}`);
    for (let k = 0; k < nums.length; k++) {
      const v = nums[k];
      if (v === undefined) throw new Error(`${what}: line ${li + 1}, field ${k + 1}: ${JSON.stringify(fields[k])} is not a number`);
      values.push(v);
    }
    rows++;
  }
  if (rows === 0) throw new Error(`${what}: no numeric rows`);
  return { data: Float32Array.from(values), rows, cols, format: "csv" };
}

function parseNumber(s: string): number | undefined {
  if (s === "") return undefined;
  const l = s.toLowerCase();
  if (l === "nan") return NaN;
  if (l === "inf" || l === "+inf" || l === "infinity") return Infinity;
  if (l === "-inf" || l === "-infinity") return -Infinity;
  const v = Number(s);
  return Number.isNaN(v) ? undefined : v;
}

/**
 * Reads a matrix file. `format` defaults to the extension: `.hbm`, `.npy`,
 * else CSV (`.csv`, `.tsv`, `.txt`, …).
 */
export async function readMatrix(path: string, format?: MatrixFormat): Promise<MatrixData> {
  const f = format ?? formatOf(path);
  const bytes = new Uint8Array(await readFile(path));
  if (f === "hbm") return parseHbm(bytes, path);
  if (f === "npy") return parseNpy(bytes, path);
  return parseCsv(new TextDecoder().decode(bytes), path);
}

/** The format implied by a file name's extension. */
export function formatOf(path: string): MatrixFormat {
  const ext = extname(path).toLowerCase();
  return ext === ".hbm" ? "hbm" : ext === ".npy" ? "npy" : "csv";
}

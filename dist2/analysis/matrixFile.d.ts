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
export declare const HBM_MAGIC = "HBMX";
/** Header bytes of the hebblab binary matrix format. */
export declare const HBM_HEADER = 24;
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
export declare function parseHbm(bytes: Uint8Array, what?: string): MatrixData;
/** Encodes an f32 [rows, cols] row-major matrix in the HBM format (see {@link parseHbm}). */
export declare function encodeHbm(data: ArrayLike<number>, rows: number, cols: number): Uint8Array;
/** Writes an HBM file atomically. */
export declare function writeHbm(path: string, data: ArrayLike<number>, rows: number, cols: number): Promise<void>;
/**
 * Parses a NumPy `.npy` file (format versions 1–3): a 2-D, C-order array of
 * little-endian f4 or f8 (`<f4`, `<f8`); f8 is rounded to f32.
 */
export declare function parseNpy(bytes: Uint8Array, what?: string): MatrixData;
/**
 * Parses CSV/TSV text: one sample per line, one unit per field; the delimiter
 * is `,`, tab, `;` or runs of spaces (guessed from the first data line). A first
 * line that does not parse as numbers is taken as a header and skipped. Empty
 * lines are ignored. `NaN`/`Inf` parse (and are then rejected by the analysis,
 * naming row and column); any other non-number is an error with line and field.
 */
export declare function parseCsv(text: string, what?: string): MatrixData;
/**
 * Reads a matrix file. `format` defaults to the extension: `.hbm`, `.npy`,
 * else CSV (`.csv`, `.tsv`, `.txt`, …).
 */
export declare function readMatrix(path: string, format?: MatrixFormat): Promise<MatrixData>;
/** The format implied by a file name's extension. */
export declare function formatOf(path: string): MatrixFormat;

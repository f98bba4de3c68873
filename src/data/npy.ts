/** An N-dimensional NumPy array read from `.npy` bytes, values widened to f64. */
export interface NpyArray {
  shape: number[];
  /** C-order values. */
  data: Float64Array;
  /** The file's dtype, e.g. `<f4`, `|u1`. */
  dtype: string;
}

/** Readers of the dtypes {@link parseNpyArray} accepts (little-endian, or one byte). */
const READERS: Record<string, [number, (dv: DataView, at: number) => number]> = {
  "<f4": [4, (dv, at) => dv.getFloat32(at, true)],
  "<f8": [8, (dv, at) => dv.getFloat64(at, true)],
  "|u1": [1, (dv, at) => dv.getUint8(at)],
  "|i1": [1, (dv, at) => dv.getInt8(at)],
  "<u2": [2, (dv, at) => dv.getUint16(at, true)],
  "<i2": [2, (dv, at) => dv.getInt16(at, true)],
  "<u4": [4, (dv, at) => dv.getUint32(at, true)],
  "<i4": [4, (dv, at) => dv.getInt32(at, true)],
  "<i8": [8, (dv, at) => Number(dv.getBigInt64(at, true))],
  "<u8": [8, (dv, at) => Number(dv.getBigUint64(at, true))],
};

/**
 * Parses a NumPy `.npy` file (format versions 1–3) of any shape, C order, in one of the dtypes
 * float32/64, (u)int8/16/32/64 (little-endian).
 * @throws naming `what`: bad magic, unreadable header, Fortran order, an unsupported dtype, a data
 *   length that does not match the shape.
 */
export function parseNpyArray(bytes: Uint8Array, what = "array"): NpyArray {
  if (bytes.length < 10 || bytes[0] !== 0x93 || String.fromCharCode(...bytes.subarray(1, 6)) !== "NUMPY") {
    throw new Error(`${what}: not a .npy file (bad magic)`);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  const headerLen = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) throw new Error(`${what}: unreadable .npy header ${JSON.stringify(header)}`);
  if (fortran === "True") throw new Error(`${what}: .npy is Fortran-ordered; save it C-ordered (np.ascontiguousarray)`);
  const shape = shapeText.split(",").map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  const reader = READERS[descr.replace(/^=/, "<")];
  if (!reader) throw new Error(`${what}: .npy dtype ${descr} is not supported (use ${Object.keys(READERS).join(", ")})`);
  const [size, read] = reader;
  const count = shape.reduce((a, b) => a * b, 1);
  const off = start + headerLen;
  if (bytes.length !== off + count * size) throw new Error(`${what}: .npy holds ${bytes.length - off} data bytes, shape (${shape.join(", ")}) of ${descr} needs ${count * size}`);
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) data[i] = read(dv, off + i * size);
  return { shape, data, dtype: descr };
}

/** Bytes of a `.npy` (version 1) holding `data` with `shape` as `<f4` or `|u1` / `<i8` labels (for tests and exports). */
export function encodeNpy(data: ArrayLike<number>, shape: readonly number[], dtype: "<f4" | "|u1" | "<i8"): Uint8Array {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(", ");
  let header = `{'descr': '${dtype}', 'fortran_order': False, 'shape': (${dims}), }`;
  const pad = 16 - ((10 + header.length + 1) % 16);
  header += " ".repeat(pad === 16 ? 0 : pad) + "\n";
  const size = dtype === "<f4" ? 4 : dtype === "|u1" ? 1 : 8;
  const out = new Uint8Array(10 + header.length + data.length * size);
  out.set([0x93, ...Array.from("NUMPY", (c) => c.charCodeAt(0)), 1, 0]);
  const dv = new DataView(out.buffer);
  dv.setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  const off = 10 + header.length;
  for (let i = 0; i < data.length; i++) {
    if (dtype === "<f4") dv.setFloat32(off + 4 * i, data[i], true);
    else if (dtype === "|u1") dv.setUint8(off + i, data[i]);
    else dv.setBigInt64(off + 8 * i, BigInt(data[i]), true);
  }
  return out;
}

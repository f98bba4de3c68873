import type { Dataset } from "./types.js";

/** Bytes of one CIFAR-10 binary record: the label, then 1024 red, 1024 green and 1024 blue bytes. */
export const CIFAR_RECORD = 1 + 3 * 32 * 32;

/**
 * Parses CIFAR-10 binary batches (the "binary version": records of a label byte and a 32×32 image
 * stored channel by channel, row-major) into a {@link Dataset} with interleaved channels (H×W×C),
 * pixels /255, keeping the first `limit` records in file order.
 * @param files name and bytes of each batch, in order.
 * @throws naming the file: a length that is not a whole number of records, a label outside 0–9,
 *   fewer records than `limit` asks for.
 */
export function parseCifarBatches(files: readonly { name: string; bytes: Uint8Array }[], source: string, limit?: number): Dataset {
  let total = 0;
  for (const f of files) {
    if (f.bytes.length === 0 || f.bytes.length % CIFAR_RECORD !== 0) {
      throw new Error(`${f.name}: ${f.bytes.length} bytes is not a whole number of ${CIFAR_RECORD}-byte CIFAR-10 records (a label byte and 3×32×32 pixels)`);
    }
    total += f.bytes.length / CIFAR_RECORD;
  }
  const n = limit ?? total;
  if (n > total) throw new Error(`${source}: ${n} images asked for, the files hold ${total}`);
  const images = new Float32Array(n * 3072);
  const labels = new Uint8Array(n);
  let k = 0;
  for (const f of files) {
    for (let r = 0; r < f.bytes.length / CIFAR_RECORD && k < n; r++, k++) {
      const o = r * CIFAR_RECORD;
      const label = f.bytes[o];
      if (label > 9) throw new Error(`${f.name}: record ${r} has label ${label}, outside 0–9`);
      labels[k] = label;
      for (let p = 0; p < 1024; p++) for (let c = 0; c < 3; c++) images[k * 3072 + p * 3 + c] = f.bytes[o + 1 + c * 1024 + p] / 255;
    }
  }
  return { images, labels, n, rows: 32, cols: 32, channels: 3, dim: 3072, classes: 10, source };
}

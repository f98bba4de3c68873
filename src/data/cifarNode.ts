import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseCifarBatches } from "./cifar.js";
import type { LoadSource } from "./sources.js";
import { validateSplit } from "./validate.js";

/**
 * `cifar10:DIR`: train from `data_batch_1.bin` … `data_batch_5.bin` (those present, in order; at
 * least the first), test from `test_batch.bin`, each the first N records. Nothing is downloaded.
 */
export const loadSource: LoadSource = async (dir, cfg) => {
  const root = resolve(dir);
  let listing: string[];
  try {
    listing = await readdir(root);
  } catch (e) {
    throw new Error(`cifar10:${dir}: cannot read the directory (${(e as Error).message})`);
  }
  const trainNames = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`).filter((f) => listing.includes(f));
  if (!trainNames.includes("data_batch_1.bin") || !listing.includes("test_batch.bin")) {
    throw new Error(`cifar10:${dir}: needs data_batch_1.bin (… data_batch_5.bin) and test_batch.bin, the CIFAR-10 binary version; found: ${listing.slice(0, 20).join(", ") || "nothing"}`);
  }
  const read = async (name: string) => ({ name: join(root, name), bytes: new Uint8Array(await readFile(join(root, name))) });
  const source = `cifar10:${root}`;
  const train = parseCifarBatches(await Promise.all(trainNames.map(read)), source, cfg.train);
  const test = parseCifarBatches([await read("test_batch.bin")], source, cfg.test);
  return validateSplit({ train, test });
};

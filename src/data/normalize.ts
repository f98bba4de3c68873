import { z } from "zod";
import type { Dataset, Split } from "./types.js";

/**
 * Dataset-level input normalization (Holzhausen et al. 2024, `holzhauk/LocalLearning` `Data.py`
 * `LpUnitCIFAR10`/`LpUnitMNIST`): every image divided by its own L^p norm over all its values,
 * ‖x‖_p = (Σ_i |x_i|^p)^(1/p), no mean subtraction. Applied once to the loaded split, so every
 * model trains on the normalized images, every analysis sees them, and the attacks perturb them:
 * ε, ‖δ‖₂ and the [0, 1] clamp then live in the normalized space (LocalLearning's attacks do the same).
 */
export const NormalizeConfig = z
  .object({
    lp: z.number().min(1).describe("The p of the unit-L^p scaling (Holzhausen et al.: 3, the KH layer's p)."),
  })
  .strict();
export type NormalizeConfig = z.infer<typeof NormalizeConfig>;

/**
 * The smallest Σ|x_i|^p divided by: an all-zero image stays zero instead of 0/0
 * (local models' forward passes use the same floor, so both paths agree).
 */
export const NORM_SUM_FLOOR = 1e-30;

/**
 * Rows of `images` [n, d] row-major f32 scaled to unit L^p norm, into a new array (f64 sums).
 * @throws on a bad p, a wrong length, or a non-finite value (named by image and index).
 */
export function unitLpRows(images: Float32Array, n: number, d: number, p: number): Float32Array {
  if (!(p >= 1) || !Number.isFinite(p)) throw new Error(`input normalization: p must be a finite number ≥ 1, got ${p}`);
  if (images.length !== n * d) throw new Error(`input normalization: expected n × d = ${n} × ${d} values, got ${images.length}`);
  const out = new Float32Array(n * d);
  const pow = powFn(p);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    let s = 0;
    for (let j = 0; j < d; j++) {
      const v = images[row + j];
      if (!Number.isFinite(v)) throw new Error(`input normalization: image ${i} has a non-finite value (${v}) at index ${j}`);
      s += pow(Math.abs(v));
    }
    const inv = 1 / Math.pow(Math.max(s, NORM_SUM_FLOOR), 1 / p);
    for (let j = 0; j < d; j++) out[row + j] = images[row + j] * inv;
  }
  return out;
}

/** |v|^p with exact products for the integer p the papers use (p = 2, 3). */
function powFn(p: number): (a: number) => number {
  if (p === 1) return (a) => a;
  if (p === 2) return (a) => a * a;
  if (p === 3) return (a) => a * a * a;
  return (a) => Math.pow(a, p);
}

/** How results and reports name the space the models and attacks work in. */
export function inputSpaceLabel(n: NormalizeConfig | null | undefined): string {
  return n ? `each image scaled to unit L${n.lp} norm (dataset-level normalization; not pixels)` : "pixels in [0, 1]";
}

/** The marker a normalized dataset's `source` carries, so that a split is never normalized twice. */
const marker = (n: NormalizeConfig) => ` [unit L${n.lp} per image]`;

/** A dataset with every image scaled to unit L^p ({@link unitLpRows}); its `source` says so. */
export function normalizeDataset(ds: Dataset, n: NormalizeConfig): Dataset {
  if (ds.source.endsWith(marker(n))) return ds;
  return { ...ds, images: unitLpRows(ds.images, ds.n, ds.dim, n.lp), source: `${ds.source}${marker(n)}` };
}

/** The split with `data.normalize` applied to both halves (unchanged when it is null). */
export function normalizeSplit(split: Split, n: NormalizeConfig | null | undefined): Split {
  return n ? { train: normalizeDataset(split.train, n), test: normalizeDataset(split.test, n) } : split;
}

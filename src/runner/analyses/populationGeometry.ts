import { z } from "zod";
import { hiddenActivations } from "../../models/activations.js";
import { manifoldAnalysis, type ManifoldPoints, type MftmaResult } from "../../analysis/mftma.js";
import { makeAttack } from "../../attacks/registry.js";
import type { Split } from "../../data/types.js";
import type { Model } from "../../models/types.js";
import type { ProgressFn } from "../../progress.js";
import { linePlotSvg } from "../../report/plot.js";
import { Rng } from "../../rng.js";
import { tf } from "../../tf.js";

/**
 * Settings of the population-geometry analysis (Dapello et al. 2021, their MFTMA settings read from
 * `chung-neuroai-lab/adversarial-manifolds`): class manifolds of P = classes × M images, exemplar
 * manifolds of P images × M perturbed copies, at every representation of a model, clean and under PGD-L∞.
 */
export const GeometryConfig = z
  .object({
    seed: z.number().int().default(1).describe("Seed of the attacks, the noise draws, the projections and the Gaussian vectors of MFTMA."),
    classPoints: z.number().int().min(2).default(50).describe("Images per class manifold (Dapello et al.: 50; P = every class)."),
    exemplars: z.number().int().min(0).default(50).describe("Exemplar manifolds: the first this many test images (Dapello et al.: 50; 0: none)."),
    copies: z.number().int().min(2).default(50).describe("Points of an exemplar manifold: noise draws (stochastic model) or PGD perturbations with different random starts (Dapello et al.: 50)."),
    eps: z.number().min(0).max(1).default(0.1).describe("L∞ budget of the PGD perturbations (pixels in [0, 1])."),
    steps: z.number().int().min(1).default(10).describe("PGD steps of the perturbations (step 2.5·ε/steps, random start)."),
    kappa: z.number().min(0).default(0).describe("MFTMA margin κ (reference: 0)."),
    nT: z.number().int().min(1).default(100).describe("MFTMA Gaussian vectors per manifold (reference: 100)."),
    nReps: z.number().int().min(1).default(10).describe("Random restarts of the center-correlation search per rank (reference: 10)."),
    maxFeatures: z.number().int().min(2).default(2000).describe("Representations wider than this are projected to it by a seeded Gaussian random projection (Dapello et al.: 2000)."),
  })
  .strict();
export type GeometryConfig = z.infer<typeof GeometryConfig>;

/** MFTMA of one condition at one representation. */
export type GeometryRow = Pick<MftmaResult, "capacity" | "radius" | "dimension" | "centerCorrelation" | "K" | "manifolds" | "features"> & {
  representation: string;
  condition: string;
  /** Width before the random projection. */
  width: number;
};

/** The analysis's results: one row per condition × representation, in order. */
export interface GeometryReport {
  format: "hebblab-geometry/1";
  config: GeometryConfig;
  representations: string[];
  rows: GeometryRow[];
  seconds: number;
}

/** The named representations of a model, input to output: pixels, its hidden layers, logits. */
export function representationNames(model: Model): string[] {
  return ["pixels", ...model.hiddenNames, "logits"];
}

/**
 * Population geometry of `model` on `test` (Dapello et al. 2021): MFTMA of
 * - class manifolds (every class, `classPoints` images each), clean and after PGD-L∞ at ε;
 * - exemplar manifolds (`exemplars` images × `copies`): PGD perturbations from different random
 *   starts, and for a stochastic model also its noise draws on the clean image;
 * at every representation ({@link representationNames}). Seeded; no thread count involved.
 */
export async function populationGeometry(model: Model, test: Split["test"], raw: Partial<GeometryConfig> = {}, onProgress?: ProgressFn): Promise<GeometryReport> {
  const cfg = GeometryConfig.parse(raw);
  const t0 = performance.now();
  const rng = new Rng(cfg.seed);
  const D = test.dim;
  const names = representationNames(model);

  // Class manifolds: the first classPoints test images of each class (a class with fewer than 2 is left out).
  const byClass: number[][] = Array.from({ length: model.classes }, () => []);
  for (let i = 0; i < test.n; i++) if (byClass[test.labels[i]].length < cfg.classPoints) byClass[test.labels[i]].push(i);
  const classes = byClass.filter((l) => l.length >= 2);
  if (classes.length < 2) throw new Error(`geometry: the test split has fewer than 2 classes with 2 images`);
  const classIdx = classes.flat();
  const classX = gather(test.images, classIdx, D);
  const classY = Int32Array.from(classIdx, (i) => test.labels[i]);
  const classAdv = perturb(model, classX, classY, cfg, rng.fork("class-pgd"));

  const conditions: { name: string; x: Float32Array; sizes: number[]; noise: Rng }[] = [
    { name: "class, clean", x: classX, sizes: classes.map((l) => l.length), noise: rng.fork("class-clean-noise") },
    { name: `class, PGD-L∞ ε=${cfg.eps}`, x: classAdv, sizes: classes.map((l) => l.length), noise: rng.fork("class-adv-noise") },
  ];
  const E = Math.min(cfg.exemplars, test.n);
  if (E >= 2) {
    // Each exemplar image repeated `copies` times; PGD from a different random start for each copy.
    const idx = Array.from({ length: E * cfg.copies }, (_, k) => Math.floor(k / cfg.copies));
    const x = gather(test.images, idx, D);
    const y = Int32Array.from(idx, (i) => test.labels[i]);
    const sizes = new Array<number>(E).fill(cfg.copies);
    if (model.stochastic) conditions.push({ name: "exemplar, noise draws", x, sizes, noise: rng.fork("exemplar-noise") });
    conditions.push({ name: `exemplar, PGD-L∞ ε=${cfg.eps}`, x: perturb(model, x, y, cfg, rng.fork("exemplar-pgd")), sizes, noise: rng.fork("exemplar-adv-noise") });
  }

  const rows: GeometryRow[] = [];
  const total = conditions.length * names.length;
  for (const c of conditions) {
    const n = c.sizes.reduce((a, b) => a + b, 0);
    for (const name of names) {
      onProgress?.({ stage: "geometry", done: rows.length, total, unit: "analyses", info: {} });
      const rep = represent(model, name, c.x, n, D, c.noise.fork(name));
      const projected = rep.width > cfg.maxFeatures ? randomProjection(rep.data, n, rep.width, cfg.maxFeatures, rng.fork(`projection-${name}`)) : rep.data;
      const F = Math.min(rep.width, cfg.maxFeatures);
      const manifolds: ManifoldPoints[] = [];
      let start = 0;
      for (const m of c.sizes) {
        manifolds.push({ m, data: projected.subarray(start * F, (start + m) * F) });
        start += m;
      }
      const r = manifoldAnalysis(manifolds, F, { kappa: cfg.kappa, nT: cfg.nT, nReps: cfg.nReps, rng: rng.fork(`mftma-${c.name}-${name}`) });
      rows.push({ representation: name, condition: c.name, width: rep.width, capacity: r.capacity, radius: r.radius, dimension: r.dimension, centerCorrelation: r.centerCorrelation, K: r.K, manifolds: r.manifolds, features: r.features });
    }
  }
  onProgress?.({ stage: "geometry", done: total, total, unit: "analyses", info: {} });
  return { format: "hebblab-geometry/1", config: cfg, representations: names, rows, seconds: (performance.now() - t0) / 1000 };
}

/** Rows `idx` of images [·, D]. */
function gather(images: Float32Array, idx: readonly number[], D: number): Float32Array {
  const out = new Float32Array(idx.length * D);
  idx.forEach((i, k) => out.set(images.subarray(i * D, (i + 1) * D), k * D));
  return out;
}

/** PGD-L∞ at ε with a random start (one per row, seeded), in batches; EOT for a stochastic model. */
function perturb(model: Model, x: Float32Array, y: Int32Array, cfg: GeometryConfig, rng: Rng): Float32Array {
  const attack = makeAttack("pgd-linf", { steps: cfg.steps, randomStart: true, restarts: 1 });
  const D = model.inputDim;
  const n = y.length;
  const out = new Float32Array(n * D);
  const batch = 250;
  for (let s = 0; s < n; s += batch) {
    const b = Math.min(batch, n - s);
    const adv = tf.tidy(() =>
      attack.attack(
        { model, rng: rng.fork(`batch-${s}`), loss: "ce", eotSamples: 8, noiseRng: rng.fork(`noise-${s}`) },
        tf.tensor2d(x.subarray(s * D, (s + b) * D), [b, D]),
        tf.tensor1d(y.subarray(s, s + b), "int32"),
        cfg.eps,
      ),
    );
    out.set(adv.dataSync() as Float32Array, s * D);
    adv.dispose();
  }
  return out;
}

/** A named representation of images [n, D]: the pixels, a hidden layer, or the logits (one noise draw per image). */
function represent(model: Model, name: string, x: Float32Array, n: number, D: number, noiseRng: Rng): { data: Float32Array; width: number } {
  return name === "pixels" ? { data: x, width: D } : hiddenActivations(model, name, x, n, D, 500, noiseRng);
}

/** x [n, d] · G [d, k] with G ~ N(0, 1/k), seeded: distances kept in expectation (Johnson–Lindenstrauss). */
function randomProjection(x: Float32Array, n: number, d: number, k: number, rng: Rng): Float32Array {
  const g = new Float32Array(d * k);
  const s = 1 / Math.sqrt(k);
  for (let i = 0; i < g.length; i++) g[i] = s * rng.normal();
  const out = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = x[i * d + j];
      if (v === 0) continue;
      const row = j * k;
      for (let c = 0; c < k; c++) out[i * k + c] += v * g[row + c];
    }
  }
  return out;
}

/** Dapello et al.'s figure: capacity, radius and dimension by representation, one curve per condition (three SVGs). */
export async function geometryPlots(rep: GeometryReport, title: string): Promise<Record<"capacity" | "radius" | "dimension", string>> {
  const conds = [...new Set(rep.rows.map((r) => r.condition))];
  const x = rep.representations.map((_, i) => i);
  const plot = (metric: "capacity" | "radius" | "dimension") =>
    linePlotSvg(
      conds.map((c) => ({ name: c, x, y: rep.representations.map((n) => rep.rows.find((r) => r.condition === c && r.representation === n)?.[metric] ?? NaN) })),
      { title: `${title}: manifold ${metric} by representation (${rep.representations.map((n, i) => `${i} ${n}`).join(", ")})`, xLabel: "representation (input → output)", yLabel: metric, width: 460, height: 280 },
    );
  return { capacity: await plot("capacity"), radius: await plot("radius"), dimension: await plot("dimension") };
}

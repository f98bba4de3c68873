import { runYielding } from "../../host.js";
import { z } from "zod";
import { hiddenActivations } from "../../models/activations.js";
import { manifoldAnalysisSteps, type ManifoldPoints, type MftmaResult } from "../../analysis/mftma.js";
import { makeAttack } from "../../attacks/registry.js";
import type { Split } from "../../data/types.js";
import type { Model } from "../../models/types.js";
import type { ProgressFn, StageCost } from "../../progress.js";
import { linePlotSvg } from "../../report/plot.js";
import { Rng } from "../../rng.js";
import { tf } from "../../tf.js";
import type { AnalysisCostContext } from "./types.js";

/**
 * The attack of one manifold type (class or exemplar): PGD-L∞ (`pgd-linf`) at its own ε, steps and step
 * size. A field left out takes the section's shared setting, so a config without `attack` runs what
 * hebblab always ran (and keeps its config hash).
 */
export const GeometryAttack = z
  .object({
    eps: z.number().min(0).max(1).optional().describe("L∞ budget of this manifold type's perturbations (pixels in [0, 1]); absent: the section's `eps` (Dapello et al.: 1/255 for class manifolds, 8/255 for exemplar manifolds)."),
    steps: z.number().int().min(1).optional().describe("PGD steps; absent: the section's `steps` (Dapello et al.: 16 for class manifolds, 1 for exemplar manifolds)."),
    relStepSize: z.number().positive().optional().describe("Step a = relStepSize·ε; absent: 2.5/steps (Madry et al.). Dapello et al. (ART's eps_step = ε/eps_step_factor): 1/4 for class manifolds, 1 for exemplar manifolds."),
    randomStart: z.boolean().default(true).describe("Start at a uniform random point of the ε-ball (ART's num_random_init = 1, as Dapello et al.); each exemplar copy draws its own start, which is what spreads an exemplar manifold (without it the copies coincide)."),
    select: z
      .enum(["best", "last"])
      .default("best")
      .describe("Returned iterate: `best` margin over the start and every step (hebblab's PGD), or the `last` one (ART's PGD with one random start, as Dapello et al.)."),
  })
  .strict();
export type GeometryAttack = z.infer<typeof GeometryAttack>;

/**
 * Settings of the population-geometry analysis (Dapello et al. 2021, their MFTMA settings read from
 * `chung-neuroai-lab/adversarial-manifolds`): class manifolds of P = classes × M images, exemplar
 * manifolds of P images × M perturbed copies, at every representation of a model, clean and under PGD-L∞.
 * `attack` and `seeds` are optional (absent: today's one attack for both types and one MFTMA seed), so
 * configs that leave them out keep their config hash.
 */
export const GeometryConfig = z
  .object({
    seed: z.number().int().default(1).describe("Seed of the attacks, the noise draws, the projections and the Gaussian vectors of MFTMA."),
    classPoints: z.number().int().min(2).default(50).describe("Images per class manifold (Dapello et al.: 50; P = every class)."),
    exemplars: z.number().int().min(0).default(50).describe("Exemplar manifolds: the first this many test images (Dapello et al.: 50; 0: none)."),
    copies: z.number().int().min(2).default(50).describe("Points of an exemplar manifold: noise draws (stochastic model) or PGD perturbations with different random starts (Dapello et al.: 50)."),
    eps: z.number().min(0).max(1).default(0.1).describe("L∞ budget of the PGD perturbations of both manifold types, unless `attack.class` or `attack.exemplar` sets its own (pixels in [0, 1])."),
    steps: z.number().int().min(1).default(10).describe("PGD steps of both manifold types, unless `attack.class` or `attack.exemplar` sets its own (step 2.5·ε/steps, random start)."),
    attack: z
      .object({
        class: GeometryAttack.optional().describe("The attack of the class manifolds; absent: `eps` and `steps`, step 2.5·ε/steps, random start, best iterate."),
        exemplar: GeometryAttack.optional().describe("The attack of the exemplar manifolds (every copy from its own random start); absent: `eps` and `steps`, step 2.5·ε/steps, random start, best iterate."),
      })
      .strict()
      .optional()
      .describe(
        "Per-manifold-type attacks (Dapello et al. 2021 attack class manifolds with PGD ε = 1/255, 16 steps of ε/4, and exemplar manifolds with one step of size ε = 8/255, both from a random start); absent: both types use `eps` and `steps`.",
      ),
    seeds: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe(
        "MFTMA repetitions, each with its own random projection and Gaussian vectors; absent: 1 (Dapello et al.: 5). The attacks and representations are computed once; rows give the means and, above 1, each seed's values and their SD. Seed 0 is the stream a single run uses, the others forks of `seed`.",
      ),
    kappa: z.number().min(0).default(0).describe("MFTMA margin κ (reference: 0)."),
    nT: z.number().int().min(1).default(100).describe("MFTMA Gaussian vectors per manifold (reference: 100)."),
    nReps: z.number().int().min(1).default(10).describe("Random restarts of the center-correlation search per rank (reference: 10)."),
    maxFeatures: z.number().int().min(2).default(2000).describe("Representations wider than this are projected to it by a seeded Gaussian random projection (Dapello et al.: 2000)."),
  })
  .strict();
export type GeometryConfig = z.infer<typeof GeometryConfig>;
/** Settings as written (defaults may be left out). */
export type GeometryInput = z.input<typeof GeometryConfig>;

/** The measures MFTMA repeats per seed. */
export type SeedMeasure = "capacity" | "radius" | "dimension" | "centerCorrelation";

/**
 * MFTMA of one condition at one representation. With `seeds` > 1 the measures (and K) are the means
 * over the seeds, `perSeed` holds each seed's values (seed 0 first) and `sd` their SD (n in the
 * denominator, as Dapello et al.'s seaborn error bars, `ci="sd"`).
 */
export type GeometryRow = Pick<MftmaResult, SeedMeasure | "K" | "manifolds" | "features"> & {
  representation: string;
  condition: string;
  /** Width before the random projection. */
  width: number;
  perSeed?: Record<SeedMeasure | "K", number[]>;
  sd?: Record<SeedMeasure, number>;
};

/** The attack of one manifold type with every setting resolved. */
export interface GeometryAttackSettings {
  eps: number;
  steps: number;
  /** Step a = relStepSize·ε. */
  relStepSize: number;
  randomStart: boolean;
  select: "best" | "last";
}

/** The analysis's results: one row per condition × representation, in order. */
export interface GeometryReport {
  format: "hebblab-geometry/1";
  config: GeometryConfig;
  /** The attacks that made the attacked conditions, resolved (`attack` over `eps`/`steps`). */
  attacks: { class: GeometryAttackSettings; exemplar: GeometryAttackSettings };
  /** MFTMA repetitions behind every row. */
  seeds: number;
  representations: string[];
  rows: GeometryRow[];
  seconds: number;
}

/** The named representations of a model, input to output: pixels, its hidden layers, logits. */
export function representationNames(model: Model): string[] {
  return ["pixels", ...model.hiddenNames, "logits"];
}

/** The attack of each manifold type: its own `attack.class`/`attack.exemplar` settings over the section's `eps` and `steps`. */
export function geometryAttacks(cfg: GeometryConfig): { class: GeometryAttackSettings; exemplar: GeometryAttackSettings } {
  const resolve = (a: GeometryAttack | undefined): GeometryAttackSettings => {
    const steps = a?.steps ?? cfg.steps;
    return { eps: a?.eps ?? cfg.eps, steps, relStepSize: a?.relStepSize ?? 2.5 / steps, randomStart: a?.randomStart ?? true, select: a?.select ?? "best" };
  };
  return { class: resolve(cfg.attack?.class), exemplar: resolve(cfg.attack?.exemplar) };
}

/**
 * MFTMA of P manifolds, in passes (cost model only; one pass ≈ 0.45 ms of one core, docs/scaling.md):
 * its center-subspace search (fun_FA: ranks × nReps restarts of a conjugate gradient on P×P
 * correlations) dominates and grows as ~P^1.8 — 2.0, 7.5, 12.9 and 34.8 s for synthetic P = 10, 20,
 * 30 and 50 manifolds of 50 points; dapello-2021's MLP job (two jobs sharing the 2-core VM) spent
 * 264 s on 6 class (P = 10) and 3 exemplar (P = 50) analyses, ≈ 4 s and ≈ 75 s each. Independent of the
 * feature count once projected onto the points.
 */
export function mftmaPasses(P: number, nReps = 10): number {
  return 9_000 * (P / 10) ** 1.8 * (nReps / 10);
}

/**
 * The geometry stage's cost for a study's ETA: the stimuli's PGD (× 8 EOT samples on a stochastic
 * model, scaled by the model's size) and one MFTMA per condition × representation × seed, as
 * {@link populationGeometry} runs them (units in that order; the stimuli count with the first).
 * Assumes 10 classes, as the attacks' cost model does.
 */
export function geometryCost(raw: GeometryInput, job: AnalysisCostContext): StageCost[] {
  const cfg = parseGeometryConfig(raw);
  const a = geometryAttacks(cfg);
  const k = job.stochastic ? 8 : 1;
  const classes = 10;
  const classImages = classes * Math.min(cfg.classPoints, Math.floor(job.testImages / classes));
  const E = Math.min(cfg.exemplars, job.testImages);
  const exemplarImages = E >= 2 ? E * cfg.copies : 0;
  const stimuli = (classImages * (a.class.steps + 1) + exemplarImages * (a.exemplar.steps + 1)) * k * job.modelSize;
  const manifolds = [classes, classes, ...(E >= 2 ? (job.stochastic ? [E, E] : [E]) : [])];
  const units = manifolds.flatMap((P) => Array<number>(job.representations * (cfg.seeds ?? 1)).fill(mftmaPasses(P, cfg.nReps)));
  units[0] += stimuli;
  return [{ stage: "geometry", passes: units.reduce((x, y) => x + y, 0), units }];
}

/** Validates raw geometry settings; the error names each bad field (`attack.class.eps: …`). */
export function parseGeometryConfig(raw: unknown): GeometryConfig {
  const r = GeometryConfig.safeParse(raw ?? {});
  if (!r.success) throw new Error(`invalid geometry settings:\n${r.error.issues.map((i) => `  ${i.path.join(".") || "(settings)"}: ${i.message}`).join("\n")}`);
  return r.data;
}

/**
 * Population geometry of `model` on `test` (Dapello et al. 2021): MFTMA of
 * - class manifolds (every class, `classPoints` images each), clean and after PGD-L∞ (the class attack);
 * - exemplar manifolds (`exemplars` images × `copies`): perturbations by the exemplar attack from
 *   different random starts, and for a stochastic model also its noise draws on the clean image;
 * at every representation ({@link representationNames}), `seeds` times with different projections and
 * Gaussian vectors. Seeded; no thread count involved.
 */
export async function populationGeometry(model: Model, test: Split["test"], raw: GeometryInput = {}, onProgress?: ProgressFn): Promise<GeometryReport> {
  const cfg = parseGeometryConfig(raw);
  const attacks = geometryAttacks(cfg);
  const seeds = cfg.seeds ?? 1;
  const t0 = performance.now();
  const rng = new Rng(cfg.seed);
  const D = test.dim;
  const names = representationNames(model);
  const conditions = geometryStimuli(model, test, cfg);

  // Seed 0 is the stream a single-seed run has always used; seed k > 0 a fork of it (Dapello et al.
  // reseed numpy with k for both the projection and MFTMA).
  const seedRngs = Array.from({ length: seeds }, (_, k) => (k === 0 ? rng : rng.fork(`mftma-seed-${k}`)));
  const rows: GeometryRow[] = [];
  const total = conditions.length * names.length * seeds;
  let done = 0;
  for (const c of conditions) {
    const n = c.sizes.reduce((a, b) => a + b, 0);
    for (const name of names) {
      const rep = represent(model, name, c.x, n, D, c.noise.fork(name));
      const F = Math.min(rep.width, cfg.maxFeatures);
      const runs: MftmaResult[] = [];
      for (const srng of seedRngs) {
        onProgress?.({ stage: "geometry", done: done++, total, unit: "analyses", info: {} });
        const projected = rep.width > cfg.maxFeatures ? randomProjection(rep.data, n, rep.width, cfg.maxFeatures, srng.fork(`projection-${name}`)) : rep.data;
        const manifolds: ManifoldPoints[] = [];
        let start = 0;
        for (const m of c.sizes) {
          manifolds.push({ m, data: projected.subarray(start * F, (start + m) * F) });
          start += m;
        }
        // One analysis runs for minutes (50 exemplar manifolds): it pauses between its restarts so that a
        // SIGTERM (Slurm's time limit) is handled within a second, not after it (KillWait is 30 s by default).
        runs.push(await runYielding(manifoldAnalysisSteps(manifolds, F, { kappa: cfg.kappa, nT: cfg.nT, nReps: cfg.nReps, rng: srng.fork(`mftma-${c.name}-${name}`) })));
      }
      rows.push(geometryRow(name, c.name, rep.width, runs));
    }
  }
  onProgress?.({ stage: "geometry", done: total, total, unit: "analyses", info: {} });
  return { format: "hebblab-geometry/1", config: cfg, attacks, seeds, representations: names, rows, seconds: (performance.now() - t0) / 1000 };
}

/** One condition of the analysis: its stimuli [n, D] (manifolds in order, `sizes` points each) and its noise stream. */
export interface GeometryCondition {
  name: string;
  x: Float32Array;
  sizes: number[];
  /** Source of a stochastic model's draws when the representations of `x` are computed. */
  noise: Rng;
}

/**
 * The stimuli of every condition, in order: class manifolds clean and under the class attack, then for
 * a stochastic model the exemplar noise draws, then the exemplars under the exemplar attack (each copy
 * from its own random start). Seeded by `seed` only.
 */
export function geometryStimuli(model: Model, test: Split["test"], raw: GeometryInput = {}): GeometryCondition[] {
  const cfg = parseGeometryConfig(raw);
  const attacks = geometryAttacks(cfg);
  const rng = new Rng(cfg.seed);
  const D = test.dim;

  // Class manifolds: the first classPoints test images of each class (a class with fewer than 2 is left out).
  const byClass: number[][] = Array.from({ length: model.classes }, () => []);
  for (let i = 0; i < test.n; i++) if (byClass[test.labels[i]].length < cfg.classPoints) byClass[test.labels[i]].push(i);
  const classes = byClass.filter((l) => l.length >= 2);
  if (classes.length < 2) throw new Error(`geometry: the test split has fewer than 2 classes with 2 images`);
  const classIdx = classes.flat();
  const classX = gather(test.images, classIdx, D);
  const classY = Int32Array.from(classIdx, (i) => test.labels[i]);
  const classAdv = perturb(model, classX, classY, attacks.class, rng.fork("class-pgd"));

  const conditions: GeometryCondition[] = [
    { name: "class, clean", x: classX, sizes: classes.map((l) => l.length), noise: rng.fork("class-clean-noise") },
    { name: `class, PGD-L∞ ε=${epsLabel(attacks.class.eps)}`, x: classAdv, sizes: classes.map((l) => l.length), noise: rng.fork("class-adv-noise") },
  ];
  const E = Math.min(cfg.exemplars, test.n);
  if (E >= 2) {
    // Each exemplar image repeated `copies` times; PGD from a different random start for each copy.
    const idx = Array.from({ length: E * cfg.copies }, (_, k) => Math.floor(k / cfg.copies));
    const x = gather(test.images, idx, D);
    const y = Int32Array.from(idx, (i) => test.labels[i]);
    const sizes = new Array<number>(E).fill(cfg.copies);
    if (model.stochastic) conditions.push({ name: "exemplar, noise draws", x, sizes, noise: rng.fork("exemplar-noise") });
    conditions.push({ name: `exemplar, PGD-L∞ ε=${epsLabel(attacks.exemplar.eps)}`, x: perturb(model, x, y, attacks.exemplar, rng.fork("exemplar-pgd")), sizes, noise: rng.fork("exemplar-adv-noise") });
  }

  return conditions;
}

/** One row from the MFTMA runs of every seed: one run as it is; several as means, per-seed values and SDs. */
function geometryRow(representation: string, condition: string, width: number, runs: MftmaResult[]): GeometryRow {
  const r = runs[0];
  // Key order as single-seed rows always had it, so their JSON is unchanged.
  const row = (m: Pick<GeometryRow, SeedMeasure | "K">): GeometryRow => ({ representation, condition, width, ...m, manifolds: r.manifolds, features: r.features });
  if (runs.length === 1) return row({ capacity: r.capacity, radius: r.radius, dimension: r.dimension, centerCorrelation: r.centerCorrelation, K: r.K });
  const keys = ["capacity", "radius", "dimension", "centerCorrelation"] as const;
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const sd = (v: number[]) => Math.sqrt(mean(v.map((x) => (x - mean(v)) ** 2)));
  const perSeed = Object.fromEntries([...keys, "K" as const].map((k) => [k, runs.map((x) => x[k])])) as Record<SeedMeasure | "K", number[]>;
  return {
    ...row({ capacity: mean(perSeed.capacity), radius: mean(perSeed.radius), dimension: mean(perSeed.dimension), centerCorrelation: mean(perSeed.centerCorrelation), K: mean(perSeed.K) }),
    perSeed,
    sd: Object.fromEntries(keys.map((k) => [k, sd(perSeed[k])])) as Record<SeedMeasure, number>,
  };
}

/** ε in a condition's name: at most 4 significant digits (0.1 stays `0.1`, 1/255 reads `0.003922`). */
function epsLabel(eps: number): string {
  return String(Number(eps.toPrecision(4)));
}

/** Rows `idx` of images [·, D]. */
function gather(images: Float32Array, idx: readonly number[], D: number): Float32Array {
  const out = new Float32Array(idx.length * D);
  idx.forEach((i, k) => out.set(images.subarray(i * D, (i + 1) * D), k * D));
  return out;
}

/** PGD-L∞ with one manifold type's settings (random starts seeded per row), in batches; EOT for a stochastic model. */
function perturb(model: Model, x: Float32Array, y: Int32Array, a: GeometryAttackSettings, rng: Rng): Float32Array {
  const attack = makeAttack("pgd-linf", { steps: a.steps, relStepSize: a.relStepSize, randomStart: a.randomStart, select: a.select, restarts: 1 });
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
        a.eps,
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

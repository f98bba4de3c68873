import { tf } from "../tf.js";
import type { Model } from "../models/types.js";
import { Rng } from "../rng.js";
import type { AttackContext } from "./base.js";
import type { AttackEvalConfig } from "./config.js";
import { criticalPerturbation } from "./critical.js";
import { correctness, lossGradient, samplesFor } from "./eot.js";
import { attackEntry, makeAttack, type AttackName } from "./registry.js";
import { SUITES, type SuiteName } from "./suites.js";

/**
 * One batch of an evaluation's work, as plain data (it crosses to worker threads):
 * - `clean`: correctness and input-gradient health of images [s, e);
 * - `attack`: the attack at ε on images [s, e), scored by correctness (`label` = the batch's Rng label);
 * - `suite`: a suite's parts at ε in order on images [s, e), each on the images still correct, starting
 *   from the clean job's correctness of those images (`clean`);
 * - `critical`: the critical perturbation of the images `idx` (batch `s` of the initially correct ones).
 */
export type BatchJob =
  | { kind: "clean"; s: number; e: number }
  | { kind: "attack"; attack: AttackName; eps: number; s: number; e: number }
  | { kind: "suite"; suite: SuiteName; eps: number; s: number; e: number; clean: number[] }
  | { kind: "critical"; attack: AttackName; main: boolean; s: number; idx: number[]; max: number; grid: number[] };

/** What a suite's part did to one batch. */
export interface PartResult {
  /** Per image, the worst correctness over the clean image and this part and every earlier one. */
  correct: Float32Array;
  /** Images this part attacked (those still correct). */
  attacked: number;
  seconds: number;
}

/** What a {@link BatchJob} returns: per-image numbers, merged by the caller in batch order. */
export type JobResult =
  | { kind: "clean"; correct: Float32Array; zeroGrad: number; nonFinite: number; seconds: number }
  | { kind: "attack"; correct: Float32Array; seconds: number }
  | { kind: "suite"; correct: Float32Array; parts: PartResult[]; brokenBy: Int8Array; seconds: number }
  | { kind: "critical"; eps: Float64Array; l2: Float64Array; seconds: number };

/** What every thread holds to run jobs: its own model, the resolved config, and the images (first n, [n, dim] f32). */
export interface JobEnv {
  model: Model;
  cfg: AttackEvalConfig;
  images: Float32Array;
  labels: Int32Array;
  dim: number;
}

/**
 * The context of the batch with this label: the attack's own stream and, for stochastic models, the
 * noise stream of its forward passes, both forked from `cfg.seed` by the label alone, so a batch's
 * result does not depend on which thread runs it or what ran before.
 */
export function contextFor(env: JobEnv, label: string): AttackContext {
  const root = new Rng(env.cfg.seed);
  return { model: env.model, rng: root.fork(label), noiseRng: root.fork(`${label}|noise`), loss: env.cfg.loss, eotSamples: env.cfg.eotSamples };
}

/** The Rng label of a job (attacks keep the labels `name|ε|s` of earlier versions, so their numbers do not change). */
export function jobLabel(job: BatchJob): string {
  if (job.kind === "clean") return `clean|${job.s}`;
  if (job.kind === "attack") return `${job.attack}|${job.eps}|${job.s}`;
  if (job.kind === "suite") return `${job.suite}|${job.eps}|${job.s}`;
  // The main critical attack keeps its old label (its numbers do not change); `critical.also` ones are named.
  return job.main ? `critical|${job.s}` : `critical:${job.attack}|${job.s}`;
}

/** A job in words, for progress and error messages. */
export function describeJob(job: BatchJob): string {
  if (job.kind === "clean") return `clean images ${job.s}–${job.e}`;
  if (job.kind === "attack") return `${job.attack} ε=${job.eps} images ${job.s}–${job.e}`;
  if (job.kind === "suite") return `${job.suite} ε=${job.eps} images ${job.s}–${job.e}`;
  return `critical perturbations (${job.attack}) of correct images ${job.s}–${job.s + job.idx.length}`;
}

/**
 * Rough cost of a job in forward+backward passes over one image, to hand out the largest first.
 * Only the order matters (results never depend on it).
 */
export function jobCost(job: BatchJob, cfg: AttackEvalConfig, model: Model): number {
  const k = samplesFor(model, cfg);
  const perImage = (name: AttackName) => k * attackEntry(name).cost(cfg[name], model.classes);
  if (job.kind === "clean") return (job.e - job.s) * 2 * k;
  if (job.kind === "attack") return (job.e - job.s) * perImage(job.attack);
  if (job.kind === "suite") return (job.e - job.s) * suiteParts(cfg, job.suite).reduce((a, p) => a + perImage(p.attack as AttackName), 0);
  const probes = cfg.critical.method === "bisection" ? 2 + cfg.critical.iters : 1 + job.grid.length;
  return job.idx.length * probes * perImage(job.attack);
}

/** Runs one job on this thread's tfjs. Disposes every tensor it makes. */
export async function runJob(env: JobEnv, job: BatchJob): Promise<JobResult> {
  const t0 = performance.now();
  const { cfg, dim } = env;
  const ctx = contextFor(env, jobLabel(job));
  const seconds = () => (performance.now() - t0) / 1000;
  if (job.kind === "critical") {
    const xs = new Float32Array(job.idx.length * dim);
    job.idx.forEach((j, k) => xs.set(env.images.subarray(j * dim, (j + 1) * dim), k * dim));
    const x = tf.tensor2d(xs, [job.idx.length, dim]);
    const y = tf.tensor1d(Int32Array.from(job.idx, (j) => env.labels[j]), "int32");
    try {
      const attack = makeAttack(job.attack, cfg[job.attack]);
      const r = criticalPerturbation(attack, ctx, x, y, { method: cfg.critical.method, max: job.max, iters: cfg.critical.iters, grid: job.grid });
      return { kind: "critical", eps: r.eps, l2: r.l2, seconds: seconds() };
    } finally {
      tf.dispose([x, y]);
    }
  }
  const x = tf.tensor2d(env.images.subarray(job.s * dim, job.e * dim), [job.e - job.s, dim]);
  const y = tf.tensor1d(env.labels.subarray(job.s, job.e), "int32");
  try {
    if (job.kind === "suite") return await runSuite(env, job, x, y, t0);
    if (job.kind === "clean") {
      const c = correctness(env.model, x, y, ctx);
      const correct = (await c.data()) as Float32Array;
      c.dispose();
      const [z, nf] = tf.tidy(() => {
        const g = lossGradient(env.model, x, y, ctx);
        const absMax = tf.max(tf.abs(g), 1);
        return [tf.sum(tf.equal(absMax, 0).toFloat()), tf.sum(tf.logicalNot(tf.isFinite(absMax)).toFloat())];
      });
      const zeroGrad = (await z.data())[0];
      const nonFinite = (await nf.data())[0];
      tf.dispose([z, nf]);
      return { kind: "clean", correct, zeroGrad, nonFinite, seconds: seconds() };
    }
    const xa = makeAttack(job.attack, cfg[job.attack]).attack(ctx, x, y, job.eps);
    const c = correctness(env.model, xa, y, ctx);
    const correct = (await c.data()) as Float32Array;
    tf.dispose([xa, c]);
    return { kind: "attack", correct, seconds: seconds() };
  } finally {
    tf.dispose([x, y]);
  }
}

/** A suite's parts with the options of the evaluation (each part's own section). */
export function suiteParts(cfg: AttackEvalConfig, suite: SuiteName) {
  const entry = SUITES[suite];
  return (entry.parts as (o: unknown) => { attack: string; eotSamples?: number }[])(cfg[suite]);
}

/**
 * A suite on one batch (AutoAttack's cascade): each part attacks only the images that the clean
 * pass and every earlier part left correct (correctness ≥ ½: on a stochastic model, correct on
 * average over the evaluation's EOT samples), and each image keeps its worst correctness. Every part
 * draws from its own streams forked from the job's label and its name, so adding a part does not
 * change the others' numbers.
 */
async function runSuite(env: JobEnv, job: Extract<BatchJob, { kind: "suite" }>, x: tf.Tensor2D, y: tf.Tensor1D, t0: number): Promise<JobResult> {
  const label = jobLabel(job);
  const worst = Float32Array.from(job.clean);
  const brokenBy = Int8Array.from(worst, (c) => (c < 0.5 ? -2 : -1));
  const parts: PartResult[] = [];
  for (const [k, part] of suiteParts(env.cfg, job.suite).entries()) {
    const tp = performance.now();
    const idx = Array.from(brokenBy.keys()).filter((i) => brokenBy[i] === -1);
    if (idx.length > 0) {
      const ctx: AttackContext = { ...contextFor(env, `${label}|${part.attack}`), eotSamples: part.eotSamples ?? env.cfg.eotSamples };
      const [xi, yi] = tf.tidy(() => [tf.gather(x, idx), tf.gather(y, idx)] as [tf.Tensor2D, tf.Tensor1D]);
      const xa = makeAttack(part.attack, env.cfg[part.attack as AttackName]).attack(ctx, xi, yi, job.eps);
      const c = correctness(env.model, xa, yi, contextFor(env, `${label}|${part.attack}|score`));
      const cd = await c.data();
      tf.dispose([xi, yi, xa, c]);
      idx.forEach((i, j) => {
        if (cd[j] < worst[i]) worst[i] = cd[j];
        if (cd[j] < 0.5) brokenBy[i] = k;
      });
    }
    parts.push({ correct: Float32Array.from(worst), attacked: idx.length, seconds: (performance.now() - tp) / 1000 });
  }
  return { kind: "suite", correct: worst, parts, brokenBy, seconds: (performance.now() - t0) / 1000 };
}

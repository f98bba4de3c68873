import { tf } from "../tf.js";
import type { Model } from "../models/types.js";
import { noProgress, type ProgressEvent, type ProgressFn } from "../progress.js";
import type { Norm } from "./base.js";
import { parseAttackConfig, epsFor, type AttackEvalConfig, type AttackEvalInput } from "./config.js";
import { medianFlip } from "./critical.js";
import { samplesFor } from "./eot.js";
import { jobCost, type BatchJob, type JobEnv } from "./jobs.js";
import { createJobRunner, type JobRunner, type WorkerInit } from "./parallel.js";
import { ATTACKS, makeAttack, type AttackName } from "./registry.js";
import { sanityChecks, type SanityReport } from "./sanity.js";

/** Labelled images to attack: `images` [n, dim] row-major f32 in [0, 1], `labels` [n] (a `Dataset` fits). */
export interface AttackData {
  images: Float32Array;
  labels: ArrayLike<number>;
  n: number;
  dim: number;
  source?: string;
}

/** One cell of the robust-accuracy table. */
export interface AttackResult {
  attack: string;
  norm: Norm;
  eps: number;
  /** Mean (expected, on stochastic models) correctness over all evaluated images. */
  accuracy: number;
  /** Same over the initially correct images only. */
  relativeAccuracy: number;
  images: number;
  /** The attack's settings (steps, relStepSize, restarts, randomStart…) and the absolute step size a. */
  settings: Record<string, number | string | boolean>;
  /** Thread-seconds of its batches (on several threads, more than the wall time). */
  seconds: number;
}

/** Critical perturbations over the first `images` initially correct images. */
export interface CriticalSummary {
  attack: string;
  norm: Norm;
  method: "bisection" | "grid";
  /** Search range/grid used. */
  max?: number;
  iters?: number;
  grid?: number[];
  images: number;
  /** Images flipped within the search range. */
  flipped: number;
  /** Median smallest flipping ε (unflipped count as +∞; null when more than half are unflipped). */
  medianEps: number | null;
  /** Median L2 norm of the flipping perturbations (same convention). */
  medianL2: number | null;
  /** Per image (null = not flipped within range). */
  eps: (number | null)[];
  l2: (number | null)[];
  /** Thread-seconds of its batches (on several threads, more than the wall time). */
  seconds: number;
}

/** Everything an attack evaluation produces, written as the results JSON. */
export interface AttackReport {
  format: "hebblab-attack/1";
  /** Resolved config: enough, with the model and data, to reproduce every figure. */
  config: AttackEvalConfig;
  model: { kind: string; inputDim: number; classes: number; stochastic: boolean };
  data: { source: string; images: number; selection: string };
  /** EOT samples actually drawn (1 for deterministic models). */
  eotSamples: number;
  cleanAccuracy: number;
  initiallyCorrect: number;
  results: AttackResult[];
  critical: CriticalSummary | null;
  /** The same search under each attack of `critical.also` (e.g. noise), in that order. */
  criticalAlso: CriticalSummary[];
  sanity: SanityReport;
  backend: string;
  /** Threads the batches ran on, the caller's included (`EvaluateOptions.threads`); the numbers do not depend on it. */
  threads: number;
  /** Wall time of the whole evaluation. */
  seconds: number;
}

/** Options of {@link evaluateRobustness}: how to compute, never what (the report's numbers do not depend on them). */
export interface EvaluateOptions {
  onProgress?: ProgressFn;
  /**
   * Threads, the caller's included (integer ≥ 1; default 1): threads − 1 `worker_threads` each run
   * batches on their own tfjs and model copy (rebuilt from `model.serialize()`, so the model's kind
   * must be in the registry). Node only; elsewhere the evaluation runs on the caller.
   */
  threads?: number;
}

/**
 * Robustness evaluation of any {@link Model} (REFERENCES §5): clean accuracy, a robust-accuracy table
 * attack × ε (plain and relative to the initially correct images), critical perturbations, and the
 * sanity checks of Carlini et al. 2019, which are always run and reported. Stochastic models are
 * attacked with EOT gradients and scored by expected accuracy over their noise.
 *
 * Images are the first `config.images` of `data`, in batches of `config.batch` built from host memory
 * (no tfjs slicing of a large tensor). Each batch job (clean, attack × ε × batch, critical batch) draws
 * from its own `Rng` and noise stream forked from `config.seed` by the job's label, so results do not
 * depend on which attacks run, nor on the thread count: jobs are spread over `opts.threads` threads and
 * merged here in batch order, so every sum is added in the same order. Needs tfjs initialised (`initTf`).
 */
export async function evaluateRobustness(model: Model, data: AttackData, input: AttackEvalInput | AttackEvalConfig = {}, opts: EvaluateOptions = {}): Promise<AttackReport> {
  const cfg = parseAttackConfig(input);
  const progress = opts.onProgress ?? noProgress;
  const threads = opts.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`attack: threads must be an integer ≥ 1 (got ${threads})`);
  const t0 = performance.now();
  if (data.dim !== model.inputDim) throw new Error(`attack: data has ${data.dim} pixels per image, model expects ${model.inputDim}`);
  const n = Math.min(cfg.images, data.n);
  if (n < 1) throw new Error("attack: no images to evaluate");
  const env: JobEnv = {
    model,
    cfg,
    images: data.images.subarray(0, n * data.dim),
    labels: Int32Array.from({ length: n }, (_, i) => data.labels[i]),
    dim: data.dim,
  };
  const batches: [number, number][] = [];
  for (let s = 0; s < n; s += cfg.batch) batches.push([s, Math.min(n, s + cfg.batch)]);
  const workerInit = async (): Promise<WorkerInit> => ({ artifacts: await model.serialize(), cfg, images: env.images, labels: env.labels, dim: data.dim });
  const runner = await createJobRunner(env, threads, workerInit);
  try {
    return await evaluateWith(runner, env, batches, data.source ?? "unknown", progress, t0);
  } finally {
    await runner.close();
  }
}

async function evaluateWith(runner: JobRunner, env: JobEnv, batches: [number, number][], source: string, progress: ProgressFn, t0: number): Promise<AttackReport> {
  const { model, cfg } = env;
  const n = env.labels.length;
  const cost = (jobs: BatchJob[]) => jobs.map((j, i) => [jobCost(j, cfg, model), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]).map(([, i]) => i);

  // Phase 1: clean correctness and input-gradient health at the clean point.
  const cleanJobs: BatchJob[] = batches.map(([s, e]) => ({ kind: "clean", s, e }));
  const cleanOut = await runner.run(cleanJobs, (i) => progress({ stage: "attack:clean", done: batches[i][1], total: n, unit: "images" }));
  const clean = new Float32Array(n);
  let zeroGrad = 0;
  let nonFinite = 0;
  for (const [i, r] of cleanOut.entries()) {
    if (r.kind !== "clean") throw new Error("attack: internal: clean job returned " + r.kind);
    clean.set(r.correct, batches[i][0]);
    zeroGrad += r.zeroGrad;
    nonFinite += r.nonFinite;
  }
  const correct = Array.from(clean, (p) => p >= 0.5);
  const nCorrect = correct.filter(Boolean).length;
  const cleanAccuracy = clean.reduce((a, b) => a + b, 0) / n;

  // Phase 2: every attack × ε × batch, the ε = 1 sanity batches and the critical batches, as one list
  // in report order; `progress` events are emitted in this order whatever thread finishes first.
  const jobs: BatchJob[] = [];
  /** Per job, progress events due before it (ε = 0 cells, which run no job) and its own. */
  const events: ProgressEvent[][] = [];
  let pending: ProgressEvent[] = [];
  const push = (job: BatchJob, ev: ProgressEvent) => {
    jobs.push(job);
    events.push([...pending, ev]);
    pending = [];
  };
  /** Cells of the table: the attack at ε over the first `count` images, as a range of jobs (none at ε = 0). */
  interface Cell { name: AttackName; eps: number; count: number; first: number; end: number }
  const addCell = (name: AttackName, eps: number, count: number, stage: string, doneBefore: number, total: number): Cell => {
    const first = jobs.length;
    if (eps === 0) pending.push({ stage, done: doneBefore + count, total, unit: "images", info: { eps } });
    else
      for (const [s, e0] of batches) {
        if (s >= count) break;
        const e = Math.min(e0, count);
        push({ kind: "attack", attack: name, eps, s, e }, { stage, done: doneBefore + e, total, unit: "images", info: { eps } });
      }
    return { name, eps, count, first, end: jobs.length };
  };
  const cells: Cell[] = [];
  for (const name of cfg.attacks) {
    const epsList = epsFor(cfg, name);
    for (const [k, eps] of epsList.entries()) cells.push(addCell(name, eps, n, `attack:${name}`, k * n, epsList.length * n));
  }
  // ε = 1 under L∞ is the whole cube: any honest attack reaches ~0 there.
  const existing = cells.find((c) => c.name === "pgd-linf" && c.eps === 1);
  const m = Math.min(n, cfg.sanity.eps1Images);
  const eps1Cell = existing ?? addCell("pgd-linf", 1, m, "attack:sanity-eps1", 0, m);

  // Critical perturbations: the main attack, then each of `critical.also`, on the same images.
  const cc = cfg.critical;
  const criticalAttacks: AttackName[] = cc.enabled ? [cc.attack, ...cc.also.filter((a) => a !== cc.attack)] : [];
  const idx = correct.flatMap((ok, i) => (ok ? [i] : [])).slice(0, cc.images);
  const criticalPlans = criticalAttacks.map((attack, k) => {
    const norm = ATTACKS[attack].norm;
    const max = cc.max ?? (norm === "linf" ? 1 : 2 * Math.max(...cfg.eps.l2));
    const grid = cc.grid ?? epsFor(cfg, attack);
    const first = jobs.length;
    const stage = k === 0 ? "attack:critical" : `attack:critical-${attack}`;
    for (let s = 0; s < idx.length; s += cfg.batch) {
      const part = idx.slice(s, s + cfg.batch);
      push({ kind: "critical", attack, main: k === 0, s, idx: part, max, grid: [...grid] }, { stage, done: s + part.length, total: idx.length, unit: "images" });
    }
    return { attack, norm, max, grid, first, end: jobs.length };
  });
  const trailing = pending;
  const out = await runner.run(jobs, (i) => events[i].forEach(progress), cost(jobs));
  trailing.forEach(progress);

  /** Sums of a cell's per-image correctness, added in image order (as on one thread). */
  const sums = (c: Cell) => {
    let sum = 0;
    let sumRel = 0;
    let seconds = 0;
    if (c.eps === 0) {
      // No perturbation: the clean estimate itself, so every attack's ε = 0 cell is the clean accuracy
      // (on a stochastic model a fresh draw would differ by sampling noise alone).
      for (let i = 0; i < c.count; i++) (sum += clean[i]), (sumRel += correct[i] ? clean[i] : 0);
      return { sum, sumRel, seconds };
    }
    for (let j = c.first; j < c.end; j++) {
      const r = out[j];
      const job = jobs[j];
      if (r.kind !== "attack" || job.kind !== "attack") throw new Error("attack: internal: attack job returned " + r.kind);
      seconds += r.seconds;
      for (let i = 0; i < r.correct.length; i++) {
        sum += r.correct[i];
        if (correct[job.s + i]) sumRel += r.correct[i];
      }
    }
    return { sum, sumRel, seconds };
  };

  const results: AttackResult[] = [];
  for (const c of cells) {
    const attack = makeAttack(c.name, cfg[c.name]);
    const { sum, sumRel, seconds } = sums(c);
    const settings: Record<string, number | string | boolean> = { ...attack.settings(), loss: cfg.loss, eotSamples: samplesFor(model, cfg) };
    if (typeof settings.relStepSize === "number") settings.stepSize = settings.relStepSize * c.eps;
    results.push({
      attack: c.name,
      norm: attack.norm,
      eps: c.eps,
      accuracy: sum / n,
      relativeAccuracy: nCorrect ? sumRel / nCorrect : 0,
      images: n,
      settings,
      seconds,
    });
  }
  const eps1 = { accuracy: sums(eps1Cell).sum / eps1Cell.count, images: eps1Cell.count };

  const summaries: CriticalSummary[] = criticalPlans.map((p) => {
    const epsOut: (number | null)[] = [];
    const l2Out: (number | null)[] = [];
    let seconds = 0;
    for (let j = p.first; j < p.end; j++) {
      const r = out[j];
      if (r.kind !== "critical") throw new Error("attack: internal: critical job returned " + r.kind);
      seconds += r.seconds;
      r.eps.forEach((v) => epsOut.push(Number.isNaN(v) ? null : v));
      r.l2.forEach((v) => l2Out.push(Number.isNaN(v) ? null : v));
    }
    const nanOf = (v: (number | null)[]) => v.map((x) => (x === null ? NaN : x));
    return {
      attack: p.attack,
      norm: p.norm,
      method: cc.method,
      ...(cc.method === "bisection" ? { max: p.max, iters: cc.iters } : { grid: [...p.grid] }),
      images: idx.length,
      flipped: epsOut.filter((v) => v !== null).length,
      medianEps: medianFlip(nanOf(epsOut)),
      medianL2: medianFlip(nanOf(l2Out)),
      eps: epsOut,
      l2: l2Out,
      seconds,
    };
  });
  const critical = summaries[0] ?? null;

  const sanity = sanityChecks(
    {
      cells: results.map((r) => ({ attack: r.attack, norm: r.norm, eps: r.eps, accuracy: r.accuracy, gradientBased: ATTACKS[r.attack as AttackName].flags.gradientBased })),
      cleanAccuracy,
      eps1,
      gradient: { zero: zeroGrad / n, nonFinite: nonFinite / n, images: n },
    },
    { ...cfg.sanity, slack: sanitySlack(cfg.sanity.slack, n, model.stochastic ? samplesFor(model, cfg) : 0) },
  );

  return {
    format: "hebblab-attack/1",
    config: cfg,
    model: { kind: model.kind, inputDim: model.inputDim, classes: model.classes, stochastic: model.stochastic },
    data: { source, images: n, selection: `first ${n} in order` },
    eotSamples: samplesFor(model, cfg),
    cleanAccuracy,
    initiallyCorrect: nCorrect,
    results,
    critical,
    criticalAlso: summaries.slice(1),
    sanity,
    backend: tf.getBackend(),
    threads: runner.threads,
    seconds: (performance.now() - t0) / 1000,
  };
}

/**
 * Slack of the accuracy comparisons: the configured floor, widened on a stochastic model to three
 * standard errors of an expected accuracy over n images × k noise samples (≤ √(¼/(n·k))), so that the
 * checks flag systematic violations rather than sampling noise.
 * @param k noise samples per estimate, 0 for a deterministic model
 */
export function sanitySlack(floor: number, n: number, k: number): number {
  return k > 0 ? Math.max(floor, 3 * Math.sqrt(0.25 / (n * k))) : floor;
}

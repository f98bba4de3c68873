import { activeDense } from "../wasm/dense.js";
import { tf } from "../tf.js";
import type { Model } from "../models/types.js";
import { noProgress, type ProgressEvent, type ProgressFn } from "../progress.js";
import type { Norm } from "./base.js";
import { epsFor, normOf, parseAttackConfig, type AttackEvalConfig, type AttackEvalInput, type EvaluationName } from "./config.js";
import { gridValues, medianFlip, medianFlipped } from "./critical.js";
import { samplesFor } from "./eot.js";
import { jobCost, suiteParts, type BatchJob, type JobEnv, type JobResult } from "./jobs.js";
import { createJobRunner, type JobRunner, type WorkerInit } from "./parallel.js";
import { ATTACKS, makeAttack, type AttackName } from "./registry.js";
import { sanityChecks, type SanityReport } from "./sanity.js";
import { SUITES, type SuiteName } from "./suites.js";

/** Labeled images to attack: `images` [n, dim] row-major f32 in [0, 1], `labels` [n] (a `Dataset` fits). */
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
  /** A suite's parts in the order they ran, each with the accuracy after it (cumulative: the worst over it and every earlier part). */
  parts?: PartSummary[];
  /**
   * A suite's per-image worst case: the part that broke the image first, `clean` when it was
   * misclassified to begin with, null when it resisted every part.
   */
  brokenBy?: (string | null)[];
  /** The suite asked for, when a stochastic model got its randomized version instead (`autoattack` → `autoattack-rand`). */
  requested?: string;
}

/** One part of a suite cell. */
export interface PartSummary {
  attack: string;
  /** Accuracy after this part and every earlier one, over all evaluated images. */
  accuracy: number;
  relativeAccuracy: number;
  /** Images it attacked (those still correct before it) and how many of them it broke. */
  attacked: number;
  broken: number;
  settings: Record<string, number | string | boolean>;
  seconds: number;
}

/** The per-image worst case over every attack and suite evaluated at one norm and ε (RobustBench's robust accuracy). */
export interface WorstCase {
  norm: Norm;
  eps: number;
  attacks: string[];
  accuracy: number;
  relativeAccuracy: number;
}

/** Critical perturbations over the first `images` initially correct images. */
export interface CriticalSummary {
  attack: string;
  norm: Norm;
  method: "bisection" | "grid" | "grid-bisection";
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
  /** Which median the config asked reports to headline (`critical.median`; absent in results written before it). */
  median?: "never-flipped-as-infinite" | "flipped-only";
  /** Medians over the flipped images only (Holzhausen et al.'s figures). */
  flippedOnly?: { medianEps: number | null; medianL2: number | null };
  /** Fraction of the searched images no ε of the range flipped. */
  neverFlipped?: number;
  /** Per image (null = not flipped within range). */
  eps: (number | null)[];
  l2: (number | null)[];
  /** Thread-seconds of its batches (on several threads, more than the wall time). */
  seconds: number;
}

/** Everything an attack evaluation produces, written as the results JSON. */
export interface AttackReport {
  format: "hebblab-attack/1";
  /**
   * The space the attacked images live in, in words (set by the runner from `data.normalize`):
   * "pixels in [0, 1]", or a dataset-level normalization, in which ε, ‖δ‖₂ and the clamp are measured.
   */
  space?: string;
  /** Resolved config: enough, with the model and data, to reproduce every figure. */
  config: AttackEvalConfig;
  model: { kind: string; inputDim: number; classes: number; stochastic: boolean };
  data: { source: string; images: number; selection: string };
  /** EOT samples actually drawn (1 for deterministic models). */
  eotSamples: number;
  cleanAccuracy: number;
  initiallyCorrect: number;
  results: AttackResult[];
  /** Per norm and ε > 0, the accuracy when each image counts as broken by any attack that broke it. */
  worstCase: WorstCase[];
  critical: CriticalSummary | null;
  /** The same search under each attack of `critical.also` (e.g. noise), in that order. */
  criticalAlso: CriticalSummary[];
  sanity: SanityReport;
  backend: string;
  /**
   * Kernel build of the dense engine that ran the GEMMs (`simd`, `threads`, or `relaxed`, whose FMA
   * GEMM rounds differently: the same seed gives the same numbers only on the same build), or null when
   * tfjs's own kernels ran them.
   */
  kernels: string | null;
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
 * attack × ε (plain and relative to the initially correct images), suites such as AutoAttack with the
 * accuracy after each part and each image's worst case, the per-image worst case over everything run at
 * each ε, critical perturbations, and the sanity and gradient-masking checks of Carlini et al. 2019,
 * which are always run and reported. Stochastic models are attacked with EOT gradients, get a suite's
 * randomized version, and are scored by expected accuracy over their noise.
 *
 * Images are the first `config.images` of `data`, in batches of `config.batch` built from host memory
 * (no tfjs slicing of a large tensor). Each batch job (clean, attack × ε × batch, suite × ε × batch,
 * critical batch) draws from its own `Rng` and noise stream forked from `config.seed` by the job's label,
 * so results do not depend on which attacks run, nor on the thread count: jobs are spread over
 * `opts.threads` threads and merged here in batch order, so every sum is added in the same order.
 * Needs tfjs initialized (`initTf`).
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
    const clean = await runClean(runner, batches, n, progress);
    const p = plan(env, batches, clean);
    const out = await runner.run(p.jobs, (i) => p.events[i].forEach(progress), byCost(p.jobs, env));
    p.trailing.forEach(progress);
    return aggregate(env, p, clean, out, { source: data.source ?? "unknown", threads: runner.threads, t0 });
  } finally {
    await runner.close();
  }
}

/** Clean correctness per image and the input-gradient health at the clean point. */
interface Clean {
  clean: Float32Array;
  correct: boolean[];
  nCorrect: number;
  accuracy: number;
  zeroGrad: number;
  nonFinite: number;
}

/** Phase 1: clean correctness and input-gradient health, one job per batch. */
async function runClean(runner: JobRunner, batches: [number, number][], n: number, progress: ProgressFn): Promise<Clean> {
  const out = await runner.run(
    batches.map(([s, e]) => ({ kind: "clean", s, e })),
    (i) => progress({ stage: "attack:clean", done: batches[i][1], total: n, unit: "images" }),
  );
  const clean = new Float32Array(n);
  let zeroGrad = 0;
  let nonFinite = 0;
  for (const [i, r] of out.entries()) {
    if (r.kind !== "clean") throw new Error("attack: internal: clean job returned " + r.kind);
    clean.set(r.correct, batches[i][0]);
    zeroGrad += r.zeroGrad;
    nonFinite += r.nonFinite;
  }
  const correct = Array.from(clean, (p) => p >= 0.5);
  return { clean, correct, nCorrect: correct.filter(Boolean).length, accuracy: clean.reduce((a, b) => a + b, 0) / n, zeroGrad, nonFinite };
}

/** Job indices, most expensive first (ties in index order): the order workers take them in. */
function byCost(jobs: BatchJob[], env: JobEnv): number[] {
  return jobs.map((j, i) => [jobCost(j, env.cfg, env.model), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]).map(([, i]) => i);
}

/** A cell of the table: an attack or suite at ε over the first `count` images, as a range of jobs (none at ε = 0). */
interface Cell {
  name: EvaluationName;
  requested?: string;
  eps: number;
  count: number;
  first: number;
  end: number;
}

/** A critical search: its jobs and range. */
interface CriticalPlan {
  attack: AttackName;
  norm: Norm;
  max: number;
  grid: number[];
  first: number;
  end: number;
}

/** Phase 2 as data: the jobs in report order, the progress due before and at each, and how to read the results back. */
interface Plan {
  jobs: BatchJob[];
  events: ProgressEvent[][];
  trailing: ProgressEvent[];
  cells: Cell[];
  eps1Cell: Cell;
  critical: CriticalPlan[];
  criticalImages: number[];
}

/**
 * Phase 2, planned: every attack and suite × ε × batch (a stochastic model gets a suite's randomized
 * version), the ε = 1 sanity batches and the critical batches, as one list in report order;
 * `events[i]` are the progress events due once job i is done (ε = 0 cells run no job).
 */
function plan(env: JobEnv, batches: [number, number][], clean: Clean): Plan {
  const { cfg, model } = env;
  const n = env.labels.length;
  const jobs: BatchJob[] = [];
  const events: ProgressEvent[][] = [];
  let pending: ProgressEvent[] = [];
  const push = (job: BatchJob, ev: ProgressEvent) => {
    jobs.push(job);
    events.push([...pending, ev]);
    pending = [];
  };
  const addCell = (name: EvaluationName, eps: number, count: number, stage: string, doneBefore: number, total: number, requested?: string): Cell => {
    const first = jobs.length;
    if (eps === 0) pending.push({ stage, done: doneBefore + count, total, unit: "images", info: { eps } });
    else
      for (const [s, e0] of batches) {
        if (s >= count) break;
        const e = Math.min(e0, count);
        const job: BatchJob = name in SUITES ? { kind: "suite", suite: name as SuiteName, eps, s, e, clean: Array.from(clean.clean.subarray(s, e)) } : { kind: "attack", attack: name as AttackName, eps, s, e };
        push(job, { stage, done: doneBefore + e, total, unit: "images", info: { eps } });
      }
    return { name, eps, count, first, end: jobs.length, ...(requested ? { requested } : {}) };
  };
  const cells: Cell[] = [];
  const seen = new Set<string>();
  for (const asked of cfg.attacks) {
    const swap = model.stochastic && asked in SUITES ? (SUITES[asked as SuiteName] as { stochastic?: SuiteName }).stochastic : undefined;
    const name: EvaluationName = swap ?? asked;
    if (swap && seen.has(swap)) continue;
    seen.add(name);
    // A substituted suite runs at the requested suite's grid unless it has one of its own.
    const epsList = swap && !(cfg[swap] as { eps?: number[] }).eps ? epsFor(cfg, asked) : epsFor(cfg, name);
    for (const [k, eps] of epsList.entries()) cells.push(addCell(name, eps, n, `attack:${name}`, k * n, epsList.length * n, swap ? asked : undefined));
  }
  // ε = 1 under L∞ is the whole cube: any honest attack reaches ~0 there.
  const m = Math.min(n, cfg.sanity.eps1Images);
  const eps1Cell = cells.find((c) => c.name === "pgd-linf" && c.eps === 1) ?? addCell("pgd-linf", 1, m, "attack:sanity-eps1", 0, m);

  // Critical perturbations: the main attack, then each of `critical.also`, on the same images.
  const cc = cfg.critical;
  const criticalAttacks: AttackName[] = cc.enabled ? [cc.attack, ...cc.also.filter((a) => a !== cc.attack)] : [];
  const idx = clean.correct.flatMap((ok, i) => (ok ? [i] : [])).slice(0, cc.images);
  const critical = criticalAttacks.map((attack, k) => {
    const norm = ATTACKS[attack].norm;
    const max = cc.max ?? (norm === "linf" ? 1 : 2 * Math.max(...cfg.eps.l2));
    const spec = cc.grids[attack] ?? cc.grid;
    const grid = spec ? gridValues(spec) : epsFor(cfg, attack);
    const first = jobs.length;
    const stage = k === 0 ? "attack:critical" : `attack:critical-${attack}`;
    for (let s = 0; s < idx.length; s += cfg.batch) {
      const part = idx.slice(s, s + cfg.batch);
      push({ kind: "critical", attack, main: k === 0, s, idx: part, max, grid: [...grid] }, { stage, done: s + part.length, total: idx.length, unit: "images" });
    }
    return { attack, norm, max, grid, first, end: jobs.length };
  });
  return { jobs, events, trailing: pending, cells, eps1Cell, critical, criticalImages: idx };
}

/** Per image of a cell: correctness after the attack (the clean estimate at ε = 0), in image order. */
function cellCorrectness(c: Cell, p: Plan, out: JobResult[], clean: Clean): { correct: Float32Array; seconds: number } {
  // No perturbation: the clean estimate itself, so every attack's ε = 0 cell is the clean accuracy
  // (on a stochastic model a fresh draw would differ by sampling noise alone).
  if (c.eps === 0) return { correct: clean.clean.slice(0, c.count), seconds: 0 };
  const correct = new Float32Array(c.count);
  let seconds = 0;
  for (let j = c.first; j < c.end; j++) {
    const r = out[j];
    const job = p.jobs[j];
    if ((r.kind !== "attack" && r.kind !== "suite") || (job.kind !== "attack" && job.kind !== "suite")) throw new Error("attack: internal: attack job returned " + r.kind);
    seconds += r.seconds;
    correct.set(r.correct, job.s);
  }
  return { correct, seconds };
}

/** Accuracy over all images and over the initially correct ones, summed in image order (as on one thread). */
function accuracies(correct: ArrayLike<number>, clean: Clean): { accuracy: number; relativeAccuracy: number } {
  let sum = 0;
  let sumRel = 0;
  for (let i = 0; i < correct.length; i++) {
    sum += correct[i];
    if (clean.correct[i]) sumRel += correct[i];
  }
  return { accuracy: sum / correct.length, relativeAccuracy: clean.nCorrect ? sumRel / clean.nCorrect : 0 };
}

/** An attack's settings as it ran: its own, the loss (its own, or the evaluation's), the EOT samples drawn and the step size at ε. */
function settingsOf(env: JobEnv, name: AttackName, eps: number, eotSamples = env.cfg.eotSamples): Record<string, number | string | boolean> {
  const own = makeAttack(name, env.cfg[name]).settings();
  const s: Record<string, number | string | boolean> = { ...own, loss: own.loss ?? env.cfg.loss, eotSamples: samplesFor(env.model, { ...env.cfg, eotSamples }) };
  if (typeof s.relStepSize === "number") s.stepSize = s.relStepSize * eps;
  return s;
}

/** One row of the table; a suite's row also gets its parts and each image's worst case. */
function cellResult(env: JobEnv, c: Cell, p: Plan, out: JobResult[], clean: Clean): AttackResult {
  const { correct, seconds } = cellCorrectness(c, p, out, clean);
  const base = { attack: c.name, norm: normOf(c.name), eps: c.eps, ...accuracies(correct, clean), images: c.count, seconds, ...(c.requested ? { requested: c.requested } : {}) };
  if (!(c.name in SUITES)) return { ...base, settings: settingsOf(env, c.name as AttackName, c.eps) };
  const partsSpec = suiteParts(env.cfg, c.name as SuiteName);
  const partRows = partsSpec.map((sp, k) => {
    const after = new Float32Array(c.count);
    let attacked = 0;
    let broken = 0;
    let secs = 0;
    if (c.eps === 0) after.set(correct);
    for (let j = c.first; j < c.end; j++) {
      const r = out[j];
      const job = p.jobs[j];
      if (r.kind !== "suite" || job.kind !== "suite") throw new Error("attack: internal: suite job returned " + r.kind);
      after.set(r.parts[k].correct, job.s);
      attacked += r.parts[k].attacked;
      broken += r.brokenBy.filter((b) => b === k).length;
      secs += r.parts[k].seconds;
    }
    return { attack: sp.attack, ...accuracies(after, clean), attacked, broken, settings: settingsOf(env, sp.attack as AttackName, c.eps, sp.eotSamples), seconds: secs };
  });
  const brokenBy: (string | null)[] = Array.from(clean.correct.slice(0, c.count), (ok) => (ok ? null : "clean"));
  for (let j = c.first; j < c.end; j++) {
    const r = out[j];
    const job = p.jobs[j];
    if (r.kind === "suite" && job.kind === "suite") r.brokenBy.forEach((b, i) => (brokenBy[job.s + i] = b >= 0 ? partsSpec[b].attack : b === -2 ? "clean" : null));
  }
  const eot = partsSpec.find((sp) => sp.eotSamples !== undefined)?.eotSamples;
  const settings = { parts: partsSpec.map((sp) => sp.attack).join(","), eotSamples: samplesFor(env.model, { ...env.cfg, eotSamples: eot ?? env.cfg.eotSamples }) };
  return { ...base, settings, parts: partRows, brokenBy };
}

/** Per norm and ε > 0, the per-image worst case over every cell at that ε. */
function worstCases(p: Plan, out: JobResult[], clean: Clean): WorstCase[] {
  const keys = [...new Set(p.cells.filter((c) => c.eps > 0).map((c) => `${normOf(c.name)}|${c.eps}`))];
  return keys.map((key) => {
    const at = p.cells.filter((c) => c.eps > 0 && `${normOf(c.name)}|${c.eps}` === key);
    const worst = Float32Array.from(clean.clean.subarray(0, at[0].count));
    for (const c of at) cellCorrectness(c, p, out, clean).correct.forEach((v, i) => (worst[i] = Math.min(worst[i], v)));
    return { norm: normOf(at[0].name), eps: at[0].eps, attacks: at.map((c) => c.name), ...accuracies(worst, clean) };
  });
}

/** The critical searches' summaries, per image in search order. */
function criticalSummaries(env: JobEnv, p: Plan, out: JobResult[]): CriticalSummary[] {
  const cc = env.cfg.critical;
  return p.critical.map((cp) => {
    const eps: (number | null)[] = [];
    const l2: (number | null)[] = [];
    let seconds = 0;
    for (let j = cp.first; j < cp.end; j++) {
      const r = out[j];
      if (r.kind !== "critical") throw new Error("attack: internal: critical job returned " + r.kind);
      seconds += r.seconds;
      r.eps.forEach((v) => eps.push(Number.isNaN(v) ? null : v));
      r.l2.forEach((v) => l2.push(Number.isNaN(v) ? null : v));
    }
    const nanOf = (v: (number | null)[]) => v.map((x) => (x === null ? NaN : x));
    return {
      attack: cp.attack,
      norm: cp.norm,
      method: cc.method,
      ...(cc.method === "bisection" ? { max: cp.max, iters: cc.iters } : { grid: [...cp.grid] }),
      images: p.criticalImages.length,
      flipped: eps.filter((v) => v !== null).length,
      medianEps: medianFlip(nanOf(eps)),
      medianL2: medianFlip(nanOf(l2)),
      median: cc.median,
      flippedOnly: { medianEps: medianFlipped(nanOf(eps)), medianL2: medianFlipped(nanOf(l2)) },
      neverFlipped: eps.length ? eps.filter((v) => v === null).length / eps.length : 0,
      eps,
      l2,
      seconds,
    };
  });
}

/** Everything the report says, from the plan and the jobs' results. */
function aggregate(env: JobEnv, p: Plan, clean: Clean, out: JobResult[], run: { source: string; threads: number; t0: number }): AttackReport {
  const { cfg, model } = env;
  const n = env.labels.length;
  const results = p.cells.map((c) => cellResult(env, c, p, out, clean));
  const eps1 = { accuracy: accuracies(cellCorrectness(p.eps1Cell, p, out, clean).correct, clean).accuracy, images: p.eps1Cell.count };
  const summaries = criticalSummaries(env, p, out);
  const k = model.stochastic ? samplesFor(model, cfg) : 0;
  const sanity = sanityChecks(
    {
      cells: results.map((r) => ({ attack: r.attack, norm: r.norm, eps: r.eps, accuracy: r.accuracy, gradientBased: r.attack in SUITES || ATTACKS[r.attack as AttackName].flags.gradientBased, ...(r.parts ? { parts: r.parts.map((q) => ({ attack: q.attack, accuracy: q.accuracy })) } : {}) })),
      cleanAccuracy: clean.accuracy,
      eps1,
      gradient: { zero: clean.zeroGrad / n, nonFinite: clean.nonFinite / n, images: n },
    },
    { ...cfg.sanity, slack: sanitySlack(cfg.sanity.slack, n, k), gradientFreeSlack: sanitySlack(cfg.sanity.gradientFreeSlack, n, k) },
  );
  return {
    format: "hebblab-attack/1",
    config: cfg,
    model: { kind: model.kind, inputDim: model.inputDim, classes: model.classes, stochastic: model.stochastic },
    data: { source: run.source, images: n, selection: `first ${n} in order` },
    eotSamples: samplesFor(model, cfg),
    cleanAccuracy: clean.accuracy,
    initiallyCorrect: clean.nCorrect,
    results,
    worstCase: worstCases(p, out, clean),
    critical: summaries[0] ?? null,
    criticalAlso: summaries.slice(1),
    sanity,
    backend: tf.getBackend(),
    kernels: activeDense()?.pool.wasm.build ?? null,
    threads: run.threads,
    seconds: (performance.now() - run.t0) / 1000,
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

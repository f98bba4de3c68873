import { tf } from "../tf.js";
import type { Model } from "../models/types.js";
import { Rng } from "../rng.js";
import { noProgress, type ProgressFn } from "../runner/progress.js";
import type { AttackContext, FixedEpsilonAttack, Norm } from "./base.js";
import { parseAttackConfig, epsFor, type AttackEvalConfig, type AttackEvalInput } from "./config.js";
import { criticalPerturbation, medianFlip } from "./critical.js";
import { correctness, lossGradient, samplesFor } from "./eot.js";
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
  sanity: SanityReport;
  backend: string;
  seconds: number;
}

/** Options of {@link evaluateRobustness}. */
export interface EvaluateOptions {
  onProgress?: ProgressFn;
}

/**
 * Robustness evaluation of any {@link Model} (REFERENCES §5): clean accuracy, a robust-accuracy table
 * attack × ε (plain and relative to the initially correct images), critical perturbations, and the
 * sanity checks of Carlini et al. 2019, which are always run and reported. Stochastic models are
 * attacked with EOT gradients and scored by expected accuracy over their noise.
 *
 * Images are the first `config.images` of `data`, in batches of `config.batch` built from host memory
 * (no tfjs slicing of a large tensor). Each attack × ε × batch draws from its own `Rng` forked from
 * `config.seed`, so results do not depend on which attacks run. Needs tfjs initialised (`initTf`).
 */
export async function evaluateRobustness(model: Model, data: AttackData, input: AttackEvalInput | AttackEvalConfig = {}, opts: EvaluateOptions = {}): Promise<AttackReport> {
  const cfg = parseAttackConfig(input);
  const progress = opts.onProgress ?? noProgress;
  const t0 = performance.now();
  if (data.dim !== model.inputDim) throw new Error(`attack: data has ${data.dim} pixels per image, model expects ${model.inputDim}`);
  const n = Math.min(cfg.images, data.n);
  if (n < 1) throw new Error("attack: no images to evaluate");
  const root = new Rng(cfg.seed);
  const ctxFor = (label: string): AttackContext => ({ model, rng: root.fork(label), loss: cfg.loss, eotSamples: cfg.eotSamples });
  const labels = Int32Array.from({ length: n }, (_, i) => data.labels[i]);
  const batches: [number, number][] = [];
  for (let s = 0; s < n; s += cfg.batch) batches.push([s, Math.min(n, s + cfg.batch)]);
  const rangeTensors = (s: number, e: number) => ({
    x: tf.tensor2d(data.images.subarray(s * data.dim, e * data.dim), [e - s, data.dim]),
    y: tf.tensor1d(labels.subarray(s, e), "int32"),
  });
  const pickTensors = (ix: readonly number[]) => {
    const xs = new Float32Array(ix.length * data.dim);
    ix.forEach((j, k) => xs.set(data.images.subarray(j * data.dim, (j + 1) * data.dim), k * data.dim));
    return { x: tf.tensor2d(xs, [ix.length, data.dim]), y: tf.tensor1d(Int32Array.from(ix, (j) => labels[j]), "int32") };
  };
  const yieldNow = () => new Promise<void>((r) => setImmediate(r));

  // Clean correctness and input-gradient health at the clean point.
  const clean = new Float32Array(n);
  let zeroGrad = 0;
  let nonFinite = 0;
  for (const [s, e] of batches) {
    const { x, y } = rangeTensors(s, e);
    const c = correctness(model, x, y, { eotSamples: cfg.eotSamples });
    clean.set(await c.data(), s);
    const [z, nf] = tf.tidy(() => {
      const g = lossGradient(model, x, y, { loss: cfg.loss, eotSamples: cfg.eotSamples });
      const absMax = tf.max(tf.abs(g), 1);
      return [tf.sum(tf.equal(absMax, 0).toFloat()), tf.sum(tf.logicalNot(tf.isFinite(absMax)).toFloat())];
    });
    zeroGrad += (await z.data())[0];
    nonFinite += (await nf.data())[0];
    tf.dispose([x, y, c, z, nf]);
    progress({ stage: "attack:clean", done: e, total: n, unit: "images" });
    await yieldNow();
  }
  const correct = Array.from(clean, (p) => p >= 0.5);
  const nCorrect = correct.filter(Boolean).length;
  const cleanAccuracy = clean.reduce((a, b) => a + b, 0) / n;

  const runAttack = async (attack: FixedEpsilonAttack, eps: number, count: number, stage: string, doneBefore: number, total: number) => {
    let sum = 0;
    let sumRel = 0;
    if (eps === 0) {
      // No perturbation: the clean estimate itself, so every attack's ε = 0 cell is the clean accuracy
      // (on a stochastic model a fresh draw would differ by sampling noise alone).
      for (let i = 0; i < count; i++) (sum += clean[i]), (sumRel += correct[i] ? clean[i] : 0);
      progress({ stage, done: doneBefore + count, total, unit: "images", info: { eps } });
      return { sum, sumRel };
    }
    for (const [s, e0] of batches) {
      if (s >= count) break;
      const e = Math.min(e0, count);
      const { x, y } = rangeTensors(s, e);
      const xa = attack.attack(ctxFor(`${attack.name}|${eps}|${s}`), x, y, eps);
      const c = correctness(model, xa, y, { eotSamples: cfg.eotSamples });
      const cd = await c.data();
      tf.dispose([x, y, xa, c]);
      for (let i = 0; i < cd.length; i++) {
        sum += cd[i];
        if (correct[s + i]) sumRel += cd[i];
      }
      progress({ stage, done: doneBefore + e, total, unit: "images", info: { eps } });
      await yieldNow();
    }
    return { sum, sumRel };
  };

  const pgdOpts = { ...cfg.pgd };
  const results: AttackResult[] = [];
  for (const name of cfg.attacks) {
    const attack = makeAttack(name, pgdOpts);
    const epsList = epsFor(cfg, name);
    for (const [k, eps] of epsList.entries()) {
      const t = performance.now();
      const { sum, sumRel } = await runAttack(attack, eps, n, `attack:${name}`, k * n, epsList.length * n);
      const settings: Record<string, number | string | boolean> = { ...attack.settings(), loss: cfg.loss, eotSamples: samplesFor(model, cfg) };
      if (typeof settings.relStepSize === "number") settings.stepSize = settings.relStepSize * eps;
      results.push({
        attack: name,
        norm: attack.norm,
        eps,
        accuracy: sum / n,
        relativeAccuracy: nCorrect ? sumRel / nCorrect : 0,
        images: n,
        settings,
        seconds: (performance.now() - t) / 1000,
      });
    }
  }

  // ε = 1 under L∞ is the whole cube: any honest attack reaches ~0 there.
  const existing = results.find((r) => r.attack === "pgd-linf" && r.eps === 1);
  let eps1: { accuracy: number; images: number };
  if (existing) eps1 = { accuracy: existing.accuracy, images: n };
  else {
    const m = Math.min(n, cfg.sanity.eps1Images);
    const { sum } = await runAttack(makeAttack("pgd-linf", pgdOpts), 1, m, "attack:sanity-eps1", 0, m);
    eps1 = { accuracy: sum / m, images: m };
  }

  let critical: CriticalSummary | null = null;
  if (cfg.critical.enabled) {
    const t = performance.now();
    const cc = cfg.critical;
    const norm = ATTACKS[cc.attack].norm;
    const attack = makeAttack(cc.attack, pgdOpts);
    const idx = correct.flatMap((ok, i) => (ok ? [i] : [])).slice(0, cc.images);
    const max = cc.max ?? (norm === "linf" ? 1 : 2 * Math.max(...cfg.eps.l2));
    const grid = cc.grid ?? epsFor(cfg, cc.attack);
    const epsOut: (number | null)[] = [];
    const l2Out: (number | null)[] = [];
    for (let s = 0; s < idx.length; s += cfg.batch) {
      const part = idx.slice(s, s + cfg.batch);
      const { x, y } = pickTensors(part);
      const r = criticalPerturbation(attack, ctxFor(`critical|${s}`), x, y, { method: cc.method, max, iters: cc.iters, grid });
      tf.dispose([x, y]);
      r.eps.forEach((v) => epsOut.push(Number.isNaN(v) ? null : v));
      r.l2.forEach((v) => l2Out.push(Number.isNaN(v) ? null : v));
      progress({ stage: "attack:critical", done: Math.min(idx.length, s + cfg.batch), total: idx.length, unit: "images" });
      await yieldNow();
    }
    const nanOf = (v: (number | null)[]) => v.map((x) => (x === null ? NaN : x));
    critical = {
      attack: cc.attack,
      norm,
      method: cc.method,
      ...(cc.method === "bisection" ? { max, iters: cc.iters } : { grid: [...grid] }),
      images: idx.length,
      flipped: epsOut.filter((v) => v !== null).length,
      medianEps: medianFlip(nanOf(epsOut)),
      medianL2: medianFlip(nanOf(l2Out)),
      eps: epsOut,
      l2: l2Out,
      seconds: (performance.now() - t) / 1000,
    };
  }

  const sanity = sanityChecks(
    {
      cells: results.map((r) => ({ attack: r.attack, norm: r.norm, eps: r.eps, accuracy: r.accuracy, gradientBased: ATTACKS[r.attack as AttackName].make({}).gradientBased })),
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
    data: { source: data.source ?? "unknown", images: n, selection: `first ${n} in order` },
    eotSamples: samplesFor(model, cfg),
    cleanAccuracy,
    initiallyCorrect: nCorrect,
    results,
    critical,
    sanity,
    backend: tf.getBackend(),
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

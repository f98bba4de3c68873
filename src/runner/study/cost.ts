import { epsFor, type AttackEvalConfig, type EvaluationName } from "../../attacks/config.js";
import { gridValues } from "../../attacks/critical.js";
import type { AnyAttackEntry } from "../../attacks/entry.js";
import { suiteParts } from "../../attacks/jobs.js";
import { ATTACKS } from "../../attacks/registry.js";
import { SUITES, type SuiteName } from "../../attacks/suites.js";
import { MODEL_KINDS } from "../../kinds/registry.js";
import type { ProgressEvent, StageCost } from "../../progress.js";
import { ANALYSES } from "../analyses/registry.js";
import type { Config } from "../config.js";

/**
 * What a job will cost, stage by stage, for the study's ETA (never for results): every stage in
 * one currency, the gradient pass of one image through a 784-2000-10 network ("passes"), scaled
 * by the model's size. The attack phase comes from the attacks' own cost model (gradient passes per
 * image for one run, × EOT samples on a stochastic model), so a study whose last job spends
 * minutes attacking a stochastic model under EOT is not reported as finished.
 *
 * Training's weights are measured ratios on the 2-core VM (README: a KH epoch of 8,000 images
 * 0.46 s, an MLP epoch 2 s, PGD 7,500 image·steps/s): a backprop training image ≈ 2 passes (per
 * level of a hierarchy trained in turn), a local-rule step ≈ ½ pass per image, a readout epoch ≈
 * 1/20 pass per image (it trains on stored features).
 */

export type { StageCost } from "../../progress.js";

/**
 * Passes per image of one run of attack `name` with its own options (the one place that asks an attack
 * its cost: the entry's `cost`, 10 classes); a suite costs the sum of its parts (an upper bound: later
 * parts run only on the images still correct).
 */
export function attackCost(name: string, cfg: AttackEvalConfig): number {
  if (name in SUITES) return suiteParts(cfg, name as SuiteName).reduce((a, p) => a + attackCost(p.attack, cfg), 0);
  const entry = (ATTACKS as Record<string, AnyAttackEntry>)[name];
  return entry ? entry.cost((cfg as unknown as Record<string, never>)[name], 10) : 1;
}

/**
 * Whether the config's model is random at test time (attacked with EOT): its kind's section has
 * stochastic neurons (`noise`, not `fixed`) or a front end with its own noise (VOne).
 */
export function stochasticModel(cfg: Config): boolean {
  const sec = section(cfg);
  const random = (n: { fixed?: boolean } | null | undefined) => !!n && !n.fixed;
  return random(sec.noise) || random(sec.frontEnd?.noise);
}

/** The attack phase's stages in the order `evaluateRobustness` runs them, each with its passes (per unit model size). */
export function attackStages(a: AttackEvalConfig, o: { stochastic: boolean; testImages: number }): StageCost[] {
  const n = Math.min(a.images, o.testImages);
  const k = o.stochastic ? a.eotSamples : 1;
  const epsOf = (name: string) => (name in SUITES || name in ATTACKS ? epsFor(a, name as EvaluationName) : a.eps.linf);
  const stages: StageCost[] = [{ stage: "attack:clean", passes: 2 * k * n }];
  for (const name of a.attacks) stages.push({ stage: `attack:${name}`, passes: epsOf(name).filter((e) => e > 0).length * n * k * attackCost(name, a) });
  if (!(a.attacks.includes("pgd-linf") && a.eps.linf.includes(1)))
    stages.push({ stage: "attack:sanity-eps1", passes: Math.min(n, a.sanity.eps1Images) * k * attackCost("pgd-linf", a) });
  const c = a.critical;
  if (c.enabled) {
    // Its images are the initially correct ones among the first n: at most critical.images.
    const images = Math.min(c.images, n);
    [c.attack, ...c.also.filter((x) => x !== c.attack)].forEach((name, i) => {
      const spec = c.grids[name] ?? c.grid;
      const grid = spec ? gridValues(spec) : epsOf(name);
      const probes = c.method === "bisection" ? 2 + c.iters : c.method === "grid-bisection" ? 2 + Math.ceil(Math.log2(grid.length)) : 1 + grid.length;
      stages.push({ stage: i === 0 ? "attack:critical" : `attack:critical-${name}`, passes: images * probes * k * attackCost(name, a) });
    });
  }
  return stages;
}

/** A kind's config section, as far as the cost model reads it. */
interface Section {
  epochs?: number;
  hidden?: number | number[];
  /** Beshkov et al.'s hierarchical net: `width`-wide layers, `depthPerLevel` per level of `hierarchy`. */
  width?: number;
  depthPerLevel?: number;
  hierarchy?: unknown[];
  /** Stochastic neurons, and a front end's own noise. */
  noise?: { fixed?: boolean } | null;
  frontEnd?: { noise?: { fixed?: boolean } | null } | null;
}

function section(cfg: Config): Section {
  return ((cfg as unknown as Record<string, Section | undefined>)[cfg.model] ?? {}) as Section;
}

/** Widths of the model's hidden layers (784-2000-10 when the section says none). */
function hiddenWidths(cfg: Config): number[] {
  const sec = section(cfg);
  return sec.hidden !== undefined
    ? [sec.hidden].flat()
    : sec.width !== undefined
      ? Array(1 + (sec.depthPerLevel ?? 1) * (sec.hierarchy?.length ?? 1)).fill(sec.width)
      : [2000];
}

/** Multiply-adds of one forward pass relative to 784-2000-10 (the training and attack passes scale alike). */
function modelSize(cfg: Config): number {
  const dims = [784, ...hiddenWidths(cfg), 10];
  let macs = 0;
  for (let i = 1; i < dims.length; i++) macs += dims[i - 1] * dims[i];
  return macs / (784 * 2000 + 2000 * 10);
}

/** Every stage of a job (training, then the attack evaluation when the config has one) with its cost. */
export function jobStages(cfg: Config): StageCost[] {
  const train = cfg.data.train ?? 8000;
  const test = cfg.data.test ?? 2000;
  const sec = section(cfg);
  const epochs = sec.epochs ?? 1;
  // Local rules learn without gradients and feed a readout; backprop kinds train every level of a hierarchy in turn.
  const localRule = !!MODEL_KINDS.find((k) => k.name === cfg.model)?.sharedSections?.readout;
  const stages: StageCost[] = localRule
    ? [
        { stage: cfg.model, passes: 0.5 * epochs * train },
        { stage: "readout", passes: 0.5 * (train + test) + 0.05 * ((cfg as { readout?: { epochs?: number } }).readout?.epochs ?? 1) * train },
      ]
    : [{ stage: cfg.model, passes: 2 * (sec.hierarchy?.length ?? 1) * epochs * train }];
  stages.push({ stage: "metrics", passes: 0.5 * test });
  const size = modelSize(cfg);
  const scaled = stages.map((s) => ({ stage: s.stage, passes: s.passes * size }));
  // The analyses after the metrics, in registry order, as each describes its cost (already in passes:
  // most of it, MFTMA's, does not grow with the model).
  // Representations: pixels, logits and the hidden ones (a local layer's currents and features; an MLP's front end and layers).
  const hidden = localRule ? 2 : hiddenWidths(cfg).length + (sec.frontEnd ? 1 : 0);
  const job = { testImages: test, stochastic: stochasticModel(cfg), representations: 2 + hidden, modelSize: size };
  const analyses = (cfg as { analyses?: Record<string, { enabled?: boolean } | undefined> }).analyses ?? {};
  for (const a of ANALYSES) {
    const settings = analyses[a.name];
    if (settings?.enabled && a.cost) scaled.push(...a.cost(settings as never, job));
  }
  if (cfg.attack) scaled.push(...attackStages(cfg.attack, { stochastic: job.stochastic, testImages: test }).map((s) => ({ stage: s.stage, passes: s.passes * size })));
  return scaled;
}

/** Total cost of a job. */
export function totalCost(stages: readonly StageCost[]): number {
  return stages.reduce((a, s) => a + s.passes, 0);
}

/**
 * Cost done by the time of event `e`: the stages before its own (they run in order) plus its own
 * fraction; `before` for an event of a stage the plan does not know (it never moves backwards).
 */
export function costDone(stages: readonly StageCost[], e: ProgressEvent, before = 0): number {
  const i = stages.findIndex((s) => s.stage === e.stage);
  if (i < 0) return before;
  const units = stages[i].units;
  const within =
    e.epoch !== undefined && e.epochs
      ? (e.epoch - 1 + e.done / Math.max(e.total, 1)) / e.epochs
      : units && units.length === e.total
        ? units.slice(0, e.done).reduce((a, b) => a + b, 0) / units.reduce((a, b) => a + b, 0)
        : e.done / Math.max(e.total, 1);
  let done = 0;
  for (let j = 0; j < i; j++) done += stages[j].passes;
  return Math.max(before, done + stages[i].passes * Math.min(1, Math.max(0, within)));
}

/**
 * Seconds left in a study: the cost still to do at the rate of the cost done so far (`elapsed`
 * seconds for `done` of `total`), but never less than any running job still needs at its own rate
 * (at the tail one job runs alone, and the pool's rate would promise it the speed of all workers).
 * Null until 1 % is done.
 */
export function etaSeconds(o: { elapsed: number; done: number; total: number; running: readonly { elapsed: number; done: number; total: number }[] }): number | null {
  if (o.total <= 0 || o.done / o.total < 0.01) return null;
  let left = (o.elapsed * (o.total - o.done)) / o.done;
  for (const r of o.running) if (r.done > 0) left = Math.max(left, (r.elapsed * (r.total - r.done)) / r.done);
  return Math.max(0, left);
}

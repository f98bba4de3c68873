import type { Norm } from "./base.js";
import type { SanityConfig } from "./config.js";
import { attackEntry, noiseOf, oneStepOf } from "./registry.js";
import { suiteEntry } from "./suites.js";
import type { z } from "zod";

/** One cell of the robust-accuracy table, as the sanity checks read it. */
export interface AccuracyCell {
  attack: string;
  norm: Norm;
  eps: number;
  accuracy: number;
  gradientBased: boolean;
  /** A suite's parts with the accuracy after each (cumulative). */
  parts?: { attack: string; accuracy: number }[];
}

/** The outcome of one check; a failed check keeps every violating cell. */
export interface SanityCheck {
  name: string;
  passed: boolean;
  /** True when the check could not run (its attacks were not in the evaluation); counts as passed. */
  skipped?: boolean;
  /** A gradient-masking flag (Carlini et al. 2019; Croce & Hein 2020), reported as such. */
  masking?: boolean;
  /** What was checked, with the threshold. */
  detail: string;
  violations: Record<string, number | string>[];
}

/** Figures the checks need besides the table. */
export interface SanityInput {
  cells: AccuracyCell[];
  cleanAccuracy: number;
  /** PGD-L∞ accuracy at ε = 1 and the images it was measured on. */
  eps1?: { accuracy: number; images: number };
  /** Share of images whose input gradient at the clean point is all zero / has a non-finite entry. */
  gradient?: { zero: number; nonFinite: number; images: number };
}

/** Result of {@link sanityChecks}: `passed` is false as soon as one check fails. */
export interface SanityReport {
  passed: boolean;
  checks: SanityCheck[];
}

const r4 = (v: number) => Math.round(v * 1e4) / 1e4;

/**
 * The checks an honest robustness evaluation passes (Carlini et al. 2019, §5 of REFERENCES); a
 * failure flags a weak attack or gradient masking (e.g. PGD stuck in a dead-relu region, REFERENCES §7):
 * - `pgd-le-one-step`: a multi-step attack's accuracy ≤ its one-step counterpart's + slack, at every shared ε;
 * - `linf-eps1-near-zero`: PGD-L∞ at ε = 1 (the whole cube) leaves accuracy ≤ nearZero;
 * - `noise-weaker`: random noise of a norm costs ≤ noiseRatio × what the strongest gradient attack of
 *   that norm costs at the same ε (+ slack);
 * - `gradients-usable`: at most `zeroGradient` of the images have an all-zero or non-finite input gradient;
 * and the gradient-masking flags (`masking: true`):
 * - `monotone-in-eps`: each attack's accuracy is non-increasing in ε (from the clean accuracy at ε = 0), up to slack;
 * - `gradient-free-finds-more`: a gradient-free attack (Square) breaks images the gradient attacks did not —
 *   in a suite, its part lowers the accuracy left by the gradient parts by more than `gradientFreeSlack`
 *   (AutoAttack's `check_square_sr`, α = 0.002); alone, it beats every gradient attack of its norm and ε by as much;
 * - `apgd-le-pgd`: APGD (alone, a suite's first part, or a whole suite) leaves no more accuracy than PGD at
 *   the same norm and ε, + slack;
 * - `linf-eps1-near-zero` (above): robust accuracy falls to ~0 at a large ε.
 * One function per check; pure functions of the table, so they are tested on hand-made tables.
 */
export function sanityChecks(input: SanityInput, cfg: z.infer<typeof SanityConfig>): SanityReport {
  const t = table(input.cells);
  const checks: SanityCheck[] = [
    oneStepCheck(t, cfg.slack),
    monotoneCheck(t, input.cleanAccuracy, cfg.slack),
    eps1Check(input.eps1, cfg.nearZero),
    noiseCheck(t, input.cleanAccuracy, cfg),
    gradientsCheck(input.gradient, cfg.zeroGradient),
    gradientFreeCheck(input.cells, cfg.gradientFreeSlack),
    apgdCheck(input.cells, cfg.slack),
  ];
  return { passed: checks.every((c) => c.passed), checks };
}

/** The table's lookups the checks share. */
interface Table {
  cells: AccuracyCell[];
  attacks: string[];
  /** An attack's cells in increasing ε. */
  by(attack: string): AccuracyCell[];
  at(attack: string, eps: number): AccuracyCell | undefined;
}

function table(cells: AccuracyCell[]): Table {
  return {
    cells,
    attacks: [...new Set(cells.map((c) => c.attack))],
    by: (a) => cells.filter((c) => c.attack === a).sort((p, q) => p.eps - q.eps),
    at: (a, eps) => cells.find((c) => c.attack === a && c.eps === eps),
  };
}

function oneStepCheck(t: Table, s: number): SanityCheck {
  const v: SanityCheck["violations"] = [];
  let pairs = 0;
  for (const multi of t.attacks) {
    const one = oneStepOf(multi);
    if (!one) continue;
    for (const c of t.by(multi)) {
      const o = t.at(one, c.eps);
      if (!o) continue;
      pairs++;
      if (c.accuracy > o.accuracy + s) v.push({ attack: multi, oneStep: one, eps: c.eps, accuracy: r4(c.accuracy), oneStepAccuracy: r4(o.accuracy) });
    }
  }
  return {
    name: "pgd-le-one-step",
    passed: v.length === 0,
    ...(pairs === 0 ? { skipped: true } : {}),
    detail: `multi-step accuracy ≤ one-step accuracy + ${s} at every ε (${pairs} pairs)`,
    violations: v,
  };
}

/** Accuracy that does not fall as ε grows is a gradient-masking flag too (Carlini et al. 2019's checklist). */
function monotoneCheck(t: Table, clean: number, s: number): SanityCheck {
  const v: SanityCheck["violations"] = [];
  for (const a of t.attacks) {
    let prev = { eps: 0, accuracy: clean };
    for (const c of t.by(a)) {
      if (c.accuracy > prev.accuracy + s) v.push({ attack: a, eps: c.eps, accuracy: r4(c.accuracy), previousEps: prev.eps, previousAccuracy: r4(prev.accuracy) });
      prev = c;
    }
  }
  return { name: "monotone-in-eps", passed: v.length === 0, masking: true, detail: `accuracy non-increasing in ε (slack ${s}), starting from the clean accuracy`, violations: v };
}

function eps1Check(e: SanityInput["eps1"], nearZero: number): SanityCheck {
  const ok = !e || e.accuracy <= nearZero;
  return {
    name: "linf-eps1-near-zero",
    passed: ok,
    masking: true,
    ...(e ? {} : { skipped: true }),
    detail: e ? `PGD-L∞ accuracy at ε = 1 on ${e.images} images ≤ ${nearZero}` : "not run",
    violations: ok ? [] : [{ attack: "pgd-linf", eps: 1, accuracy: r4(e!.accuracy) }],
  };
}

function noiseCheck(t: Table, clean: number, cfg: z.infer<typeof SanityConfig>): SanityCheck {
  const s = cfg.slack;
  const v: SanityCheck["violations"] = [];
  let pairs = 0;
  for (const norm of ["linf", "l2"] as Norm[]) {
    const noise = noiseOf(norm);
    if (!noise) continue;
    for (const n of t.by(noise)) {
      if (n.eps === 0) continue;
      const grads = t.cells.filter((c) => c.norm === norm && c.gradientBased && c.eps === n.eps);
      if (grads.length === 0) continue;
      pairs++;
      const strongest = grads.reduce((p, q) => (q.accuracy < p.accuracy ? q : p));
      const dropNoise = clean - n.accuracy;
      const dropAttack = clean - strongest.accuracy;
      if (dropNoise > cfg.noiseRatio * dropAttack + s)
        v.push({ noise, attack: strongest.attack, eps: n.eps, noiseAccuracy: r4(n.accuracy), attackAccuracy: r4(strongest.accuracy) });
    }
  }
  return {
    name: "noise-weaker",
    passed: v.length === 0,
    ...(pairs === 0 ? { skipped: true } : {}),
    detail: `accuracy lost to noise ≤ ${cfg.noiseRatio} × accuracy lost to the strongest gradient attack of the same norm and ε, + ${s} (${pairs} pairs)`,
    violations: v,
  };
}

function gradientsCheck(g: SanityInput["gradient"], zeroGradient: number): SanityCheck {
  const bad = g ? g.zero + g.nonFinite : 0;
  const ok = !g || bad <= zeroGradient;
  return {
    name: "gradients-usable",
    passed: ok,
    ...(g ? {} : { skipped: true }),
    detail: g ? `images with an all-zero or non-finite input gradient ≤ ${zeroGradient} (of ${g.images})` : "not run",
    violations: ok ? [] : [{ zero: r4(g!.zero), nonFinite: r4(g!.nonFinite) }],
  };
}

const flagsOf = (name: string) => (suiteEntry(name) ? undefined : attackEntry(name).flags);
/** A gradient-free attack that is not the noise baseline (Square). */
const searchesWithoutGradients = (name: string) => {
  const f = flagsOf(name);
  return !!f && !f.gradientBased && !f.noiseBaseline;
};

function gradientFreeCheck(cells: AccuracyCell[], slack: number): SanityCheck {
  const v: SanityCheck["violations"] = [];
  let pairs = 0;
  for (const c of cells) {
    if (c.eps === 0) continue;
    if (c.parts) {
      c.parts.forEach((part, k) => {
        if (k === 0 || !searchesWithoutGradients(part.attack) || !c.parts!.slice(0, k).some((q) => flagsOf(q.attack)?.gradientBased)) return;
        pairs++;
        const before = c.parts![k - 1].accuracy;
        if (part.accuracy < before - slack) v.push({ attack: c.attack, part: part.attack, eps: c.eps, accuracyBefore: r4(before), accuracyAfter: r4(part.accuracy) });
      });
    } else if (searchesWithoutGradients(c.attack)) {
      const grads = cells.filter((g) => g.norm === c.norm && g.eps === c.eps && g.gradientBased);
      if (grads.length === 0) continue;
      pairs++;
      const best = Math.min(...grads.map((g) => g.accuracy));
      if (c.accuracy < best - slack) v.push({ attack: c.attack, eps: c.eps, accuracy: r4(c.accuracy), gradientAccuracy: r4(best) });
    }
  }
  return {
    name: "gradient-free-finds-more",
    passed: v.length === 0,
    masking: true,
    ...(pairs === 0 ? { skipped: true } : {}),
    detail: `a gradient-free attack (Square) lowers the accuracy left by the gradient attacks by at most ${slack} (${pairs} comparisons)`,
    violations: v,
  };
}

function apgdCheck(cells: AccuracyCell[], slack: number): SanityCheck {
  const v: SanityCheck["violations"] = [];
  let pairs = 0;
  for (const c of cells) {
    if (c.eps === 0) continue;
    const pgd = cells.filter((g) => g.norm === c.norm && g.eps === c.eps && flagsOf(g.attack)?.pgd);
    if (pgd.length === 0) continue;
    const pgdAccuracy = Math.min(...pgd.map((g) => g.accuracy));
    const measured: [string, number][] = [];
    if (flagsOf(c.attack)?.apgd) measured.push([c.attack, c.accuracy]);
    if (c.parts) {
      if (flagsOf(c.parts[0].attack)?.apgd) measured.push([`${c.attack}:${c.parts[0].attack}`, c.parts[0].accuracy]);
      measured.push([c.attack, c.accuracy]);
    }
    for (const [what, accuracy] of measured) {
      pairs++;
      if (accuracy > pgdAccuracy + slack) v.push({ attack: what, eps: c.eps, accuracy: r4(accuracy), pgdAccuracy: r4(pgdAccuracy) });
    }
  }
  return {
    name: "apgd-le-pgd",
    passed: v.length === 0,
    masking: true,
    ...(pairs === 0 ? { skipped: true } : {}),
    detail: `APGD and suites leave at most PGD's accuracy + ${slack} at the same norm and ε (${pairs} comparisons)`,
    violations: v,
  };
}

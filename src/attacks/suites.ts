import { z } from "zod";
import type { Norm } from "./base.js";
import { defineSuite, type AnySuiteEntry } from "./entry.js";
import { ATTACK_NAMES, ATTACKS, type AttackName } from "./registry.js";

/** A suite's parts: registry attacks of the suite's norm, run in this order. */
const parts = (norm: Norm, dflt: AttackName[], source: string) =>
  z
    .array(z.enum(ATTACK_NAMES))
    .min(1)
    .default(dflt)
    .refine((ps) => ps.every((p) => ATTACKS[p].norm === norm), { message: `every part must be an attack of the suite's norm (${norm})` })
    .describe(`Attacks run in order, each on the images every earlier one left correct (${source}).`);

/** A suite's own ε grid, when it should run at fewer budgets than the cheaper attacks (it costs ~100× PGD per robust image). */
const epsGrid = (norm: Norm) =>
  z
    .array(norm === "linf" ? z.number().min(0).max(1) : z.number().min(0))
    .min(1)
    .optional()
    .describe(`ε grid of this suite; default the evaluation's grid of its norm (eps.${norm}).`);

const eot = z
  .number()
  .int()
  .min(1)
  .default(20)
  .describe("EOT samples per gradient of every part on a stochastic model (autoattack.py set_version('rand'): eot_iter = 20); accuracies use the evaluation's eotSamples.");

/** A standard version: the given parts, a stochastic model getting `rand` instead. */
const standard = <const N extends string>(name: N, norm: Norm, title: string, ps: AttackName[], source: string, rand: string, description: string) =>
  defineSuite({
    name,
    title,
    description,
    norm,
    schema: z.object({ parts: parts(norm, ps, source), eps: epsGrid(norm) }).strict(),
    parts: (o) => o.parts.map((attack) => ({ attack })),
    stochastic: rand,
  });

/** A rand version: the given parts with EOT over `eotSamples` draws per gradient. */
const randomized = <const N extends string>(name: N, norm: Norm, title: string, ps: AttackName[], source: string, description: string) =>
  defineSuite({
    name,
    title,
    description,
    norm,
    schema: z.object({ parts: parts(norm, ps, source), eotSamples: eot, eps: epsGrid(norm) }).strict(),
    parts: (o) => o.parts.map((attack) => ({ attack, eotSamples: o.eotSamples })),
  });

/**
 * AutoAttack, standard version (Croce & Hein, ICML 2020; `autoattack.py` `set_version('standard')`):
 * APGD-CE → APGD-T → FAB-T → Square, each on the images the earlier parts left correct. A stochastic
 * model gets {@link autoattackRand} instead.
 */
export const autoattack = standard(
  "autoattack",
  "linf",
  "AutoAttack",
  ["apgd-ce", "apgd-t", "fab-t", "square"],
  "autoattack.py standard: apgd-ce, apgd-t, fab-t, square",
  "autoattack-rand",
  "AutoAttack, standard version: APGD-CE → APGD-T → FAB-T → Square on the still-robust images (Croce & Hein 2020); stochastic models get autoattack-rand",
);

/**
 * AutoAttack's version for randomized defenses (`set_version('rand')`): APGD-CE then APGD-DLR, one
 * run each, gradients averaged over 20 EOT samples (Athalye et al. 2018).
 */
export const autoattackRand = randomized(
  "autoattack-rand",
  "linf",
  "AutoAttack (rand)",
  ["apgd-ce", "apgd-dlr"],
  "autoattack.py rand: apgd-ce, apgd-dlr",
  "AutoAttack for randomized models: APGD-CE → APGD-DLR with EOT over 20 samples (Croce & Hein 2020)",
);

/** AutoAttack's standard version under L2: APGD-CE → APGD-T → FAB-T → Square, all under L2. */
export const autoattackL2 = standard(
  "autoattack-l2",
  "l2",
  "AutoAttack-L2",
  ["apgd-ce-l2", "apgd-t-l2", "fab-t-l2", "square-l2"],
  "autoattack.py standard under L2",
  "autoattack-rand-l2",
  "AutoAttack, standard version under L2: APGD-CE → APGD-T → FAB-T → Square on the still-robust images; stochastic models get autoattack-rand-l2",
);

/** {@link autoattackRand} under L2. */
export const autoattackRandL2 = randomized(
  "autoattack-rand-l2",
  "l2",
  "AutoAttack-L2 (rand)",
  ["apgd-ce-l2", "apgd-dlr-l2"],
  "autoattack.py rand under L2",
  "AutoAttack for randomized models under L2: APGD-CE → APGD-DLR with EOT over 20 samples",
);

/** Every suite, listed once. */
export const SUITE_ENTRIES = [autoattack, autoattackRand, autoattackL2, autoattackRandL2] as const;

type Suites = (typeof SUITE_ENTRIES)[number];

/** Registry names of the suites. */
export type SuiteName = Suites["name"];

/** The suites by name. */
export const SUITES = Object.fromEntries(SUITE_ENTRIES.map((e) => [e.name, e])) as { [E in Suites as E["name"]]: E };

/** All suite names, in registry order. */
export const SUITE_NAMES = SUITE_ENTRIES.map((e) => e.name) as [SuiteName, ...SuiteName[]];

/** The suite entry of a name, or undefined for an attack. */
export function suiteEntry(name: string): AnySuiteEntry | undefined {
  return (SUITES as Record<string, AnySuiteEntry>)[name];
}

import { apgdCeEntry, apgdCeL2Entry, apgdDlrEntry, apgdDlrL2Entry, apgdTEntry, apgdTL2Entry } from "./apgd.js";
import type { FixedEpsilonAttack, Norm } from "./base.js";
import type { AnyAttackEntry } from "./entry.js";
import { fabTEntry, fabTL2Entry } from "./fab.js";
import { fgmL2Entry } from "./fgmL2.js";
import { fgsmEntry } from "./fgsm.js";
import { noiseL2Entry, noiseLinfEntry } from "./noise.js";
import { pgdL2Entry } from "./pgdL2.js";
import { pgdLinfEntry } from "./pgdLinf.js";
import { squareEntry, squareL2Entry } from "./square.js";

/** Every fixed-ε attack, listed once, in the order tables and help show them. */
export const ATTACK_ENTRIES = [
  fgsmEntry,
  pgdLinfEntry,
  noiseLinfEntry,
  fgmL2Entry,
  pgdL2Entry,
  noiseL2Entry,
  apgdCeEntry,
  apgdDlrEntry,
  apgdTEntry,
  fabTEntry,
  squareEntry,
  apgdCeL2Entry,
  apgdDlrL2Entry,
  apgdTL2Entry,
  fabTL2Entry,
  squareL2Entry,
] as const;

type Entries = (typeof ATTACK_ENTRIES)[number];

/** Registry names of the attacks. */
export type AttackName = Entries["name"];

/** The attacks by name. */
export const ATTACKS = Object.fromEntries(ATTACK_ENTRIES.map((e) => [e.name, e])) as { [E in Entries as E["name"]]: E };

/** All attack names, in registry order. */
export const ATTACK_NAMES = ATTACK_ENTRIES.map((e) => e.name) as [AttackName, ...AttackName[]];

/** The entry of an attack; the error lists the known names. */
export function attackEntry(name: string): AnyAttackEntry {
  const entry = (ATTACKS as Record<string, AnyAttackEntry>)[name];
  if (!entry) throw new Error(`unknown attack '${name}' (known: ${ATTACK_NAMES.join(", ")})`);
  return entry;
}

/**
 * Builds an attack by name from its options (validated by its own schema, defaults filled in; an
 * unknown option is an error naming it).
 */
export function makeAttack(name: string, options: unknown = {}): FixedEpsilonAttack {
  const entry = attackEntry(name);
  const r = entry.schema.safeParse(options ?? {});
  if (!r.success) throw new Error(`attack '${name}': ${r.error.issues.map((i) => `${i.path.join(".") || "(options)"}: ${i.message}`).join("; ")}`);
  return entry.make(r.data);
}

/** The one-step attack a multi-step one must beat at every ε (Carlini et al. 2019), from its flags. */
export function oneStepOf(name: string): string | undefined {
  return (ATTACKS as Record<string, AnyAttackEntry>)[name]?.flags.oneStep;
}

/** The random baseline of a norm (the entry flagged `noiseBaseline`). */
export function noiseOf(norm: Norm): string | undefined {
  return (ATTACK_ENTRIES as readonly AnyAttackEntry[]).find((e) => e.norm === norm && e.flags.noiseBaseline)?.name;
}

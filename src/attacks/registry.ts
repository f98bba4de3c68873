import type { FixedEpsilonAttack, Norm } from "./base.js";
import { FgmL2 } from "./fgmL2.js";
import { Fgsm } from "./fgsm.js";
import { GaussianNoise } from "./noise.js";
import type { PgdOptions } from "./pgd.js";
import { PgdL2 } from "./pgdL2.js";
import { PgdLinf } from "./pgdLinf.js";

/** Options any attack factory may read (iterative attacks use them, one-step ones ignore them). */
export type AttackOptions = Partial<PgdOptions>;

/** Every fixed-ε attack, one line each, with its norm (known without building it). */
export const ATTACKS = {
  fgsm: { norm: "linf", make: (_o: AttackOptions) => new Fgsm() },
  "pgd-linf": { norm: "linf", make: (o: AttackOptions) => new PgdLinf(o) },
  "noise-linf": { norm: "linf", make: (_o: AttackOptions) => new GaussianNoise("linf") },
  "fgm-l2": { norm: "l2", make: (_o: AttackOptions) => new FgmL2() },
  "pgd-l2": { norm: "l2", make: (o: AttackOptions) => new PgdL2(o) },
  "noise-l2": { norm: "l2", make: (_o: AttackOptions) => new GaussianNoise("l2") },
} as const satisfies Record<string, { norm: Norm; make: (o: AttackOptions) => FixedEpsilonAttack }>;

/** Registry names of the attacks. */
export type AttackName = keyof typeof ATTACKS;

/** All attack names, in registry order. */
export const ATTACK_NAMES = Object.keys(ATTACKS) as [AttackName, ...AttackName[]];

/** Builds an attack by name; the error lists the known names. */
export function makeAttack(name: string, o: AttackOptions = {}): FixedEpsilonAttack {
  const entry = (ATTACKS as Record<string, { make: (o: AttackOptions) => FixedEpsilonAttack }>)[name];
  if (!entry) throw new Error(`unknown attack '${name}' (known: ${ATTACK_NAMES.join(", ")})`);
  return entry.make(o);
}

/**
 * The single-step attack a multi-step one must beat at every ε (Carlini et al. 2019), and the random
 * baseline of each norm.
 */
export const ONE_STEP_OF: Partial<Record<AttackName, AttackName>> = { "pgd-linf": "fgsm", "pgd-l2": "fgm-l2" };
export const NOISE_OF: Record<Norm, AttackName> = { linf: "noise-linf", l2: "noise-l2" };

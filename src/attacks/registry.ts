import type { FixedEpsilonAttack, Norm } from "./base.js";
import { FgmL2 } from "./fgmL2.js";
import { Fgsm } from "./fgsm.js";
import { GaussianNoise } from "./noise.js";
import type { PgdOptions } from "./pgd.js";
import { PgdL2 } from "./pgdL2.js";
import { PgdLinf } from "./pgdLinf.js";

/** Options any attack factory may read (iterative attacks use them, one-step ones ignore them). */
export type AttackOptions = Partial<PgdOptions>;

/** What an attack entry tells about itself without being built. */
interface AttackEntry {
  norm: Norm;
  description: string;
  make: (o: AttackOptions) => FixedEpsilonAttack;
  /** Gradient evaluations per image for one run (1 forward pass counts as ½), for cost estimates only. */
  passes: (o: AttackOptions) => number;
}

const pgdPasses = (o: AttackOptions) => ((o.steps ?? 40) + 1) * (o.restarts ?? 1);

/** Every fixed-ε attack, one line each: its norm, what it is, how to build it, what it costs. */
export const ATTACKS = {
  fgsm: { norm: "linf", description: "fast gradient sign method (Goodfellow et al. 2015)", make: () => new Fgsm(), passes: () => 2 },
  "pgd-linf": { norm: "linf", description: "projected gradient descent under L∞ (Madry et al. 2018), options in attack.pgd", make: (o) => new PgdLinf(o), passes: pgdPasses },
  "noise-linf": { norm: "linf", description: "Gaussian noise scaled to L∞ norm ε (the random baseline)", make: () => new GaussianNoise("linf"), passes: () => 1 },
  "fgm-l2": { norm: "l2", description: "fast gradient method under L2", make: () => new FgmL2(), passes: () => 2 },
  "pgd-l2": { norm: "l2", description: "projected gradient descent under L2, options in attack.pgd", make: (o) => new PgdL2(o), passes: pgdPasses },
  "noise-l2": { norm: "l2", description: "Gaussian noise scaled to L2 norm ε (the random baseline)", make: () => new GaussianNoise("l2"), passes: () => 1 },
} as const satisfies Record<string, AttackEntry>;

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

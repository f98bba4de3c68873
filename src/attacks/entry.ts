import type { z } from "zod";
import type { FixedEpsilonAttack, Norm } from "./base.js";

/** Capability flags of an attack (foolbox-style), read by the table-driven tests and the sanity checks. */
export interface AttackFlags {
  /** Needs input gradients (a model whose gradients are masked defeats it). */
  gradientBased: boolean;
  /** Draws random numbers (random starts, noise, random squares): results depend on the seed. */
  randomized: boolean;
  /** The one-step attack of the same norm this multi-step one must beat at every ε (Carlini et al. 2019). */
  oneStep?: string;
  /** The random baseline of its norm: every gradient attack must cost far more accuracy than it. */
  noiseBaseline?: boolean;
  /** A PGD-style attack that APGD must match or beat at the same ε (gradient-masking flag). */
  pgd?: boolean;
  /** An adaptive-step attack (APGD) compared against the {@link pgd} attacks of its norm. */
  apgd?: boolean;
  /** Searches the closest adversarial (FAB): returns it when within ε, else the clean image. */
  minimalNorm?: boolean;
}

/**
 * One attack of the registry, describing itself (STYLE §12): its name, norm, option schema (zod,
 * defaults = the paper's or the reference code's, each field documented), factory, cost and flags.
 * The attack config's per-attack sections, the CLI's flags and their help are derived from these.
 */
export interface AttackEntry<N extends string = string, S extends z.ZodObject = z.ZodObject> {
  /** Registry name (`pgd-linf`); also the name of its section in the attack config. */
  readonly name: N;
  /** Short human title (`PGD-L∞`). */
  readonly title: string;
  /** One sentence: what it is and where it comes from. */
  readonly description: string;
  readonly norm: Norm;
  /** Its options: a strict zod object whose every field has a default and a `.describe`. */
  readonly schema: S;
  /** Builds the attack from resolved options. */
  make(options: z.output<S>): FixedEpsilonAttack;
  /**
   * Gradient evaluations per image for one run (a forward pass counts ½), before EOT; `classes` is
   * the model's number of classes (targeted attacks run one pass per target). For cost estimates only.
   */
  cost(options: z.output<S>, classes: number): number;
  readonly flags: AttackFlags;
}

/** An entry with its types erased, as lists and lookups hold it. */
export type AnyAttackEntry = AttackEntry<string, z.ZodObject>;

/** Declares an attack entry, keeping its name and option types. */
export function defineAttack<const N extends string, S extends z.ZodObject>(e: AttackEntry<N, S>): AttackEntry<N, S> {
  return e;
}

/** One part of a suite: a registry attack and, optionally, the EOT samples its gradients use. */
export interface SuitePart {
  attack: string;
  /** EOT samples per gradient of this part on a stochastic model (overrides the evaluation's). */
  eotSamples?: number;
}

/**
 * A suite: attacks run in order on one batch, each only on the images every earlier part left
 * correctly classified (AutoAttack's cascade, Croce & Hein 2020); the suite's robust accuracy is the
 * per-image worst case over its parts.
 */
export interface SuiteEntry<N extends string = string, S extends z.ZodObject = z.ZodObject> {
  readonly name: N;
  readonly title: string;
  readonly description: string;
  readonly norm: Norm;
  readonly schema: S;
  /** The parts, in the order they run. */
  parts(options: z.output<S>): SuitePart[];
  /** The suite a stochastic model gets instead (AutoAttack's `rand` version), if any. */
  readonly stochastic?: string;
}

export type AnySuiteEntry = SuiteEntry<string, z.ZodObject>;

/** Declares a suite entry, keeping its name and option types. */
export function defineSuite<const N extends string, S extends z.ZodObject>(e: SuiteEntry<N, S>): SuiteEntry<N, S> {
  return e;
}

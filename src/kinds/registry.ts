import type { z } from "zod";
import { KERNELS } from "../kernels/registry.js";
import type { KernelEntry } from "../kernels/types.js";
import type { Model, ModelArtifacts } from "../models/types.js";
import { khKind } from "./kh/kind.js";
import { mlpKind } from "./mlp/kind.js";
import { softhebbKind } from "./softhebb/kind.js";
import type { ModelKind } from "./types.js";

export type { ModelKind };

/**
 * Every model kind, one line each (the first is the default `model`). The config's `model` enum and
 * sections, the CLI's flags and help, the page's controls, study arms, presets and the loaders of
 * saved models all derive from this list.
 */
const KINDS = [
  khKind,
  softhebbKind,
  mlpKind,
] as const satisfies readonly ModelKind[];
export const MODEL_KINDS: readonly ModelKind[] = KINDS;

/** The kinds' own config sections, by kind name, as the resolved config holds them. */
export type KindSections = { [K in (typeof KINDS)[number] as K["name"]]: z.infer<K["schema"]> };

/** The sections kinds share ({@link ModelKind.sharedSections}), as the resolved config holds them. */
export type SharedSections = UnionToIntersection<SharedOf<(typeof KINDS)[number]>>;
type SharedOf<K> = K extends { sharedSections: infer S } ? { [N in keyof S]: S[N] extends z.ZodType ? z.infer<S[N]> : never } : never;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** The names of {@link MODEL_KINDS}, as the config's enum takes them. */
export function modelKindNames(): [string, ...string[]] {
  return MODEL_KINDS.map((k) => k.name) as [string, ...string[]];
}

/** The kind called `name`; the error lists the known ones. */
export function modelKind(name: string): ModelKind {
  const k = MODEL_KINDS.find((m) => m.name === name);
  if (!k) throw new Error(`config.model: unknown model '${name}' (known: ${modelKindNames().join(", ")})`);
  return k;
}

/**
 * The kind that saved `a`. Models saved before kinds recorded their own name said `kh` for every
 * local rule and named the rule in `config.learner` (absent: Krotov–Hopfield).
 */
export function kindOfArtifacts(a: ModelArtifacts): ModelKind {
  const learner = (a.config as { learner?: unknown }).learner;
  const name = typeof learner === "string" && MODEL_KINDS.some((k) => k.name === learner) ? learner : a.kind;
  const k = MODEL_KINDS.find((m) => m.name === name);
  if (!k) throw new Error(`unknown model kind '${a.kind}' (known: ${modelKindNames().join(", ")})`);
  return k;
}

/** Rebuilds any saved model through its kind's `load` (tfjs must be initialized); the error lists the known kinds. */
export async function modelFromArtifacts(a: ModelArtifacts): Promise<Model> {
  return kindOfArtifacts(a).load(a);
}

/** Every WASM kernel with its twin: the shared families' and every kind's own (a test holds them to the module's exports). */
export function allKernels(): KernelEntry[] {
  return [...KERNELS, ...MODEL_KINDS.flatMap((k) => k.kernels ?? [])];
}

import type { z } from "zod";
import { KERNELS } from "../kernels/registry.js";
import type { KernelEntry } from "../kernels/types.js";
import type { Model, ModelArtifacts } from "../models/types.js";
import { hierarchicalKind } from "./hierarchical/kind.js";
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
  hierarchicalKind,
] as const satisfies readonly ModelKind[];

/** The kinds' own config sections, by kind name, as the resolved config holds them. */
export type KindSections = { [K in (typeof KINDS)[number] as K["name"]]: z.infer<K["schema"]> };

/** The sections kinds share ({@link ModelKind.sharedSections}), as the resolved config holds them. */
export type SharedSections = UnionToIntersection<SharedOf<(typeof KINDS)[number]>>;
type SharedOf<K> = K extends { sharedSections: infer S } ? { [N in keyof S]: S[N] extends z.ZodType ? z.infer<S[N]> : never } : never;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/**
 * The lookups of a list of kinds: by name, by saved artifacts, their kernels. The package's are
 * {@link MODEL_KINDS}'s (below); a test builds them over the list plus a toy kind to show that
 * everything derives from the list.
 */
export function kindRegistry(kinds: readonly ModelKind[]) {
  /** The names of the kinds, as the config's enum takes them. */
  const modelKindNames = (): [string, ...string[]] => kinds.map((k) => k.name) as [string, ...string[]];
  const kindOfArtifacts = (a: ModelArtifacts): ModelKind => {
    const learner = (a.config as { learner?: unknown }).learner;
    const name = typeof learner === "string" && kinds.some((k) => k.name === learner) ? learner : a.kind;
    const k = kinds.find((m) => m.name === name);
    if (!k) throw new Error(`unknown model kind '${a.kind}' (known: ${modelKindNames().join(", ")})`);
    return k;
  };
  return {
    MODEL_KINDS: kinds,
    modelKindNames,
    /** The kind called `name`; the error lists the known ones. */
    modelKind(name: string): ModelKind {
      const k = kinds.find((m) => m.name === name);
      if (!k) throw new Error(`config.model: unknown model '${name}' (known: ${modelKindNames().join(", ")})`);
      return k;
    },
    /**
     * The kind that saved `a`. Models saved before kinds recorded their own name said `kh` for every
     * local rule and named the rule in `config.learner` (absent: Krotov–Hopfield).
     */
    kindOfArtifacts,
    /** Rebuilds any saved model through its kind's `load` (tfjs must be initialized); the error lists the known kinds. */
    modelFromArtifacts: async (a: ModelArtifacts): Promise<Model> => kindOfArtifacts(a).load(a),
    /** Every WASM kernel with its twin: the shared families' and every kind's own (a test holds them to the module's exports). */
    allKernels(): KernelEntry[] {
      return [...KERNELS, ...kinds.flatMap((k) => k.kernels ?? [])];
    },
  };
}

export const { MODEL_KINDS, modelKindNames, modelKind, kindOfArtifacts, modelFromArtifacts, allKernels } = kindRegistry(KINDS);

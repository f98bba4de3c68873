import { LOCAL_RULES } from "../../learners/rules.js";
import { localKind } from "./local.js";
import { mlpKind } from "./mlp.js";
import type { ModelKind } from "./types.js";

/**
 * Every model kind the runner trains: one per local rule ({@link LOCAL_RULES}), then the backprop
 * MLP. Everything that lists kinds derives from this.
 */
export const MODEL_KINDS: readonly ModelKind[] = [...LOCAL_RULES.map(localKind), mlpKind];

/** The names of {@link MODEL_KINDS}, as the config's enum takes them. */
export const MODEL_KIND_NAMES = MODEL_KINDS.map((k) => k.name) as [string, ...string[]];

/** The kind called `name`; the error lists the known ones. */
export function modelKind(name: string): ModelKind {
  const k = MODEL_KINDS.find((m) => m.name === name);
  if (!k) throw new Error(`config.model: unknown model '${name}' (known: ${MODEL_KIND_NAMES.join(", ")})`);
  return k;
}

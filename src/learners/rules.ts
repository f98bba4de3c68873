import { krotovRule } from "./krotov/rule.js";
import { softhebbRule } from "./softhebb/rule.js";
import type { LocalRule } from "./types.js";

export type { LocalRule };

/** Every local learning rule, one line each; everything that lists them derives from this. */
export const LOCAL_RULES = [krotovRule, softhebbRule] as const;

/** The rule called `name`; the error lists the known ones. */
export function localRule(name: string): LocalRule {
  const r = (LOCAL_RULES as readonly LocalRule[]).find((l) => l.name === name);
  if (!r) throw new Error(`unknown local rule '${name}' (known: ${LOCAL_RULES.map((l) => l.name).join(", ")})`);
  return r;
}

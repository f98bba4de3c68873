import { z } from "zod";
import { isometric } from "./isometric.js";
import { jacobian, jacobianHidden } from "./jacobian.js";
import { l2 } from "./l2.js";
import { spectral, spectralUnanchored } from "./spectral.js";
import type { Regularizer, RegularizerDeps, RegularizerEntry } from "./types.js";

export type { RegularizerDeps };

/** Every regularizer, one line each; the config's union, the CLI's choices and the docs derive from it. */
export const REGULARIZERS = [l2, jacobian, jacobianHidden, isometric, spectral, spectralUnanchored] as const satisfies readonly RegularizerEntry[];

/** Any regularizer's config, `{ name, …settings }`, validated by name (for the experiment config schema). */
export const RegularizerConfig: z.ZodType<RegularizerConfig> = z.discriminatedUnion(
  "name",
  REGULARIZERS.map((r) => (r.schema as z.ZodObject).extend({ name: z.literal(r.name) }).strict()) as unknown as [z.ZodObject<{ name: z.ZodString }>, ...z.ZodObject<{ name: z.ZodString }>[]],
);
/** `{ name, …settings }` of any registered regularizer. */
export type RegularizerConfig = { name: string } & Record<string, unknown>;

/** The entry called `name`; the error lists the known ones. */
export function regularizerEntry(name: string): RegularizerEntry {
  const e = (REGULARIZERS as readonly RegularizerEntry[]).find((r) => r.name === name);
  if (!e) throw new Error(`unknown regularizer '${name}' (known: ${REGULARIZERS.map((r) => r.name).join(", ")})`);
  return e;
}

/**
 * Rebuilds a regularizer from `{ name, …settings }` (what `settings()` returns); missing settings
 * take the published defaults. Errors name the regularizer and the setting.
 */
export function regularizerFromConfig(c: { name: string } & Record<string, unknown>, deps: RegularizerDeps = {}): Regularizer {
  const { name, ...raw } = c;
  const e = regularizerEntry(name);
  const r = e.schema.safeParse(raw);
  if (!r.success) throw new Error(`regularizer ${name}: ${r.error.issues.map((i) => `${i.path.join(".") || "(settings)"}: ${i.message}`).join("; ")}`);
  return e.make(r.data, deps);
}

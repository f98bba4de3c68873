import { z } from "zod";
import { MODEL_KINDS } from "../kinds/registry.js";
import { resolveConfig } from "./config.js";

/**
 * A preset: a named, versioned experiment config read from a paper's public
 * code, shipped as data in its model kind's folder (`src/kinds/<kind>/presets.ts`). A config
 * names one with `preset: "NAME"`; its own fields, and then CLI flags, override
 * the preset's (deep merge: objects merge, everything else replaces).
 */
export const Preset = z
  .object({
    format: z.literal("hebblab-preset/1"),
    /** Lower-case words joined by `-`. */
    name: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be lower-case words joined by '-'"),
    /** Bumped whenever the config changes, so results record which settings they ran. */
    version: z.number().int().min(1),
    title: z.string().min(1),
    /** Where the settings were read (repository, files, paper). */
    source: z.string().min(1),
    /** Where hebblab differs from the source, and why. */
    notes: z.string().optional(),
    /** A (partial) experiment config; validated with the experiment schema. */
    config: z.record(z.string(), z.unknown()),
  })
  .strict();
export type Preset = z.infer<typeof Preset>;

/** Reads presets by name ({@link kindPresets}: those of every model kind; tests may pass their own). */
export interface PresetSource {
  names(): Promise<string[]>;
  /** The raw JSON of preset `name`, or null when there is none. */
  read(name: string): Promise<unknown>;
}

/**
 * Validates a preset's JSON (its own fields and its config); errors name the preset and the field.
 * @param what how to name it in errors (file path or name).
 */
export function parsePreset(raw: unknown, what: string): Preset {
  const r = Preset.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join(".") || "(preset)"}: ${i.message}`);
    throw new Error(`invalid preset ${what}:\n${lines.join("\n")}`);
  }
  try {
    resolveConfig(r.data.config);
  } catch (e) {
    throw new Error(`invalid preset ${what}: its config is not valid: ${(e as Error).message}`);
  }
  return r.data;
}

/** Every preset of a source, validated, sorted by name. */
export async function listPresets(source: PresetSource): Promise<Preset[]> {
  const names = (await source.names()).sort();
  return Promise.all(names.map(async (n) => parsePreset(await source.read(n), n)));
}

/**
 * The raw config with its `preset` (a name) expanded: the preset's config, overridden by
 * every other field of `raw`; `preset` is replaced by `{ name, version }` so results record
 * what ran. A config without `preset` is returned as it is.
 * @throws naming the preset and the known ones when it does not exist.
 */
export async function expandPreset(raw: Record<string, unknown>, source: PresetSource): Promise<Record<string, unknown>> {
  const name = raw.preset;
  if (name === undefined) return raw;
  if (typeof name !== "string") {
    if (isObject(name)) return raw; // already expanded ({ name, version })
    throw new Error(`config.preset: expected a preset name, got ${JSON.stringify(name)}`);
  }
  const json = await source.read(name);
  if (json === null) throw new Error(`unknown preset '${name}' (known: ${(await source.names()).sort().join(", ") || "none"})`);
  const preset = parsePreset(json, name);
  const { preset: _drop, ...rest } = raw;
  return { ...deepMerge(structuredClone(preset.config), rest), preset: { name: preset.name, version: preset.version } };
}

/** `over` merged into `base` (mutated and returned): plain objects merge key by key, anything else replaces. */
export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    const b = base[k];
    base[k] = isObject(v) && isObject(b) ? deepMerge(b, v) : v;
  }
  return base;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The presets every model kind ships ({@link ModelKind.presets}), by name; platform-neutral. */
export const kindPresets: PresetSource = {
  async names() {
    return MODEL_KINDS.flatMap((k) => (k.presets ?? []).map((p) => (p as { name: string }).name));
  },
  async read(name) {
    for (const k of MODEL_KINDS) for (const p of k.presets ?? []) if ((p as { name: string }).name === name) return structuredClone(p);
    return null;
  },
};

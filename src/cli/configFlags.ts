import type { Command } from "commander";
import type { z } from "zod";
import { configFields, type ConfigField } from "../runner/configDoc.js";
import { MODEL_KINDS } from "../kinds/registry.js";
import type { CustomFlag } from "../kinds/types.js";
import { int, num } from "./options.js";

/**
 * The short flags of `hebblab train` that set a model kind's settings (`--hidden`, `--p`,
 * `--reg`…), with their help and parser derived from the kinds' flag maps and the config schema:
 * a new rule's flags appear here, documented, without an edit.
 */
export function addModelFlags(cmd: Command): Command {
  const fields = new Map(configFields().map((f) => [f.path, f]));
  for (const [flag, custom] of customFlags()) {
    if (custom.value === "number") cmd.option(`--${kebab(flag)} <x>`, custom.help, (v: string) => num(v));
    else cmd.option(`--${kebab(flag)}`, custom.help);
  }
  for (const [flag, uses] of modelFlagUses()) {
    const used = uses.map(({ kind, path }) => ({ kind, path, field: fields.get(path) }));
    const known = used.filter((u): u is typeof u & { field: ConfigField } => u.field !== undefined);
    if (known.length === 0) throw new Error(`--${kebab(flag)}: no config field at ${uses.map((u) => u.path).join(", ")}`);
    const paths = [...new Map(known.map((u) => [u.path, u.field])).entries()];
    const at = (p: string, f: ConfigField) => `${p}${f.default !== undefined ? ` = ${JSON.stringify(f.default)}` : ""}`;
    // One doc when every setting the flag reaches says the same; else each setting with its own.
    const docs = new Set(paths.map(([, f]) => firstSentence(f.description)));
    const what = docs.size === 1 ? [...docs][0] : "";
    const where = paths.map(([p, f]) => (what ? at(p, f) : `${at(p, f)}: ${firstSentence(f.description)}`)).join("; ");
    const tags = [...new Set(paths.flatMap(([p]) => [...fields.keys()].map((k) => new RegExp(`^${escape(p)}\\[\\w+=([^\\]]+)\\]`).exec(k)?.[1]).filter(Boolean)))];
    const choices = known[0].field.choices ? ` (${known[0].field.type})` : tags.length ? ` (${tags.join(" | ")})` : "";
    const parse = parserFor(known.map((u) => u.field));
    const value = parse ? ` <${known[0].field.type.startsWith("list") ? "list" : "value"}>` : "";
    const help = what ? `${what}${choices} [${where}]` : `${where}${choices}`;
    if (parse) cmd.option(`--${kebab(flag)}${value}`, help, parse as (v: string, p: unknown) => unknown);
    else cmd.option(`--${kebab(flag)}`, help);
  }
  return cmd;
}

/** Every model flag that sets one config path, with the kinds that read it and the path each sets, in first-seen order. */
export function modelFlagUses(): Map<string, { kind: string; path: string }[]> {
  const out = new Map<string, { kind: string; path: string }[]>();
  for (const k of MODEL_KINDS) {
    for (const [flag, path] of Object.entries(k.flags)) if (typeof path === "string") out.set(flag, [...(out.get(flag) ?? []), { kind: k.name, path }]);
  }
  return out;
}

/** The kinds' flags that act on more than one setting ({@link CustomFlag}), each once. */
function customFlags(): Map<string, CustomFlag> {
  const out = new Map<string, CustomFlag>();
  for (const k of MODEL_KINDS) for (const [flag, c] of Object.entries(k.flags)) if (typeof c !== "string") out.set(flag, c);
  return out;
}

/**
 * One flag per top-level field of `schema` (`--class-points` for `classPoints`), with the field's
 * doc and default as help and a parser fitting its type. Returns flag → field, for {@link pickFlags}.
 */
export function addSchemaFlags(cmd: Command, schema: z.ZodType): Record<string, string> {
  const map: Record<string, string> = {};
  for (const f of configFields(schema)) {
    if (f.path.includes(".") || f.path.includes("[")) continue;
    const parse = parserFor([f]);
    const help = `${firstSentence(f.description)}${f.choices ? ` (${f.type})` : ""}${f.default !== undefined ? ` [default ${JSON.stringify(f.default)}]` : ""}`;
    if (parse) cmd.option(`--${kebab(f.path)} <value>`, help, parse as (v: string, p: unknown) => unknown);
    else cmd.option(`--${kebab(f.path)}`, help);
    map[f.path] = f.path;
  }
  return map;
}

/** The flags of {@link addSchemaFlags} that were given, as a raw config object. */
export function pickFlags(flags: Record<string, unknown>, map: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(map).flatMap(([flag, path]) => (flags[flag] === undefined ? [] : [[path, flags[flag]]])));
}

/** `--set path=value` (repeatable): any config setting; the value is JSON when it parses as JSON, else a string. */
export function parseSetting(value: string, previous: [string, unknown][] | undefined): [string, unknown][] {
  const eq = value.indexOf("=");
  if (eq <= 0) throw new Error(`--set ${value}: expected PATH=VALUE (e.g. kh.hidden=100; \`hebblab config\` lists every path)`);
  const path = value.slice(0, eq).trim();
  const text = value.slice(eq + 1);
  let v: unknown = text;
  try {
    v = JSON.parse(text);
  } catch {
    // A bare word (`relu`, `idx:/data`) is a string.
  }
  return [...(previous ?? []), [path, v]];
}

type Parser = (value: string, previous: unknown) => unknown;

/** The commander parser fitting every field a flag may set (none: a boolean switch). */
function parserFor(fields: readonly ConfigField[]): Parser | undefined {
  const types = fields.map((f) => f.type);
  if (types.every((t) => t === "boolean")) return undefined;
  if (types.some((t) => t.startsWith("list of object") || t.startsWith("list of {"))) return collect;
  if (types.some((t) => t.startsWith("list of integer"))) return intList;
  if (types.some((t) => t.includes(" or number"))) return (v) => (/^[+-]?\d/.test(v) ? num(v) : v);
  if (types.every((t) => t.startsWith("integer"))) return (v) => int(v);
  if (types.every((t) => t.startsWith("number") || t.startsWith("integer"))) return (v) => num(v);
  return (v) => v;
}

/** `2000` → 2000, `100,100,100` → [100, 100, 100]. */
function intList(value: string): number | number[] {
  const parts = value.split(",").map((v) => int(v.trim()));
  return parts.length === 1 ? parts[0] : parts;
}

/** A repeatable, comma-separated option. */
function collect(value: string, previous: unknown): string[] {
  return [...((previous as string[] | undefined) ?? []), ...value.split(",").map((v) => v.trim()).filter(Boolean)];
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function firstSentence(s: string): string {
  const m = /^(.*?[.)])(\s|$)/.exec(s);
  return (m ? m[1] : s).replace(/\.$/, "");
}

/** `readoutLr` → `readout-lr` (commander's inverse); a one-letter flag (`R`) stays as it is. */
export function kebab(s: string): string {
  return s.length === 1 ? s : s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

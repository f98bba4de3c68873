import { z } from "zod";
import { Config } from "./config.js";

/** One setting of the experiment config, as the schema describes it. */
export interface ConfigField {
  /** Dotted path (`kh.hidden`); a variant of a list of tagged objects reads `mlp.regularizers[name=l2].strength`. */
  readonly path: string;
  /** JSON type in words: `integer ≥ 1`, `number in (0, 1]`, `one of relu | tanh`, `list of number`… */
  readonly type: string;
  /** The default when the setting is left out (absent: none, or computed at run time). */
  readonly default?: unknown;
  readonly description: string;
  /** Allowed values, when they are a closed set. */
  readonly choices?: readonly (string | number)[];
}

/** The JSON Schema of a config (zod's, input side: what a user may write). */
type Node = {
  type?: string;
  properties?: Record<string, Node>;
  items?: Node;
  anyOf?: Node[];
  oneOf?: Node[];
  enum?: (string | number)[];
  const?: string | number;
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
};

/** The experiment config's JSON Schema; the page builds its controls from it. */
export function configJsonSchema(schema: z.ZodType = Config): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
}

/**
 * Every leaf setting of `schema` (default: the experiment config) with its type, default and doc,
 * in schema order. The CLI's `hebblab config`, its flags' help, `docs/config.md` and the page's
 * tooltips all come from here, so a new field documented with `.describe` shows up everywhere.
 */
export function configFields(schema: z.ZodType = Config): ConfigField[] {
  const out: ConfigField[] = [];
  walk(configJsonSchema(schema) as Node, "", out);
  return out;
}

/** The field at `path`, or undefined. */
export function configField(path: string, schema: z.ZodType = Config): ConfigField | undefined {
  return configFields(schema).find((f) => f.path === path);
}

function walk(node: Node, path: string, out: ConfigField[], inherited = ""): void {
  if (node.type === "object" && node.properties) {
    // A section's own doc stands for fields that have none (`preset.name`).
    for (const [k, v] of Object.entries(node.properties)) walk(v, path ? `${path}.${k}` : k, out, node.description ?? inherited);
    return;
  }
  // A list of tagged objects (regularizers `{ name, … }`): each variant's own settings.
  const variants = node.type === "array" ? node.items?.oneOf : undefined;
  if (variants?.every((v) => v.type === "object" && v.properties)) {
    out.push(leaf(node, path));
    for (const v of variants) {
      const [tagKey, tag] = Object.entries(v.properties ?? {}).find(([, p]) => p.const !== undefined) ?? [];
      for (const [k, p] of Object.entries(v.properties ?? {})) if (k !== tagKey) walk(p, `${path}[${tagKey}=${tag?.const}].${k}`, out);
    }
    return;
  }
  out.push(leaf(node, path, inherited));
}

function leaf(node: Node, path: string, inherited = ""): ConfigField {
  const choices = node.enum ?? (node.anyOf ?? node.oneOf)?.flatMap((n) => n.enum ?? (n.const !== undefined ? [n.const] : []));
  return {
    path,
    type: typeLabel(node),
    ...(node.default !== undefined ? { default: node.default } : {}),
    description: node.description ?? inherited,
    ...(choices && choices.length > 0 && node.enum ? { choices } : {}),
  };
}

/** A short reading of a schema node's type. */
function typeLabel(node: Node): string {
  if (node.enum) return `one of ${node.enum.join(" | ")}`;
  if (node.const !== undefined) return JSON.stringify(node.const);
  const alts = node.anyOf ?? node.oneOf;
  if (alts) return alts.map(typeLabel).join(" or ");
  if (node.type === "array") return `list of ${node.items ? typeLabel(node.items) : "values"}`;
  if (node.type === "object") return "object";
  if (node.type === "integer" || node.type === "number") return `${node.type}${range(node)}`;
  return node.type ?? "any";
}

function range(n: Node): string {
  const big = 9e15;
  const lo = n.exclusiveMinimum !== undefined ? `> ${n.exclusiveMinimum}` : n.minimum !== undefined && n.minimum > -big ? `≥ ${n.minimum}` : "";
  const hi = n.exclusiveMaximum !== undefined ? `< ${n.exclusiveMaximum}` : n.maximum !== undefined && n.maximum < big ? `≤ ${n.maximum}` : "";
  return lo && hi ? ` ${lo}, ${hi}` : lo || hi ? ` ${lo || hi}` : "";
}

/**
 * `docs/config.md`: every setting as a Markdown table, grouped by section; `more` appends sections
 * of other files' settings (the study file's), each `[title, intro, fields]`.
 */
export function configMarkdown(schema: z.ZodType = Config, more: readonly [string, string, ConfigField[]][] = []): string {
  const fields = configFields(schema);
  const sections = new Map<string, ConfigField[]>();
  for (const f of fields) {
    const top = f.path.includes(".") ? f.path.slice(0, f.path.indexOf(".")).replace(/\[.*$/, "") : "(top level)";
    sections.set(top, [...(sections.get(top) ?? []), f]);
  }
  const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const lines = [
    "# Configuration reference",
    "",
    "Generated from the config schema (`npm run docs`; a test fails when this file is stale). Every",
    "setting can be given in a `--config` file, in a preset, with `hebblab train --set PATH=VALUE`, and",
    "in the browser page's URL (`?PATH=VALUE`). `hebblab config [PREFIX]` prints the same list.",
    "",
  ];
  const table = (list: ConfigField[]) => {
    lines.push("| setting | type | default | description |", "| --- | --- | --- | --- |");
    for (const f of list) {
      const dflt = f.default === undefined ? "" : `\`${JSON.stringify(f.default)}\``;
      lines.push(`| \`${f.path}\` | ${cell(f.type)} | ${cell(dflt)} | ${cell(f.description)} |`);
    }
    lines.push("");
  };
  for (const [name, list] of sections) {
    lines.push(`## ${name}`, "");
    table(list);
  }
  for (const [title, intro, list] of more) {
    lines.push(`## ${title}`, "", intro, "");
    table(list);
  }
  return lines.join("\n");
}

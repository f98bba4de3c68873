import { z } from "zod";
import { AttackEvalConfig } from "../attacks/config.js";
import { DataConfig } from "../data/config.js";
import { findSource } from "../data/sources.js";
import { MODEL_KINDS, modelKindNames, type KindSections, type SharedSections } from "../kinds/registry.js";
import { AnalysesConfig } from "./analyses/registry.js";

// Each section's schema lives with the code it configures; the experiment config assembles them.
export { DataConfig };

/**
 * Experiment configuration: validated once here, with messages that name the
 * field. The CLI and the browser page only build this object.
 */

const int = (min: number) => z.number().int().min(min);

/** One section per model kind, named as the kind, defaults filled; then the sections kinds share (`readout`). */
function kindSections(): Record<string, z.ZodType> {
  const own = MODEL_KINDS.map((k) => [k.name, k.schema.default(k.schema.parse({}))] as const);
  const shared = new Map<string, z.ZodObject>();
  for (const k of MODEL_KINDS) for (const [name, schema] of Object.entries(k.sharedSections ?? {})) shared.set(name, schema);
  const users = (name: string) => MODEL_KINDS.filter((k) => k.sharedSections?.[name]);
  return Object.fromEntries([
    ...own,
    ...[...shared].map(([name, schema]) => {
      const defaults = users(name).flatMap((k) => (k.defaults?.[name] ? [`${k.name} ${JSON.stringify(k.defaults[name])}`] : []));
      const doc = `Read by ${users(name).map((k) => `\`${k.name}\``).join(", ")}${defaults.length ? `; a kind's papers' settings are used where this section leaves them out: ${defaults.join("; ")}` : ""}.`;
      return [name, schema.default(schema.parse({})).describe(doc)] as const;
    }),
  ]);
}

export const Config = z
  .object({
    preset: z
      .object({ name: z.string(), version: z.number().int() }, { error: "a preset name must be expanded first (expandPreset)" })
      .strict()
      .optional()
      .describe("The preset this config started from (`hebblab presets`), recorded as `{ name, version }` once expanded (`expandPreset`; the CLI and the page expand a name before validation)."),
    seed: z.number().int().default(1).describe("Seed of every random stream of the run (initial weights, shuffles, noise); same config and seed give the same numbers on the same backend, on any thread count."),
    model: z
      .enum(modelKindNames())
      .default(modelKindNames()[0])
      .describe(`The model kind to train: ${MODEL_KINDS.map((k) => `\`${k.name}\` (${k.description})`).join("; ")}. Each reads the section of its name.`),
    data: DataConfig.default(DataConfig.parse({})),
    ...(kindSections() as Record<string, z.ZodDefault<z.ZodObject>>),
    analyses: AnalysesConfig.prefault({}),
    attack: AttackEvalConfig.optional().describe("When present, the trained model is attacked as the run's last step (same evaluation as `hebblab attack`)."),
    kernels: z.enum(["auto", "simd", "scalar", "relaxed"]).default("auto").describe("Kernel build: auto picks SIMD when available (and the FMA GEMM of the `relaxed` build where the engine has relaxed SIMD and shared memory); `scalar` always runs on one thread."),
    threads: int(1).max(64).optional().describe("Threads for the WASM kernels (every stage of a KH step, the feature GEMMs and the spectrum's covariance) and for the attack step (its batches are spread over worker threads; Node only). Default: every core (`os.availableParallelism()`, or `navigator.hardwareConcurrency` in a browser). Results do not depend on it. The kernels fall back to 1 without shared-memory WASM threads."),
  })
  .strict();

/** A resolved experiment config: the fixed fields, each kind's section by its name, the shared sections. */
export type Config = z.infer<typeof Config> & KindSections & SharedSections;

/**
 * Validates a raw (JSON) config and fills defaults. Throws one Error that
 * lists every problem as `field.path: message`.
 */
export function resolveConfig(raw: unknown): Config {
  if (raw && typeof raw === "object" && "wasm" in raw) throw new Error("invalid config:\n  wasm: the kernel build is now set by `kernels` (same values: auto, simd, scalar, relaxed)");
  const r = Config.safeParse(withSourceDefaults(withKindDefaults(raw ?? {})));
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join(".") || "(config)"}: ${i.message}`);
    throw new Error(`invalid config:\n${lines.join("\n")}`);
  }
  const cfg = r.data as Config;
  const use = findSource(cfg.data.source)?.source.localRulesUse;
  if (use && MODEL_KINDS.find((k) => k.name === cfg.model)?.needsImages) {
    throw new Error(`invalid config:\n  data.source: '${cfg.data.source}' holds waveforms; model '${cfg.model}' learns from images: use '${use}', the same clips as log-mel images`);
  }
  return cfg;
}

/**
 * The data source's model settings ({@link DataSource.modelDefaults}) under the config's own: a field
 * the config leaves out takes the source's value (so `--data spoken-digits --model mlp` is a waveform
 * model with its log-mel front end).
 */
function withSourceDefaults(raw: unknown): unknown {
  if (typeof raw !== "object" || raw === null) return raw;
  const data = (raw as Record<string, unknown>).data as { source?: unknown } | undefined;
  const defaults = typeof data?.source === "string" ? findSource(data.source)?.source.modelDefaults : undefined;
  return Object.entries(defaults ?? {}).reduce((r, [section, fields]) => underOwn(r, section, fields), raw as Record<string, unknown>);
}

/** The chosen kind's papers' settings in other sections ({@link ModelKind.defaults}) under the config's own. */
function withKindDefaults(raw: unknown): unknown {
  if (typeof raw !== "object" || raw === null) return raw;
  const r = raw as Record<string, unknown>;
  const kind = MODEL_KINDS.find((k) => k.name === (r.model ?? modelKindNames()[0]));
  return Object.entries(kind?.defaults ?? {}).reduce((acc, [section, fields]) => underOwn(acc, section, fields), r);
}

/** `raw` with `defaults` under its own `section` (the section's fields win; a section that is not an object is left to the schema's error). */
function underOwn(raw: Record<string, unknown>, section: string, defaults: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const own = raw[section];
  if (own !== undefined && (typeof own !== "object" || own === null || Array.isArray(own))) return raw;
  const set = Object.entries((own as object | undefined) ?? {}).filter(([, v]) => v !== undefined);
  return { ...raw, [section]: { ...defaults, ...Object.fromEntries(set) } };
}

import { z } from "zod";
import { AttackEvalConfig } from "../attacks/config.js";
import { DataConfig } from "../data/config.js";
import { findSource } from "../data/sources.js";
import { LOCAL_RULES } from "../learners/rules.js";
import { READOUT_HEADS, ReadoutConfig } from "../training/readoutConfig.js";
import { MLP_KIND, MlpSection } from "./pipelines/mlpConfig.js";

// Each section's schema lives with the code it configures; the experiment config assembles them.
export { DataConfig, READOUT_HEADS, ReadoutConfig };

/**
 * Experiment configuration: validated once here, with messages that name the
 * field. The CLI and the browser page only build this object.
 */

const int = (min: number) => z.number().int().min(min);

/** One config section per local rule, named as the rule, defaults filled (from {@link LOCAL_RULES}). */
type RuleSections = { [R in (typeof LOCAL_RULES)[number] as R["name"]]: z.ZodDefault<R["schema"]> };
const ruleSections = Object.fromEntries(
  LOCAL_RULES.map((r) => {
    const schema = r.schema as z.ZodType;
    return [r.name, schema.default(schema.parse({}))];
  }),
) as unknown as RuleSections;

export const Config = z
  .object({
    preset: z
      .object({ name: z.string(), version: z.number().int() }, { error: "a preset name must be expanded first (expandPreset)" })
      .strict()
      .optional()
      .describe("The preset this config started from (`hebblab presets`), recorded as `{ name, version }` once expanded (`expandPreset`; the CLI and the page expand a name before validation)."),
    seed: z.number().int().default(1).describe("Seed of every random stream of the run (initial weights, shuffles, noise); same config and seed give the same numbers on the same backend, on any thread count."),
    model: z.enum([...LOCAL_RULES.map((r): string => r.name), MLP_KIND] as unknown as [string, ...string[]]).default("kh").describe("The model kind to train: one of `MODEL_KINDS` (each local rule's name, and `mlp`)."),
    data: DataConfig.default(DataConfig.parse({})),
    ...ruleSections,
    readout: ReadoutConfig.default(ReadoutConfig.parse({})).describe(
      `The readout a local rule's features feed. A rule may bring its papers' own settings, used where this section leaves them out: ${LOCAL_RULES.filter((r) => "readout" in r)
        .map((r) => `${r.name} ${JSON.stringify((r as { readout?: object }).readout)}`)
        .join("; ")}.`,
    ),
    mlp: MlpSection.default(MlpSection.parse({})).describe("Backprop baseline (`model: \"mlp\"`): widths, regularizers, noise."),
    attack: AttackEvalConfig.optional().describe("When present, the trained model is attacked as the run's last step (same evaluation as `hebblab attack`)."),
    kernels: z.enum(["auto", "simd", "scalar", "relaxed"]).default("auto").describe("Kernel build: auto picks SIMD when available (and the FMA GEMM of the `relaxed` build where the engine has relaxed SIMD and shared memory); `scalar` always runs on one thread."),
    threads: int(1).max(64).optional().describe("Threads for the WASM kernels (every stage of a KH step, the feature GEMMs and the spectrum's covariance) and for the attack step (its batches are spread over worker threads; Node only). Default: every core (`os.availableParallelism()`, or `navigator.hardwareConcurrency` in a browser). Results do not depend on it. The kernels fall back to 1 without shared-memory WASM threads."),
  })
  .strict();

export type Config = z.infer<typeof Config>;

/**
 * Validates a raw (JSON) config and fills defaults. Throws one Error that
 * lists every problem as `field.path: message`.
 */
export function resolveConfig(raw: unknown): Config {
  if (raw && typeof raw === "object" && "wasm" in raw) throw new Error("invalid config:\n  wasm: the kernel build is now set by `kernels` (same values: auto, simd, scalar, relaxed)");
  const r = Config.safeParse(withSourceDefaults(withRuleReadout(raw ?? {})));
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join(".") || "(config)"}: ${i.message}`);
    throw new Error(`invalid config:\n${lines.join("\n")}`);
  }
  const use = findSource(r.data.data.source)?.source.localRulesUse;
  if (use && r.data.model !== MLP_KIND) {
    throw new Error(`invalid config:\n  data.source: '${r.data.data.source}' holds waveforms; local rules (model '${r.data.model}') learn on images: use '${use}', the same clips as log-mel images`);
  }
  return r.data;
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

/** A local rule's readout settings ({@link LocalRule.readout}) under the config's own `readout` section. */
function withRuleReadout(raw: unknown): unknown {
  if (typeof raw !== "object" || raw === null) return raw;
  const r = raw as Record<string, unknown>;
  const rule = LOCAL_RULES.find((l) => l.name === r.model) as { readout?: Record<string, unknown> } | undefined;
  return rule?.readout ? underOwn(r, "readout", rule.readout) : raw;
}

/** `raw` with `defaults` under its own `section` (the section's fields win; a section that is not an object is left to the schema's error). */
function underOwn(raw: Record<string, unknown>, section: string, defaults: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const own = raw[section];
  if (own !== undefined && (typeof own !== "object" || own === null || Array.isArray(own))) return raw;
  const set = Object.entries((own as object | undefined) ?? {}).filter(([, v]) => v !== undefined);
  return { ...raw, [section]: { ...defaults, ...Object.fromEntries(set) } };
}

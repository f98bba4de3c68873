import { setPath } from "../../configPath.js";
import { MODEL_KINDS } from "../../kinds/registry.js";
import { configHash } from "../checkpoint.js";
import { resolveConfig, type Config } from "../config.js";
import { deepMerge, expandPreset, type PresetSource } from "../presets.js";
import type { StudyConfig } from "./config.js";

/** One job: a resolved training config, run by `hebblab run` into its own directory. */
export interface Job {
  format: "hebblab-job/1";
  study: string;
  /** The arm, with its sweep values in the name (`kh-k5`). */
  arm: string;
  /** The arm as the study names it, and its sweep values. */
  baseArm: string;
  sweep: Record<string, unknown>;
  description?: string;
  seed: number;
  /** Directory name under `jobs/`: `<arm>-seed<seed>`. */
  id: string;
  /** The fully resolved training config (attack included). */
  config: Config;
  configHash: string;
}

/**
 * Expands a study into jobs: every arm (preset, then its config, then the sweep values, then the
 * study's data, seed, attack and epochs) × every seed. Each job's config is validated here, so a
 * bad arm is reported before any work, with the arm named.
 */
export async function planStudy(study: StudyConfig, presets: PresetSource): Promise<Job[]> {
  const jobs: Job[] = [];
  for (const [i, arm] of study.arms.entries()) {
    for (const combo of combinations(arm.sweep)) {
      const suffix = Object.entries(combo)
        .map(([k, v]) => `${k.split(".").at(-1)!.toLowerCase()}${String(v).replace(/[^a-zA-Z0-9.]+/g, "")}`)
        .join("-");
      const name = suffix ? `${arm.name}-${suffix}` : arm.name;
      for (const seed of study.seeds) {
        const raw: Record<string, unknown> = deepMerge(structuredClone(arm.config), {});
        if (arm.preset) raw.preset = arm.preset;
        let cfgRaw: Record<string, unknown>;
        try {
          cfgRaw = await expandPreset(raw, presets);
        } catch (e) {
          throw new Error(`study.arms.${i} (${arm.name}): ${(e as Error).message}`);
        }
        for (const [path, v] of Object.entries(combo)) setPath(cfgRaw, path, v);
        cfgRaw.seed = seed;
        cfgRaw.data = study.data;
        cfgRaw.attack = study.attack;
        // Every model kind reads the config section of its own name, its training length `epochs` included.
        if (study.epochs !== undefined) setPath(cfgRaw, `${epochsOf(String(cfgRaw.model ?? MODEL_KINDS[0].name), i, arm.name)}`, study.epochs);
        if (study.analyses !== undefined) cfgRaw.analyses = deepMerge(structuredClone(study.analyses), (cfgRaw.analyses as Record<string, unknown> | undefined) ?? {});
        let config: Config;
        try {
          config = resolveConfig(cfgRaw);
        } catch (e) {
          throw new Error(`study.arms.${i} (${arm.name}${suffix ? `, sweep ${JSON.stringify(combo)}` : ""}): ${(e as Error).message}`);
        }
        jobs.push({
          format: "hebblab-job/1",
          study: study.name,
          arm: name,
          baseArm: arm.name,
          sweep: combo,
          ...(arm.description ? { description: arm.description } : {}),
          seed,
          id: `${name}-seed${seed}`,
          config,
          configHash: configHash(config),
        });
      }
    }
  }
  const ids = new Set<string>();
  for (const j of jobs) {
    if (ids.has(j.id)) throw new Error(`study: two jobs would share the directory jobs/${j.id}; rename an arm`);
    ids.add(j.id);
  }
  return jobs;
}

/** Every combination of a sweep's values, in key order then value order; `{}` → one empty combination. */
export function combinations(sweep: Record<string, unknown[]>): Record<string, unknown>[] {
  let out: Record<string, unknown>[] = [{}];
  for (const [k, values] of Object.entries(sweep)) out = out.flatMap((c) => values.map((v) => ({ ...c, [k]: v })));
  return out;
}

/** The config path of a kind's training length (`<kind>.epochs`), for a study's `epochs`; the error names the arm. */
function epochsOf(kind: string, i: number, arm: string): string {
  const k = MODEL_KINDS.find((m) => m.name === kind);
  const shape = (k?.schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  if (k && !(shape && "epochs" in shape)) throw new Error(`study.arms.${i} (${arm}): model '${kind}' has no epochs setting for the study's epochs`);
  return `${kind}.epochs`;
}

import { type Config } from "../runner/config.js";
import { type PresetSource } from "../runner/presets.js";
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
export declare function planStudy(study: StudyConfig, presets: PresetSource): Promise<Job[]>;
/** Every combination of a sweep's values, in key order then value order; `{}` → one empty combination. */
export declare function combinations(sweep: Record<string, unknown[]>): Record<string, unknown>[];

import type { Rng } from "../rng.js";
import type { KhConfig } from "./krotovConfig.js";
import type { Wasm } from "../wasm/init.js";
import type { LocalLearner } from "./types.js";
/** One local learner: its config name, what it is, and how to build it. */
export interface LearnerEntry {
    readonly name: string;
    readonly description: string;
    readonly create: (w: Wasm, cfg: KhConfig, inputDim: number, rng: Rng) => LocalLearner;
}
/** Every local learner, by the name configs use (SoftHebb will join here). */
export declare const LEARNERS: readonly LearnerEntry[];
/** The learner called `name`; the error lists the known names. */
export declare function learnerByName(name: string): LearnerEntry;

import type { Rng } from "../rng.js";
import type { KhConfig } from "./krotovConfig.js";
import type { Wasm } from "../wasm/init.js";
import { KrotovHopfield } from "./krotov.js";
import type { LocalLearner } from "./types.js";

/** One local learner: its config name, what it is, and how to build it. */
export interface LearnerEntry {
  readonly name: string;
  readonly description: string;
  readonly create: (w: Wasm, cfg: KhConfig, inputDim: number, rng: Rng) => LocalLearner;
}

/** Every local learner, by the name configs use (SoftHebb will join here). */
export const LEARNERS: readonly LearnerEntry[] = [
  {
    name: "kh",
    description: "Krotov–Hopfield competing hidden units (PNAS 2019): top-1 Hebbian, k-th anti-Hebbian",
    create: (w, cfg, inputDim, rng) => KrotovHopfield.create(w, cfg, inputDim, rng),
  },
];

/** The learner called `name`; the error lists the known names. */
export function learnerByName(name: string): LearnerEntry {
  const e = LEARNERS.find((l) => l.name === name);
  if (!e) throw new Error(`unknown learner '${name}' (known: ${LEARNERS.map((l) => l.name).join(", ")})`);
  return e;
}

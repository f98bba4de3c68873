import type { LocalRule } from "../types.js";
import { LOCAL_FLAGS } from "../localConfig.js";
import { KhConfig } from "./config.js";
import { KrotovHopfield } from "./learner.js";

/** Krotov & Hopfield (PNAS 2019; REFERENCES §1): the `kh` model kind and config section. */
export const krotovRule = {
  name: "kh",
  title: "Krotov–Hopfield",
  description: "Krotov–Hopfield competing hidden units (local, unsupervised; PNAS 2019): top-1 Hebbian, k-th anti-Hebbian",
  schema: KhConfig,
  flags: { ...LOCAL_FLAGS, k: "k", delta: "delta", R: "R" },
  create: (w, section, inputDim, rng, opts) => KrotovHopfield.create(w, section, inputDim, rng, opts),
} as const satisfies LocalRule<typeof KhConfig>;

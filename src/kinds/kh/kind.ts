import { localKind } from "../local/localKind.js";
import type { LocalRule } from "../local/rule.js";
import { LOCAL_FLAGS } from "../local/settings.js";
import { KhSection } from "./config.js";
import { KrotovHopfield } from "./learner.js";
import { KH_PRESETS } from "./presets.js";
import { khKernels } from "./kernels.js";

/** Krotov & Hopfield (PNAS 2019; REFERENCES §1) as a local rule: the `kh` config section. */
export const khRule = {
  name: "kh",
  title: "Krotov–Hopfield",
  description: "Krotov–Hopfield competing hidden units (local, unsupervised; PNAS 2019): top-1 Hebbian, k-th anti-Hebbian",
  schema: KhSection,
  flags: { ...LOCAL_FLAGS, k: "k", delta: "delta", R: "R" },
  presets: KH_PRESETS,
  kernels: khKernels,
  create: (w, section, inputDim, rng, opts) => KrotovHopfield.create(w, section, inputDim, rng, opts),
} as const satisfies LocalRule<typeof KhSection>;

/** The `kh` model kind: a Krotov–Hopfield layer and its readout. */
export const khKind = localKind(khRule);

import { localKind } from "../local/localKind.js";
import type { LocalRule } from "../local/rule.js";
import { LOCAL_FLAGS } from "../local/settings.js";
import { SoftHebbSection } from "./config.js";
import { softhebbFeatures } from "./features.js";
import { SoftHebb } from "./learner.js";
import { SOFTHEBB_PRESETS } from "./presets.js";
import { softhebbKernels } from "./kernels.js";

/** SoftHebb (Moraitis et al. 2022; Journé et al., ICLR 2023; REFERENCES §2) as a local rule: the `softhebb` section. */
export const softhebbRule = {
  name: "softhebb",
  title: "SoftHebb",
  description: "SoftHebb soft winner-takes-all (local, unsupervised; Moraitis et al. 2022)",
  schema: SoftHebbSection,
  // The reference's classifier (2SoftMlpMNIST: softmax_5 features, then a linear layer trained with
  // Adam at lr_sup 1e-3); on this layer relu(u)^4.5 with KH's 1e-4 gives 91.2 % instead of 95.5 %.
  readout: { lr: 1e-3, epochs: 20 },
  features: softhebbFeatures,
  presets: SOFTHEBB_PRESETS,
  kernels: softhebbKernels,
  flags: { ...LOCAL_FLAGS, tInv: "tInv", initRadius: "initRadius", readoutActivation: "readoutActivation" },
  create: (w, section, inputDim, rng, opts) => SoftHebb.create(w, section, inputDim, rng, opts),
} as const satisfies LocalRule<typeof SoftHebbSection>;

/** The `softhebb` model kind: a SoftHebb layer and its readout. */
export const softhebbKind = localKind(softhebbRule);

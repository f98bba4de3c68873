import type { LocalRule } from "../types.js";
import { LOCAL_FLAGS } from "../localConfig.js";
import { SoftHebbConfig } from "./config.js";
import { SoftHebb } from "./learner.js";

/** SoftHebb (Moraitis et al. 2022; Journé et al., ICLR 2023; REFERENCES §2): the `softhebb` model kind and section. */
export const softhebbRule = {
  name: "softhebb",
  title: "SoftHebb",
  description: "SoftHebb soft winner-takes-all (local, unsupervised; Moraitis et al. 2022)",
  schema: SoftHebbConfig,
  // The reference's classifier (2SoftMlpMNIST: activation 'softmax_5', then a linear layer trained
  // with Adam at lr_sup 1e-3); on this layer relu(u)^4.5 with KH's 1e-4 gives 91.2 % instead of 95.5 %.
  readout: { activation: "softmax", tInv: 5, lr: 1e-3, epochs: 20 },
  flags: { ...LOCAL_FLAGS, tInv: "tInv", initRadius: "initRadius" },
  create: (w, section, inputDim, rng, opts) => SoftHebb.create(w, section, inputDim, rng, opts),
} as const satisfies LocalRule<typeof SoftHebbConfig>;

import type { ModelKind } from "../types.js";
import { HierarchicalSection } from "./config.js";
import { hierarchicalFromArtifacts } from "./model.js";
import { HIERARCHICAL_PRESETS } from "./presets.js";
import { trainHierarchical } from "./train.js";

/**
 * Beshkov, Verhellen & Lepperød's (2022) hierarchical isometric network (`KBeshkov/HIsometricNets`):
 * a tanh MLP whose levels of depth learn the levels of a label hierarchy through one shared head,
 * each with the isometric term on same-group pairs. It reports each level's accuracy and the
 * isometry at each readout depth; the runner measures and attacks its finest level like any model.
 */
export const hierarchicalKind = {
  name: "hierarchical" as const,
  title: "Hierarchical isometric network",
  description: "Beshkov et al. 2022's hierarchical isometric tanh network: one level of depth per level of a label hierarchy, one shared head",
  schema: HierarchicalSection,
  flags: { isoLambda: "hierarchical.lambda", isoK: "hierarchical.K", frozen: "hierarchical.frozen", epochs: "hierarchical.epochs", lr: "hierarchical.lr", batch: "hierarchical.batch" },
  presets: HIERARCHICAL_PRESETS,
  train: trainHierarchical,
  load: hierarchicalFromArtifacts,
} satisfies ModelKind<typeof HierarchicalSection>;

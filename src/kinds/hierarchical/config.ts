import { z } from "zod";

/** A label hierarchy: per level, a partition of the classes (each class in exactly one group). */
const Hierarchy = z.array(z.array(z.array(z.number().int().min(0)).min(1)).min(1)).min(1);

/**
 * The `hierarchical` section: Beshkov, Verhellen & Lepperød's (2022) hierarchical isometric network,
 * as their public code trains it (`KBeshkov/HIsometricNets`, commit 9cf1b6c, `Analysis/ML_models.py`
 * `HierarchicalRepresentationNetwork`, `Results/HRIM_MNIST.py`; the hierarchy, λ and K of its first
 * version, 213b68d).
 */
export const HierarchicalSection = z
  .object({
    width: z.number().int().min(1).default(100).describe("Units of every hidden layer (the seed: 100)."),
    depthPerLevel: z.number().int().min(1).default(4).describe("Hidden 100→100 layers per level of the hierarchy (the seed: 4, so 12 for its three levels); level b reads out after depthPerLevel·(b + 1) of them."),
    hierarchy: Hierarchy.default([
      [
        [0, 1, 2, 3, 4],
        [5, 6, 7, 8, 9],
      ],
      [
        [0, 1],
        [2, 3],
        [4, 5],
        [6, 7],
        [8, 9],
      ],
      [[0], [1], [2], [3], [4], [5], [6], [7], [8], [9]],
    ]).describe("The label hierarchy, coarse to fine: per level, the groups of classes that count as one label (the seed's MNIST partition: {0–4 | 5–9} → {01, 23, 45, 67, 89} → digits). Level b's label is the index of its class's group; one level of singletons is the flat network of the seed's current version."),
    lambda: z.number().min(0).default(100).describe("λ, the weight of the isometric term λ·mean over the batch's B² pairs of (K·M⊙‖h_i − h_j‖ − M⊙‖x_i − x_j‖)² (the hierarchical version: 100; the current one-level version: 0.1)."),
    K: z.number().positive().default(0.1).describe("K, the scale of the representation distances in the isometric term (the hierarchical version: 0.1; the current version: 10)."),
    isometricLoss: z
      .enum(["mse", "max-normalized"])
      .default("mse")
      .describe(
        "The isometric term: `mse`, λ·mean over the B² pairs of (K·M⊙‖h_i − h_j‖ − M⊙‖x_i − x_j‖)² (`MetricPreservationLoss` from 9cf1b6c on), or `max-normalized`, the first version's λ·(mean over the pairs of (M⊙D_h/(K·max M⊙D_h) − M⊙D_x/max M⊙D_x)²)², each distance matrix divided by its largest entry (213b68d, where λ = 100 and K = 0.1 were set).",
      ),
    lr: z.number().positive().default(1e-3).describe("Adam learning rate (the seed: 1e-3, PyTorch's Adam: β 0.9/0.999, ε 1e-8, one optimizer for every level)."),
    batch: z.number().int().min(1).default(100).describe("Mini-batch size (the seed: 100; a last partial batch is trained too, as PyTorch's DataLoader does)."),
    epochs: z.number().int().min(1).default(5).describe("Epochs (the seed: 5); every batch trains each level in turn, coarse to fine, so each level sees every epoch."),
    frozen: z
      .enum(["earlier-levels", "seed"])
      .default("earlier-levels")
      .describe(
        "What a level's step leaves alone. `earlier-levels`: level b ≥ 1 trains with the input layer and the first depthPerLevel·b hidden layers frozen (everything level b − 1 reads through; only the shared head keeps learning for every level). `seed`: what the seed's `restricted_backward_pass` freezes, counting parameters in PyTorch's registration order (its hidden-layer list comes before the input layer): level b ≥ 1 freezes hidden layers 1…depthPerLevel·b but not the input layer, and level 0 freezes the first hidden layer's weight (the counter is checked before it counts), which therefore never trains.",
      ),
  })
  .strict();
export type HierarchicalSection = z.infer<typeof HierarchicalSection>;

/** Level labels of classes `labels`: for each level the index of the class's group; the error names the class missing from a level. */
export function levelLabels(hierarchy: number[][][], labels: ArrayLike<number>, classes: number): Int32Array[] {
  return hierarchy.map((groups, b) => {
    const groupOf = new Int32Array(classes).fill(-1);
    groups.forEach((g, i) =>
      g.forEach((c) => {
        if (c >= classes) throw new Error(`hierarchical.hierarchy[${b}]: class ${c} does not exist (the data has ${classes})`);
        if (groupOf[c] >= 0) throw new Error(`hierarchical.hierarchy[${b}]: class ${c} is in two groups`);
        groupOf[c] = i;
      }),
    );
    const missing = groupOf.findIndex((g) => g < 0);
    if (missing >= 0) throw new Error(`hierarchical.hierarchy[${b}]: class ${missing} is in no group (every level must partition the ${classes} classes)`);
    return Int32Array.from(labels, (c) => groupOf[c]);
  });
}

/** A level's groups in words: `0–4 | 5–9`, `01 | 23 | …`. */
export function levelName(groups: number[][]): string {
  return groups.map((g) => (g.length > 2 && g.every((c, i) => i === 0 || c === g[i - 1] + 1) ? `${g[0]}–${g[g.length - 1]}` : g.join(""))).join(" | ");
}

/**
 * Presets of the `hierarchical` kind (`hebblab presets`; `train --preset NAME`): the two versions
 * of Beshkov et al.'s public code.
 */
export const HIERARCHICAL_PRESETS = [
  {
    format: "hebblab-preset/1",
    name: "beshkov-hierarchical",
    version: 1,
    title: "Beshkov et al.'s hierarchical isometric network on MNIST (the defaults of `--model hierarchical`)",
    source:
      "KBeshkov/HIsometricNets: Results/HRIM_MNIST.py of 213b68d (partition {0–4 | 5–9} → {01, 23, 45, 67, 89} → digits, 4 layers per level, Iso_coef λ = 100, K = 0.1, batch 100, 5 epochs) with Analysis/ML_models.py of 9cf1b6c (HierarchicalRepresentationNetwork: one Adam 1e-3 for every level, each batch trains each level in turn, isometric loss λ·MSE(K·M⊙D_h, M⊙D_x)); orthogonal hidden weights from f3e4330",
    notes:
      "213b68d's own loss normalized both distance matrices by their maxima and built a new Adam at every step; 9cf1b6c fixed both and hebblab follows it. The seed computes in float64; tfjs-wasm has no float64, so hebblab runs in float32. The seed's input distances are pixel distances of the whole training set, precomputed; hebblab computes the batch's pixel distances (the same numbers up to rounding). What a level freezes: see `hierarchical.frozen` (`seed` is the seed's exact freezing).",
    config: { model: "hierarchical" },
  },
  {
    format: "hebblab-preset/1",
    name: "beshkov-isometric",
    version: 1,
    title: "Beshkov et al.'s current, flat isometric network: one level (the ten digits), λ = 0.1, K = 10",
    source: "KBeshkov/HIsometricNets at HEAD: Results/HRIM_MNIST.py (partition of singletons, Iso_coef 0.1, K 10, 4 layers, batch 100, 5 epochs), Analysis/ML_models.py (NN_class with orthogonal hidden weights)",
    notes: "The same network as the default study's `isometric` arm (784 → 100 → 4 × 100 → 10 tanh, isometric λ₁ 0.1, λ₂ 10), with the seed's own initialization and Adam (PyTorch's) instead of the MLP kind's Glorot init and tfjs's Adam.",
    config: { model: "hierarchical", hierarchical: { hierarchy: [[[0], [1], [2], [3], [4], [5], [6], [7], [8], [9]]], lambda: 0.1, K: 10 } },
  },
] as const;

/**
 * Presets of the `kh` kind: named, versioned configs read from its papers' public code
 * (`hebblab presets`; `train --preset NAME`). Data, validated by the runner's preset schema.
 */
export const KH_PRESETS = [
  {
    "format": "hebblab-preset/1",
    "name": "krotov-notebook",
    "version": 1,
    "title": "Krotov's demonstration notebook: 100 units, p = 2",
    "source": "DimaKrotov/Biological_Learning (Unsupervised_learning_algorithm_MNIST.ipynb): hidden 100, p = 2, k = 2, Δ = 0.4, ε₀ = 0.02, batch 100, 200 epochs over MNIST; inputs as unit vectors (Krotov, Biological_Learning issue 4); head c = tanh(β·S·relu(I)^n), loss Σ|c − t|^m, m = 6 (Krotov & Hopfield 2019)",
    "notes": "The notebook feeds raw pixels (M/255, no normalization) and only learns the hidden layer; this preset follows Krotov's later advice (Biological_Learning issue 4) and scales inputs to unit L2 norm; set kh.inputNorm to \"none\" for the notebook as written. The head is the paper's; its β is not given in REFERENCES, so hebblab's default is used.",
    "config": {
      "model": "kh",
      "kh": {
        "hidden": 100,
        "p": 2,
        "k": 2,
        "delta": 0.4,
        "R": 1,
        "lr": 0.02,
        "epochs": 200,
        "batch": 100,
        "inputNorm": 2
      },
      "readout": {
        "n": 4.5,
        "head": "krotov",
        "m": 6,
        "lr": 0.001
      }
    }
  },
  {
    "format": "hebblab-preset/1",
    "name": "local-learning-mnist",
    "version": 1,
    "title": "Krotov–Hopfield on MNIST as Holzhausen et al. (2024) train it",
    "source": "holzhauk/LocalLearning: src/llearn_MNIST.py (hyperparameters, 1000 epochs, batch 100), src/LocalLearning/Data.py (LpUnitMNIST: inputs scaled to unit L^p, p = 3), src/LocalLearning/LocalLearning.py (FKHL3; weight_convergence_criterion(1e-2, 0.1), weight_mean_criterion); readout relu(I)^4.5 → linear, Adam 1e-3",
    "notes": "The reference decays ε as (1 − epoch/1000)·ε₀ for epochs 1..1000 (the last, ε = 0, is skipped); hebblab uses Krotov's ε₀·(1 − e/E) for e = 0..E−1. The reference trains the readout without standardizing features; hebblab standardizes them (readout.standardize) unless told otherwise.",
    "config": {
      "model": "kh",
      "kh": {
        "hidden": 2000,
        "p": 3,
        "k": 7,
        "delta": 0.4,
        "R": 1,
        "lr": 0.04,
        "epochs": 1000,
        "batch": 100,
        "inputNorm": "p",
        "convergence": {
          "tol": 0.01,
          "maxUnconverged": 0.1,
          "stopWhenMet": false
        }
      },
      "readout": {
        "n": 4.5,
        "head": "linear",
        "lr": 0.001
      }
    }
  },
] as const;

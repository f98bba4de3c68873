/**
 * Presets of the `softhebb` kind: named, versioned configs read from its papers' public code
 * (`hebblab presets`; `train --preset NAME`). Data, validated by the runner's preset schema.
 */
export const SOFTHEBB_PRESETS = [
  {
    "format": "hebblab-preset/1",
    "name": "softhebb-mnist",
    "version": 2,
    "title": "SoftHebb as the reference trains it: one layer of 2000 units, one epoch of batch 32",
    "source": "NeuromorphicComputing/SoftHebb: presets.json (model 2SoftMlpMNIST: layer soft-c2000-t12-lr0.045-r35-v1 = 2000 units, 1/τ = 12, η₀ = 0.045, radius 35, adaptive rate with power_lr 0.2, p = 2, positive init; classifier input 'softmax_5', Adam lr_sup 1e-3), hebblinear.py (HebbSoftLinear), dataset preset '1-32' (one epoch, batch 32)",
    "notes": "The reference's one epoch is of the 60,000 MNIST digits (1,875 steps). On the embedded 8,000 (250 steps) the norms only fall from 35 to ≈ 32 and softmax(5·u) is nearly one-hot: 53.1 % (seed 1). The default `--model softhebb` trains 20 epochs instead (95.5 %). The readout settings (softmax(5·u), Adam 1e-3, 20 epochs) are SoftHebb's own defaults.",
    "config": {
      "model": "softhebb",
      "softhebb": {
        "hidden": 2000,
        "p": 2,
        "tInv": 12,
        "lr": 0.045,
        "schedule": "constant",
        "powerLr": 0.2,
        "initRadius": 35,
        "epochs": 1,
        "batch": 32,
        "inputNorm": "none"
      }
    }
  },
] as const;

/**
 * Presets of the `mlp` kind: named, versioned configs read from its papers' public code
 * (`hebblab presets`; `train --preset NAME`). Data, validated by the runner's preset schema.
 */
export const MLP_PRESETS = [
  {
    "format": "hebblab-preset/1",
    "name": "vone-mnist",
    "version": 1,
    "title": "VOne front end (Gabor simple and complex cells, Poisson-like noise) + MLP 2000 relu, sized for 28×28 digits",
    "source": "dicarlolab/vonenet (vonenet.py: sf_corr 0.75, k_exc 25, stride 4, noise 'neuronal' scale 0.35 level 0.07; params.py: V1 parameter distributions); Dapello et al. 2020, 2021",
    "notes": "VOneNet's bank is 256 + 256 channels of 25-px kernels on 224-px images spanning 8°; for 28×28 digits hebblab uses 32 + 32 channels of 11-px kernels, the image spanning 2° (14 px/°, spatial frequencies up to Nyquist, 7 cycles/°). The back end is the MLP baseline (784 → 2000 → 10 becomes 3136 → 2000 → 10); VOneNet's back ends are CNNs. Attacks use EOT (the model is stochastic).",
    "config": {
      "model": "mlp",
      "mlp": {
        "frontEnd": {
          "kind": "vone"
        }
      }
    }
  },
] as const;

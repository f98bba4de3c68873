import { z } from "zod";
import { ATTACKS } from "./registry.js";
/** Default ε for L∞ on MNIST pixels in [0, 1] (REFERENCES §5; the list). */
export declare const DEFAULT_EPS_LINF: number[];
/** Default ε for L2 on MNIST. */
export declare const DEFAULT_EPS_L2: number[];
/** PGD settings shared by `pgd-linf` and `pgd-l2`. */
export declare const PgdConfig: z.ZodObject<{
    steps: z.ZodDefault<z.ZodNumber>;
    relStepSize: z.ZodOptional<z.ZodNumber>;
    restarts: z.ZodDefault<z.ZodNumber>;
    randomStart: z.ZodDefault<z.ZodBoolean>;
    select: z.ZodDefault<z.ZodEnum<{
        best: "best";
        last: "last";
    }>>;
}, z.core.$strict>;
/** Critical perturbation per initially correct image (Holzhausen et al. 2024). */
export declare const CriticalConfig: z.ZodObject<{
    enabled: z.ZodDefault<z.ZodBoolean>;
    attack: z.ZodDefault<z.ZodEnum<{
        "fgm-l2": "fgm-l2";
        fgsm: "fgsm";
        "pgd-l2": "pgd-l2";
        "pgd-linf": "pgd-linf";
        "noise-linf": "noise-linf";
        "noise-l2": "noise-l2";
    }>>;
    also: z.ZodDefault<z.ZodArray<z.ZodEnum<{
        "fgm-l2": "fgm-l2";
        fgsm: "fgsm";
        "pgd-l2": "pgd-l2";
        "pgd-linf": "pgd-linf";
        "noise-linf": "noise-linf";
        "noise-l2": "noise-l2";
    }>>>;
    method: z.ZodDefault<z.ZodEnum<{
        bisection: "bisection";
        grid: "grid";
    }>>;
    iters: z.ZodDefault<z.ZodNumber>;
    max: z.ZodOptional<z.ZodNumber>;
    grid: z.ZodOptional<z.ZodArray<z.ZodNumber>>;
    images: z.ZodDefault<z.ZodNumber>;
}, z.core.$strict>;
/** Thresholds of the sanity checks (Carlini et al. 2019, "On evaluating adversarial robustness"). */
export declare const SanityConfig: z.ZodObject<{
    slack: z.ZodDefault<z.ZodNumber>;
    nearZero: z.ZodDefault<z.ZodNumber>;
    eps1Images: z.ZodDefault<z.ZodNumber>;
    noiseRatio: z.ZodDefault<z.ZodNumber>;
    zeroGradient: z.ZodDefault<z.ZodNumber>;
}, z.core.$strict>;
/**
 * Everything that defines an attack evaluation; recorded whole in its results so that a run can be
 * reproduced. Validated once here, with messages naming the field.
 */
export declare const AttackEvalConfig: z.ZodObject<{
    seed: z.ZodDefault<z.ZodNumber>;
    images: z.ZodDefault<z.ZodNumber>;
    batch: z.ZodDefault<z.ZodNumber>;
    attacks: z.ZodDefault<z.ZodArray<z.ZodEnum<{
        "fgm-l2": "fgm-l2";
        fgsm: "fgsm";
        "pgd-l2": "pgd-l2";
        "pgd-linf": "pgd-linf";
        "noise-linf": "noise-linf";
        "noise-l2": "noise-l2";
    }>>>;
    eps: z.ZodPrefault<z.ZodObject<{
        linf: z.ZodDefault<z.ZodArray<z.ZodNumber>>;
        l2: z.ZodDefault<z.ZodArray<z.ZodNumber>>;
    }, z.core.$strict>>;
    pgd: z.ZodPrefault<z.ZodObject<{
        steps: z.ZodDefault<z.ZodNumber>;
        relStepSize: z.ZodOptional<z.ZodNumber>;
        restarts: z.ZodDefault<z.ZodNumber>;
        randomStart: z.ZodDefault<z.ZodBoolean>;
        select: z.ZodDefault<z.ZodEnum<{
            best: "best";
            last: "last";
        }>>;
    }, z.core.$strict>>;
    loss: z.ZodDefault<z.ZodEnum<{
        ce: "ce";
        margin: "margin";
    }>>;
    eotSamples: z.ZodDefault<z.ZodNumber>;
    critical: z.ZodPrefault<z.ZodObject<{
        enabled: z.ZodDefault<z.ZodBoolean>;
        attack: z.ZodDefault<z.ZodEnum<{
            "fgm-l2": "fgm-l2";
            fgsm: "fgsm";
            "pgd-l2": "pgd-l2";
            "pgd-linf": "pgd-linf";
            "noise-linf": "noise-linf";
            "noise-l2": "noise-l2";
        }>>;
        also: z.ZodDefault<z.ZodArray<z.ZodEnum<{
            "fgm-l2": "fgm-l2";
            fgsm: "fgsm";
            "pgd-l2": "pgd-l2";
            "pgd-linf": "pgd-linf";
            "noise-linf": "noise-linf";
            "noise-l2": "noise-l2";
        }>>>;
        method: z.ZodDefault<z.ZodEnum<{
            bisection: "bisection";
            grid: "grid";
        }>>;
        iters: z.ZodDefault<z.ZodNumber>;
        max: z.ZodOptional<z.ZodNumber>;
        grid: z.ZodOptional<z.ZodArray<z.ZodNumber>>;
        images: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strict>>;
    sanity: z.ZodPrefault<z.ZodObject<{
        slack: z.ZodDefault<z.ZodNumber>;
        nearZero: z.ZodDefault<z.ZodNumber>;
        eps1Images: z.ZodDefault<z.ZodNumber>;
        noiseRatio: z.ZodDefault<z.ZodNumber>;
        zeroGradient: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strict>>;
}, z.core.$strict>;
export type AttackEvalConfig = z.infer<typeof AttackEvalConfig>;
export type AttackEvalInput = z.input<typeof AttackEvalConfig>;
/** Validates and fills defaults; throws one message listing each bad field by its path. */
export declare function parseAttackConfig(input: unknown): AttackEvalConfig;
/** The ε list an attack is evaluated at (by its norm). */
export declare function epsFor(c: AttackEvalConfig, attack: keyof typeof ATTACKS): number[];

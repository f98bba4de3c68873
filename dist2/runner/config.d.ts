import { z } from "zod";
import { DataConfig } from "../data/config.js";
import { KhConfig } from "../learners/krotovConfig.js";
import { SoftHebbConfig } from "../learners/softhebbConfig.js";
import { READOUT_HEADS, ReadoutConfig } from "../training/readoutConfig.js";
export { DataConfig, KhConfig, READOUT_HEADS, ReadoutConfig, SoftHebbConfig };
export declare const Config: z.ZodObject<{
    preset: z.ZodOptional<z.ZodObject<{
        name: z.ZodString;
        version: z.ZodNumber;
    }, z.core.$strict>>;
    seed: z.ZodDefault<z.ZodNumber>;
    model: z.ZodDefault<z.ZodEnum<{
        [x: string]: string;
    }>>;
    data: z.ZodDefault<z.ZodObject<{
        source: z.ZodDefault<z.ZodString>;
        train: z.ZodOptional<z.ZodNumber>;
        test: z.ZodOptional<z.ZodNumber>;
        splitSeed: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strict>>;
    kh: z.ZodDefault<z.ZodObject<{
        hidden: z.ZodDefault<z.ZodNumber>;
        p: z.ZodDefault<z.ZodNumber>;
        k: z.ZodDefault<z.ZodNumber>;
        delta: z.ZodDefault<z.ZodNumber>;
        R: z.ZodDefault<z.ZodNumber>;
        lr: z.ZodDefault<z.ZodNumber>;
        epochs: z.ZodDefault<z.ZodNumber>;
        batch: z.ZodDefault<z.ZodNumber>;
        inputNorm: z.ZodDefault<z.ZodUnion<readonly [z.ZodEnum<{
            none: "none";
            p: "p";
        }>, z.ZodNumber]>>;
        convergence: z.ZodDefault<z.ZodObject<{
            tol: z.ZodDefault<z.ZodNumber>;
            maxUnconverged: z.ZodDefault<z.ZodNumber>;
            stopWhenMet: z.ZodDefault<z.ZodBoolean>;
        }, z.core.$strict>>;
    }, z.core.$strict>>;
    softhebb: z.ZodDefault<z.ZodObject<{
        hidden: z.ZodDefault<z.ZodNumber>;
        p: z.ZodDefault<z.ZodNumber>;
        tInv: z.ZodDefault<z.ZodNumber>;
        lr: z.ZodDefault<z.ZodNumber>;
        powerLr: z.ZodDefault<z.ZodNumber>;
        initRadius: z.ZodDefault<z.ZodNumber>;
        epochs: z.ZodDefault<z.ZodNumber>;
        batch: z.ZodDefault<z.ZodNumber>;
        inputNorm: z.ZodDefault<z.ZodUnion<readonly [z.ZodEnum<{
            none: "none";
            p: "p";
        }>, z.ZodNumber]>>;
        convergence: z.ZodDefault<z.ZodObject<{
            tol: z.ZodDefault<z.ZodNumber>;
            maxUnconverged: z.ZodDefault<z.ZodNumber>;
            stopWhenMet: z.ZodDefault<z.ZodBoolean>;
        }, z.core.$strict>>;
    }, z.core.$strict>>;
    readout: z.ZodDefault<z.ZodObject<{
        n: z.ZodDefault<z.ZodNumber>;
        head: z.ZodDefault<z.ZodEnum<{
            linear: "linear";
            krotov: "krotov";
        }>>;
        beta: z.ZodDefault<z.ZodNumber>;
        m: z.ZodDefault<z.ZodNumber>;
        epochs: z.ZodDefault<z.ZodNumber>;
        lr: z.ZodDefault<z.ZodNumber>;
        batch: z.ZodDefault<z.ZodNumber>;
        standardize: z.ZodDefault<z.ZodBoolean>;
    }, z.core.$strict>>;
    mlp: z.ZodDefault<z.ZodObject<{
        hidden: z.ZodDefault<z.ZodPreprocess<z.ZodArray<z.ZodNumber>, unknown>>;
        activation: z.ZodDefault<z.ZodEnum<{
            relu: "relu";
            tanh: "tanh";
        }>>;
        epochs: z.ZodDefault<z.ZodNumber>;
        lr: z.ZodDefault<z.ZodNumber>;
        batch: z.ZodDefault<z.ZodNumber>;
        regularizers: z.ZodDefault<z.ZodPreprocess<z.ZodArray<z.ZodDiscriminatedUnion<[z.ZodObject<{
            name: z.ZodLiteral<"l2">;
            strength: z.ZodDefault<z.ZodNumber>;
        }, z.core.$strict>, z.ZodObject<{
            name: z.ZodLiteral<"jacobian">;
            strength: z.ZodDefault<z.ZodNumber>;
            nProj: z.ZodDefault<z.ZodNumber>;
        }, z.core.$strict>, z.ZodObject<{
            name: z.ZodLiteral<"jacobian-hidden">;
            strength: z.ZodDefault<z.ZodNumber>;
            nProj: z.ZodDefault<z.ZodNumber>;
            layer: z.ZodDefault<z.ZodNumber>;
        }, z.core.$strict>, z.ZodObject<{
            name: z.ZodLiteral<"isometric">;
            strength: z.ZodDefault<z.ZodNumber>;
            lambda2: z.ZodDefault<z.ZodNumber>;
            layer: z.ZodDefault<z.ZodNumber>;
        }, z.core.$strict>, z.ZodObject<{
            tau: z.ZodDefault<z.ZodNumber>;
            strength: z.ZodDefault<z.ZodNumber>;
            alpha: z.ZodDefault<z.ZodNumber>;
            layer: z.ZodDefault<z.ZodNumber>;
            name: z.ZodLiteral<"spectral">;
        }, z.core.$strict>, z.ZodObject<{
            strength: z.ZodDefault<z.ZodNumber>;
            alpha: z.ZodDefault<z.ZodNumber>;
            layer: z.ZodDefault<z.ZodNumber>;
            name: z.ZodLiteral<"spectral-unanchored">;
        }, z.core.$strict>], "name">>, unknown>>;
        noise: z.ZodDefault<z.ZodPreprocess<z.ZodNullable<z.ZodDiscriminatedUnion<[z.ZodObject<{
            kind: z.ZodLiteral<"poisson">;
            scale: z.ZodDefault<z.ZodNumber>;
            level: z.ZodDefault<z.ZodNumber>;
            fixed: z.ZodDefault<z.ZodBoolean>;
        }, z.core.$strict>, z.ZodObject<{
            kind: z.ZodLiteral<"gaussian">;
            std: z.ZodDefault<z.ZodNumber>;
            fixed: z.ZodDefault<z.ZodBoolean>;
        }, z.core.$strict>], "kind">>, unknown>>;
        metricsImages: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strict>>;
    attack: z.ZodOptional<z.ZodObject<{
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
    }, z.core.$strict>>;
    wasm: z.ZodDefault<z.ZodEnum<{
        simd: "simd";
        scalar: "scalar";
        relaxed: "relaxed";
        auto: "auto";
    }>>;
    threads: z.ZodOptional<z.ZodNumber>;
}, z.core.$strict>;
export type Config = z.infer<typeof Config>;
/**
 * Validates a raw (JSON) config and fills defaults. Throws one Error that
 * lists every problem as `field.path: message`.
 */
export declare function resolveConfig(raw: unknown): Config;

import { z } from "zod";
/**
 * A study (issue 11): one dataset, arms (each a training config: a preset and/or
 * overrides, optionally swept over hyperparameters), seeds, and the one attack
 * evaluation every trained model receives. Validated once, with messages that
 * name the field; {@link planStudy} expands it into self-contained jobs.
 */
/** Fields a study sets for every arm alike; an arm may not set them itself. */
export declare const STUDY_OWNED: readonly ["seed", "data", "attack", "threads"];
export declare const Arm: z.ZodObject<{
    name: z.ZodString;
    description: z.ZodOptional<z.ZodString>;
    preset: z.ZodOptional<z.ZodString>;
    config: z.ZodDefault<z.ZodRecord<z.ZodString, z.ZodUnknown>>;
    sweep: z.ZodDefault<z.ZodRecord<z.ZodString, z.ZodArray<z.ZodUnknown>>>;
}, z.core.$strict>;
export type Arm = z.infer<typeof Arm>;
export declare const StudyConfig: z.ZodObject<{
    format: z.ZodDefault<z.ZodLiteral<"hebblab-study/1">>;
    name: z.ZodDefault<z.ZodString>;
    description: z.ZodOptional<z.ZodString>;
    data: z.ZodDefault<z.ZodObject<{
        source: z.ZodDefault<z.ZodString>;
        train: z.ZodOptional<z.ZodNumber>;
        test: z.ZodOptional<z.ZodNumber>;
        splitSeed: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strict>>;
    seeds: z.ZodDefault<z.ZodArray<z.ZodNumber>>;
    epochs: z.ZodOptional<z.ZodNumber>;
    arms: z.ZodArray<z.ZodObject<{
        name: z.ZodString;
        description: z.ZodOptional<z.ZodString>;
        preset: z.ZodOptional<z.ZodString>;
        config: z.ZodDefault<z.ZodRecord<z.ZodString, z.ZodUnknown>>;
        sweep: z.ZodDefault<z.ZodRecord<z.ZodString, z.ZodArray<z.ZodUnknown>>>;
    }, z.core.$strict>>;
    attack: z.ZodPrefault<z.ZodObject<{
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
}, z.core.$strict>;
export type StudyConfig = z.infer<typeof StudyConfig>;
/** Validates a raw study; throws one Error listing every problem as `study.field.path: message`. */
export declare function parseStudy(raw: unknown): StudyConfig;

import type { Model } from "../models/types.js";
import type { AttackContext } from "./base.js";
import type { AttackEvalConfig } from "./config.js";
import { type AttackName } from "./registry.js";
/**
 * One batch of an evaluation's work, as plain data (it crosses to worker threads):
 * - `clean`: correctness and input-gradient health of images [s, e);
 * - `attack`: the attack at ε on images [s, e), scored by correctness (`label` = the batch's Rng label);
 * - `critical`: the critical perturbation of the images `idx` (batch `s` of the initially correct ones).
 */
export type BatchJob = {
    kind: "clean";
    s: number;
    e: number;
} | {
    kind: "attack";
    attack: AttackName;
    eps: number;
    s: number;
    e: number;
} | {
    kind: "critical";
    attack: AttackName;
    main: boolean;
    s: number;
    idx: number[];
    max: number;
    grid: number[];
};
/** What a {@link BatchJob} returns: per-image numbers, merged by the caller in batch order. */
export type JobResult = {
    kind: "clean";
    correct: Float32Array;
    zeroGrad: number;
    nonFinite: number;
    seconds: number;
} | {
    kind: "attack";
    correct: Float32Array;
    seconds: number;
} | {
    kind: "critical";
    eps: Float64Array;
    l2: Float64Array;
    seconds: number;
};
/** What every thread holds to run jobs: its own model, the resolved config, and the images (first n, [n, dim] f32). */
export interface JobEnv {
    model: Model;
    cfg: AttackEvalConfig;
    images: Float32Array;
    labels: Int32Array;
    dim: number;
}
/**
 * The context of the batch with this label: the attack's own stream and, for stochastic models, the
 * noise stream of its forward passes, both forked from `cfg.seed` by the label alone, so a batch's
 * result does not depend on which thread runs it or what ran before.
 */
export declare function contextFor(env: JobEnv, label: string): AttackContext;
/** The Rng label of a job (attacks keep the labels `name|ε|s` of earlier versions, so their numbers do not change). */
export declare function jobLabel(job: BatchJob): string;
/** A job in words, for progress and error messages. */
export declare function describeJob(job: BatchJob): string;
/**
 * Rough cost of a job in forward+backward passes over one image, to hand out the largest first.
 * Only the order matters (results never depend on it).
 */
export declare function jobCost(job: BatchJob, cfg: AttackEvalConfig, model: Model): number;
/** Runs one job on this thread's tfjs. Disposes every tensor it makes. */
export declare function runJob(env: JobEnv, job: BatchJob): Promise<JobResult>;

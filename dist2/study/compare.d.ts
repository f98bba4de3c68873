import type { ProgressEvent } from "../progress.js";
import { type StudyConfig } from "./config.js";
import { type Job } from "./plan.js";
/** What a running study tells its display. */
export type StudyEvent = {
    type: "planned";
    jobs: Job[];
    skipped: string[];
    workers: number;
    threadsPerJob: number;
} | {
    type: "job-start";
    id: string;
} | {
    type: "job-progress";
    id: string;
    event: ProgressEvent;
} | {
    type: "job-end";
    id: string;
    ok: boolean;
    seconds: number;
    error?: string;
};
/** Options of {@link runStudy}. */
export interface StudyRunOptions {
    /** Output directory: `study.json`, `jobs/<id>/…`, then the report. */
    out: string;
    /** Jobs run at once (default 1); each gets max(1, ⌊cores / workers⌋) kernel threads. */
    workers?: number;
    /** Continue a study in `out`: finished jobs are skipped, killed ones resume from their checkpoints. */
    resume?: boolean;
    onEvent?: (e: StudyEvent) => void;
}
/**
 * Runs a study on this machine (`hebblab compare`): validates and plans it, checks `out`, writes
 * `study.json` and one `jobs/<id>/job.json` per job, and runs the jobs as `hebblab run` child
 * processes, `workers` at a time (each with its share of the cores), skipping finished jobs. The
 * job files are what a cluster scheduler would run instead. Returns the jobs and the failures.
 */
export declare function runStudy(raw: unknown, o: StudyRunOptions): Promise<{
    study: StudyConfig;
    jobs: Job[];
    failed: string[];
}>;

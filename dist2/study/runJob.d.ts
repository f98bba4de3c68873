import type { ProgressFn } from "../progress.js";
import type { Job } from "./plan.js";
/** The results file of a job: a training results record plus which job it was. */
export declare const JOB_RESULTS = "results.json";
/** Reads and checks a job file; errors name the file and the field. */
export declare function readJob(path: string): Promise<Job>;
/** True when `dir` already holds the results of exactly this job. */
export declare function jobDone(dir: string, job: Job): Promise<boolean>;
/**
 * Runs one job (`hebblab run JOB.json`) into the job file's directory: a checkpoint after every
 * epoch (`checkpoint`, resumed when present), then the saved model (`model/`), the pictures and
 * `results.json`, all written atomically; the checkpoint is removed once the results exist. A job
 * whose results already exist is skipped. Shares nothing with other jobs but the files it writes.
 */
export declare function runJobFile(path: string, opts?: {
    threads?: number;
    onProgress?: ProgressFn;
}): Promise<"done" | "skipped">;
/** Whether a path exists (file or directory). */
export declare function exists(p: string): Promise<boolean>;

import { readFile, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { checkWritableDir, writeAtomic, writeJson } from "../../files.js";
import { saveModel } from "../../models/io.js";
import { budgetedCheckpoints, configHash } from "../checkpoint.js";
import { fileCheckpoints } from "../checkpointNode.js";
import { interruptible } from "../interruptNode.js";
import { resolveConfig } from "../config.js";
import type { ProgressFn } from "../../progress.js";
import { runTraining } from "../train.js";
import { versions } from "../versions.js";
import type { Job } from "./plan.js";
import { startTrace } from "./trace.js";

/** The results file of a job: a training results record plus which job it was. */
export const JOB_RESULTS = "results.json";

/** Reads and checks a job file; errors name the file and the field. */
export async function readJob(path: string): Promise<Job> {
  let job: Job;
  try {
    job = JSON.parse(await readFile(path, "utf8")) as Job;
  } catch (e) {
    throw new Error(`job ${path}: cannot read it as JSON (${(e as Error).message})`);
  }
  if (job?.format !== "hebblab-job/1") throw new Error(`job ${path}: format must be "hebblab-job/1"`);
  for (const k of ["arm", "id", "configHash"] as const) if (typeof job[k] !== "string") throw new Error(`job ${path}: '${k}' missing`);
  let cfg;
  try {
    cfg = resolveConfig(job.config);
  } catch (e) {
    throw new Error(`job ${path}: ${(e as Error).message}`);
  }
  if (configHash(cfg) !== job.configHash) throw new Error(`job ${path}: its config does not match its configHash (edited by hand?)`);
  return { ...job, config: cfg };
}

/** True when `dir` already holds the results of exactly this job. */
export async function jobDone(dir: string, job: Job): Promise<boolean> {
  try {
    const r = JSON.parse(await readFile(join(dir, JOB_RESULTS), "utf8")) as { configHash?: string };
    return r.configHash === job.configHash;
  } catch {
    return false;
  }
}

/**
 * Runs one job (`hebblab run JOB.json`) into the job file's directory: a checkpoint (`checkpoint`,
 * resumed when present) at most every `checkpointSeconds` (default 60), when training ends and on
 * SIGTERM/SIGINT (which then exit with 143/130: {@link interruptible}), then the saved model (`model/`), the pictures and
 * `results.json`, all written atomically; the checkpoint is removed once the results exist. A job
 * whose results already exist is skipped. Leaves a progress trace (`progress.json`, see
 * {@link startTrace}) for watchers. Shares nothing with other jobs but the files it writes.
 */
export async function runJobFile(path: string, opts: { threads?: number; onProgress?: ProgressFn; checkpointSeconds?: number } = {}): Promise<"done" | "skipped"> {
  const job = await readJob(path);
  const dir = dirname(path);
  await checkWritableDir(dir, "job directory");
  if (await jobDone(dir, job)) return "skipped";
  const trace = startTrace(dir);
  const onProgress: ProgressFn = (e) => {
    trace.onProgress(e);
    opts.onProgress?.(e);
  };
  try {
    const checkpoints = budgetedCheckpoints(fileCheckpoints(join(dir, "checkpoint")), opts.checkpointSeconds ?? 60);
    const cfg = { ...job.config, ...(opts.threads ? { threads: opts.threads } : {}) };
    const run = () => runTraining(cfg, { onProgress, versions: versions(), checkpoints });
    const { results, model, artifacts } = await interruptible(checkpoints, `run the same job again to continue (hebblab run ${path})`, run);
    results.timings.checkpoints = checkpoints.stats();
    try {
      for (const [name, data] of Object.entries(artifacts)) await writeAtomic(join(dir, name), data);
      await saveModel(join(dir, "model"), model, { config: results.config, metrics: results.metrics, seed: results.seed });
    } finally {
      model.dispose();
    }
    await writeJson(join(dir, JOB_RESULTS), { ...results, job: { study: job.study, arm: job.arm, baseArm: job.baseArm, sweep: job.sweep, seed: job.seed, id: job.id } });
    checkpoints.clear();
  } catch (e) {
    trace.end("failed", { exitCode: 1, error: (e as Error).message });
    throw e;
  }
  trace.end("done", { exitCode: 0 });
  return "done";
}

/** Whether a path exists (file or directory). */
export async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

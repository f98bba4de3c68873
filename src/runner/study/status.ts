import { readFile, stat } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { processAlive } from "../../files.js";
import type { ProgressEvent } from "../../progress.js";
import { JOB_RESULTS } from "./runJob.js";
import { readReportStatus, readSubmissions, studyQueue, type QueueEntry, type StudyQueue } from "./slurm/submit.js";
import { readStudyRun } from "./studyDir.js";
import { readTrace } from "./trace.js";

/**
 * `hebblab status DIR`: where each job of a study stands, from the files alone (results, progress
 * traces, logs) and, for a study submitted to Slurm, from `squeue` (never `sacct`). Works on any
 * study directory while it runs or after, from any machine that sees it.
 */

export const JOB_STATES = ["pending", "running", "done", "failed", "interrupted"] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface JobStatus {
  id: string;
  state: JobState;
  /** In words: the stage and epoch of a running job, why one waits, a failed job's last log line… */
  detail: string;
  /** The last progress event of a running (or stopped) job. */
  progress?: ProgressEvent;
  /** When the process of a running job started (its trace's `startedAt`). */
  startedAt?: string;
  /** Its Slurm task while queued or running. */
  slurm?: { task: string; state: string; reason: string };
}

export interface StudyStatus {
  dir: string;
  name: string;
  executor: "local" | "slurm";
  jobs: JobStatus[];
  counts: Record<JobState, number>;
  slurm?: {
    arrays: string[];
    report?: { jobId: string; state: string; reason?: string; exitCode?: number };
    /** squeue could not be asked: states come from the files alone. */
    squeueError?: string;
  };
  /** Whether the report (results.json of the study) is written. */
  report: boolean;
}

/** Reads the study in `dir` and says where each of its jobs stands. */
export async function studyStatus(dir: string, o: { queue?: (dir: string) => Promise<StudyQueue> } = {}): Promise<StudyStatus> {
  const run = await readStudyRun(dir);
  const submissions = await readSubmissions(dir);
  const executor = submissions.length ? "slurm" : "local";
  let queue: StudyQueue | null = null;
  let squeueError: string | undefined;
  if (executor === "slurm") {
    try {
      queue = await (o.queue ?? studyQueue)(dir);
    } catch (e) {
      squeueError = (e as Error).message;
    }
  }
  const submitted = new Set(submissions.flatMap((s) => s.arrays.flatMap((a) => a.tasks.map((t) => a.offset + t))));
  const jobs: JobStatus[] = [];
  for (const [i, j] of run.jobs.entries()) {
    const jobDir = join(dir, "jobs", j.id);
    jobs.push(await jobStatus(j.id, jobDir, j.configHash, queue?.tasks.get(i) ?? null, { slurm: executor === "slurm", known: queue !== null, submitted: submitted.has(i) }));
  }
  const counts = Object.fromEntries(JOB_STATES.map((s) => [s, jobs.filter((j) => j.state === s).length])) as Record<JobState, number>;
  const report = await stat(join(dir, "results.json")).then(
    () => true,
    () => false,
  );
  let slurm: StudyStatus["slurm"];
  if (executor === "slurm") {
    const last = submissions.at(-1)!;
    const rs = await readReportStatus(dir);
    const q = queue?.reports.find((r) => r.arrayJobId === last.report);
    slurm = {
      arrays: [...new Set(submissions.flatMap((s) => s.arrays.map((a) => a.jobId)))],
      ...(last.report
        ? {
            report: {
              jobId: last.report,
              ...(rs?.jobId === last.report ? { state: rs.exitCode === 0 ? "done" : "failed", exitCode: rs.exitCode } : q ? { state: q.state.toLowerCase(), reason: q.reason } : { state: queue ? "gone" : "unknown" }),
            },
          }
        : {}),
      ...(squeueError ? { squeueError } : {}),
    };
  }
  return { dir, name: run.study.name, executor, jobs, counts, ...(slurm ? { slurm } : {}), report };
}

async function jobStatus(
  id: string,
  dir: string,
  configHash: string,
  task: QueueEntry | null,
  ctx: { slurm: boolean; known: boolean; submitted: boolean },
): Promise<JobStatus> {
  const results = await readFile(join(dir, JOB_RESULTS), "utf8").then(
    (t) => JSON.parse(t) as { configHash?: string; metrics?: { testAccuracy?: number } },
    () => null,
  );
  if (results?.configHash === configHash) {
    const acc = results.metrics?.testAccuracy;
    return { id, state: "done", detail: acc === undefined ? "results.json" : `test accuracy ${(100 * acc).toFixed(1)} %` };
  }
  const trace = readTrace(dir);
  const at = trace?.progress ? ` at ${where(trace.progress)}` : "";
  const withProgress = trace?.progress ? { progress: trace.progress } : {};
  const checkpoint = await stat(join(dir, "checkpoint")).then(
    () => true,
    () => false,
  );
  if (task) {
    const slurm = { task: task.jobId, state: task.state, reason: task.reason };
    if (task.state === "PENDING") {
      const resumes = checkpoint ? "; resumes from its checkpoint" : "";
      return { id, state: "pending", detail: `slurm ${task.jobId} pending (${task.reason})${trace?.state === "interrupted" ? `, interrupted${at}` : ""}${resumes}`, slurm };
    }
    const running = trace?.state === "running" ? where(trace.progress) : "starting";
    const since = trace?.state === "running" ? { startedAt: trace.startedAt } : {};
    return { id, state: "running", detail: `${running} (slurm ${task.jobId} ${task.state.toLowerCase()}${trace ? ` on ${trace.host}` : ""})`, ...withProgress, ...since, slurm };
  }
  if (trace?.state === "running") {
    // Alive where it runs? Only this machine's processes can be asked; a Slurm task not in the queue is not.
    if (!ctx.slurm && trace.host === hostname() && processAlive(trace.pid)) return { id, state: "running", detail: where(trace.progress), ...withProgress, startedAt: trace.startedAt };
    if (ctx.slurm && !ctx.known) return { id, state: "running", detail: `${where(trace.progress)} (on ${trace.host}; squeue not asked)`, ...withProgress };
    return checkpoint
      ? { id, state: "interrupted", detail: `stopped without a word${at} (killed?); its checkpoint is kept: 'hebblab compare --resume' continues it`, ...withProgress }
      : { id, state: "failed", detail: `stopped without a word${at} (killed?): ${await lastLogLine(dir)}`, ...withProgress };
  }
  if (trace?.state === "interrupted") {
    return { id, state: "interrupted", detail: `interrupted${at} (exit ${trace.exitCode})${checkpoint ? "; its checkpoint is kept: 'hebblab compare --resume' continues it" : ""}`, ...withProgress };
  }
  if (trace?.state === "failed") return { id, state: "failed", detail: await lastLogLine(dir, trace.error), ...withProgress };
  if (trace?.state === "done") return { id, state: "failed", detail: "ended, but its results.json is missing or belongs to other settings" };
  // Never started: waiting, unless Slurm ran its task and forgot it (then the task's log says why). Without
  // accounting a task cancelled while pending leaves no trace, so the detail names both causes.
  const log = await readFile(join(dir, "log.txt"), "utf8").catch(() => null);
  if (ctx.slurm && ctx.known && ctx.submitted && log !== null) return { id, state: "failed", detail: await lastLogLine(dir) };
  if (ctx.slurm && ctx.known && ctx.submitted) return { id, state: "failed", detail: "left the Slurm queue without starting (cancelled, or see slurm/logs/); 'hebblab compare --resume' submits it again" };
  return { id, state: "pending", detail: ctx.slurm && !ctx.submitted ? "not submitted" : "waiting" };
}

/** `kh epoch 2/30 (40 %)`, `attack:pgd-linf 120/400 images`. */
export function where(p: ProgressEvent | undefined): string {
  if (!p) return "starting";
  if (p.epoch !== undefined && p.epochs !== undefined) {
    const frac = (p.epoch - 1 + p.done / Math.max(p.total, 1)) / p.epochs;
    return `${p.stage} epoch ${p.epoch}/${p.epochs} (${Math.round(100 * frac)} %)`;
  }
  return `${p.stage} ${p.done}/${p.total} ${p.unit}`;
}

/** The job's last error line (`hebblab: …`) or else last line of its log, or the given message. */
async function lastLogLine(dir: string, fallback?: string): Promise<string> {
  const log = await readFile(join(dir, "log.txt"), "utf8").catch(() => "");
  const lines = log.split("\n").map((l) => l.trim()).filter(Boolean);
  return [...lines].reverse().find((l) => l.startsWith("hebblab:")) ?? fallback ?? lines.at(-1) ?? "no log";
}

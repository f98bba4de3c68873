import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import type { ProgressEvent, ProgressFn } from "../../progress.js";

/**
 * The progress trace of a job (`jobs/<id>/progress.json`): where `hebblab run` is — stage, epoch,
 * units done — and how it ended, for `hebblab status` and anything else that watches a study from
 * outside (another process, another machine on the shared file system). Replaced atomically
 * (temporary file + rename) at most every {@link TRACE_INTERVAL_MS} while a stage runs, at each
 * stage change, and when the process ends; the trace never enters a job's results.
 */

export const TRACE_FILE = "progress.json";
export const TRACE_FORMAT = "hebblab-job-progress/1";
/** Least milliseconds between two writes within one stage. */
export const TRACE_INTERVAL_MS = 2000;

/** How a job's process stands: running, or how it ended. */
export type TraceState = "running" | "done" | "failed" | "interrupted";

export interface JobTrace {
  format: typeof TRACE_FORMAT;
  state: TraceState;
  /** The last progress event (stage, units, epoch). */
  progress?: ProgressEvent;
  host: string;
  pid: number;
  startedAt: string;
  updatedAt: string;
  /** Exit status of an ended process (143 after SIGTERM, 130 after SIGINT). */
  exitCode?: number;
  /** Why it failed (the error message). */
  error?: string;
  /** Set under Slurm: the task that ran it. */
  slurm?: { jobId: string; arrayJobId?: string; arrayTaskId?: string; restarts: number };
}

/** Reads a job directory's trace; null when there is none or it does not parse. */
export function readTrace(dir: string): JobTrace | null {
  try {
    const t = JSON.parse(readFileSync(join(dir, TRACE_FILE), "utf8")) as JobTrace;
    return t?.format === TRACE_FORMAT ? t : null;
  } catch {
    return null;
  }
}

/** The trace of a running job: feed it progress events, then end it. */
export interface JobTracer {
  onProgress: ProgressFn;
  end(state: Exclude<TraceState, "running">, info?: { exitCode?: number; error?: string }): void;
}

const unfinished = new Set<(code: number) => void>();
let exitHook = false;

/**
 * Starts the trace of the job in `dir` (state `running`). A process that exits before `end` — an
 * uncaught error, `process.exit(143)` from the SIGTERM handler — leaves `interrupted` (exit status
 * 128 + signal) or `failed` behind, written synchronously from the `exit` event. Writes that fail
 * (a full disk) are ignored: the trace must never stop a job.
 */
export function startTrace(dir: string, now: () => number = Date.now): JobTracer {
  const env = process.env;
  const base = {
    format: TRACE_FORMAT,
    host: hostname(),
    pid: process.pid,
    startedAt: new Date(now()).toISOString(),
    ...(env.SLURM_JOB_ID
      ? { slurm: { jobId: env.SLURM_JOB_ID, arrayJobId: env.SLURM_ARRAY_JOB_ID, arrayTaskId: env.SLURM_ARRAY_TASK_ID, restarts: Number(env.SLURM_RESTART_COUNT ?? 0) } }
      : {}),
  } as const;
  try {
    mkdirSync(dir, { recursive: true });
  } catch {
    // Written below or not at all.
  }
  let last: ProgressEvent | undefined;
  let lastWrite = -Infinity;
  let lastStage: string | undefined;
  let ended = false;
  const write = (t: Partial<JobTrace>) => {
    const path = join(dir, TRACE_FILE);
    const tmp = `${path}.tmp-${process.pid}`;
    try {
      writeFileSync(tmp, JSON.stringify({ ...base, state: "running", ...(last ? { progress: last } : {}), updatedAt: new Date(now()).toISOString(), ...t }) + "\n");
      renameSync(tmp, path);
    } catch {
      // The trace is for watchers only.
    }
  };
  const end: JobTracer["end"] = (state, info = {}) => {
    if (ended) return;
    ended = true;
    unfinished.delete(onExit);
    write({ state, ...info });
  };
  const onExit = (code: number) => {
    end(code > 128 && code < 160 ? "interrupted" : "failed", { exitCode: code, ...(code > 128 ? {} : { error: "the process ended before the job did" }) });
  };
  unfinished.add(onExit);
  if (!exitHook) {
    exitHook = true;
    process.on("exit", (code) => {
      for (const f of [...unfinished]) f(code);
    });
  }
  write({});
  lastWrite = now();
  return {
    onProgress: (e) => {
      if (ended) return;
      last = e;
      const t = now();
      if (e.stage !== lastStage || t - lastWrite >= TRACE_INTERVAL_MS) {
        lastStage = e.stage;
        lastWrite = t;
        write({});
      }
    },
    end,
  };
}

import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ProgressEvent } from "../../progress.js";
import { interruptedStatus, onStopSignals } from "../interruptNode.js";
import type { StudyConfig } from "./config.js";
import type { Job } from "./plan.js";
import { refuseQueued } from "./slurm/submit.js";
import { prepareStudy } from "./studyDir.js";

/** What a running study tells its display. */
export type StudyEvent =
  | { type: "planned"; jobs: Job[]; skipped: string[]; workers: number; threadsPerJob: number }
  | { type: "job-start"; id: string }
  | { type: "job-progress"; id: string; event: ProgressEvent }
  | { type: "job-end"; id: string; ok: boolean; seconds: number; error?: string };

/** Options of {@link runStudy}. */
export interface StudyRunOptions {
  /** Output directory: `study.json`, `jobs/<id>/…`, then the report. */
  out: string;
  /**
   * Jobs run at once (default: one per core); each gets max(1, ⌊cores / workers⌋) kernel threads.
   * One job per core is the faster default because tfjs-wasm trains MLPs on one thread in Node:
   * with one job at a time the second core would idle through every backprop epoch.
   */
  workers?: number;
  /** Continue a study in `out`: finished jobs are skipped, killed ones resume from their checkpoints. */
  resume?: boolean;
  onEvent?: (e: StudyEvent) => void;
}

/**
 * Runs a study on this machine (`hebblab compare`, the `local` executor): validates and plans it,
 * checks `out`, writes `study.json` and one `jobs/<id>/job.json` per job ({@link prepareStudy}), and
 * runs the jobs as `hebblab run` child processes, `workers` at a time (each with its share of the
 * cores), skipping finished jobs. Returns the jobs and the failures.
 */
export async function runStudy(raw: unknown, o: StudyRunOptions): Promise<{ study: StudyConfig; jobs: Job[]; failed: string[] }> {
  if (o.resume) await refuseQueued(o.out);
  const { study, jobs, done } = await prepareStudy(raw, { out: o.out, resume: o.resume });
  const workers = Math.max(1, Math.min(o.workers ?? availableParallelism(), jobs.length));
  const threadsPerJob = Math.max(1, Math.floor(availableParallelism() / workers));
  const skipped = jobs.filter((j) => done.has(j.id)).map((j) => j.id);
  const pending = jobs.filter((j) => !done.has(j.id));
  o.onEvent?.({ type: "planned", jobs, skipped, workers, threadsPerJob });

  const failed: string[] = [];
  let next = 0;
  const stop = stopChildrenOnSignal();
  const worker = async () => {
    while (next < pending.length && !stop.stopping) {
      const job = pending[next++];
      const t0 = performance.now();
      o.onEvent?.({ type: "job-start", id: job.id });
      try {
        await runChild(join(o.out, "jobs", job.id), threadsPerJob, (event) => o.onEvent?.({ type: "job-progress", id: job.id, event }), stop.children);
        o.onEvent?.({ type: "job-end", id: job.id, ok: true, seconds: (performance.now() - t0) / 1000 });
      } catch (e) {
        failed.push(job.id);
        o.onEvent?.({ type: "job-end", id: job.id, ok: false, seconds: (performance.now() - t0) / 1000, error: (e as Error).message });
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    stop.release();
  }
  return { study, jobs, failed };
}

/**
 * While a study runs, SIGTERM or SIGINT to `hebblab compare` stops its jobs rather than orphaning
 * them (a `kill` of the parent alone left its `hebblab run` children learning on): the signal goes to
 * every running child, which writes its checkpoint and exits; no new job starts; once they have all
 * exited the study exits 143/130, resumable with `--resume`. A second signal kills them outright (for
 * a job that does not stop soon enough).
 */
function stopChildrenOnSignal() {
  const children = new Set<ChildProcess>();
  const state = { stopping: false };
  const release = onStopSignals((signal) => {
    if (state.stopping) {
      for (const c of children) c.kill("SIGKILL");
      return;
    }
    state.stopping = true;
    process.stderr.write(`\nhebblab compare: ${signal}: stopping ${children.size} running job(s), each writes its checkpoint (again to kill them now); then rerun with --resume\n`);
    for (const c of children) c.kill(signal);
    const exit = () => (children.size ? setTimeout(exit, 50) : process.exit(interruptedStatus(signal)));
    exit();
  });
  return {
    children,
    get stopping() {
      return state.stopping;
    },
    release,
  };
}

/** The compiled CLI of this installation (a child process cannot run the TypeScript sources vitest loads). */
export function cliPath(): string {
  const here = import.meta.url;
  return fileURLToPath(/\.ts$/.test(here) ? new URL("../../../dist/cli/main.js", here) : new URL("../../cli/main.js", here));
}

/** Runs `hebblab run DIR/job.json` in a child process; its progress events arrive as JSON lines, its stderr goes to DIR/log.txt. */
function runChild(dir: string, threads: number, onProgress: (e: ProgressEvent) => void, running: Set<ChildProcess>): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const log = createWriteStream(join(dir, "log.txt"), { flags: "a" });
    const child = spawn(process.execPath, [cliPath(), "run", join(dir, "job.json"), "--threads", String(threads), "--progress-json"], { stdio: ["ignore", "pipe", "pipe"] });
    running.add(child);
    let buf = "";
    let lastErr = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!line.startsWith("{")) {
          log.write(line + "\n");
          continue;
        }
        try {
          const m = JSON.parse(line) as { type?: string; event?: ProgressEvent };
          if (m.type === "progress" && m.event) onProgress(m.event);
        } catch {
          log.write(line + "\n");
        }
      }
    });
    child.stderr.on("data", (chunk: Buffer) => {
      log.write(chunk);
      lastErr = (lastErr + chunk.toString()).slice(-2000);
    });
    child.on("error", (e) => {
      running.delete(child);
      reject(e);
    });
    child.on("close", (code) => {
      running.delete(child);
      log.end();
      if (code === 0) resolveRun();
      else reject(new Error(`exit ${code}: ${lastErr.trim().split("\n").filter(Boolean).at(-1) ?? "no message"} (log: ${join(dir, "log.txt")})`));
    });
  });
}

import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkWritableDir, writeJson } from "../../files.js";
import type { ProgressEvent } from "../../progress.js";
import { kindPresets } from "../presets.js";
import { parseStudy, type StudyConfig } from "./config.js";
import { planStudy, type Job } from "./plan.js";
import { exists, jobDone } from "./runJob.js";

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
 * Runs a study on this machine (`hebblab compare`): validates and plans it, checks `out`, writes
 * `study.json` and one `jobs/<id>/job.json` per job, and runs the jobs as `hebblab run` child
 * processes, `workers` at a time (each with its share of the cores), skipping finished jobs. The
 * job files are what a cluster scheduler would run instead. Returns the jobs and the failures.
 */
export async function runStudy(raw: unknown, o: StudyRunOptions): Promise<{ study: StudyConfig; jobs: Job[]; failed: string[] }> {
  const study = parseStudy(raw);
  const jobs = await planStudy(study, kindPresets);
  await checkWritableDir(o.out, "--out");
  const studyPath = join(o.out, "study.json");
  if (await exists(studyPath)) {
    if (!o.resume) throw new Error(`--out ${o.out}: already holds a study (study.json); continue it with --resume, or choose another directory`);
    const before = JSON.parse(await readFile(studyPath, "utf8")) as { jobs?: { id: string; configHash: string }[] };
    const was = JSON.stringify((before.jobs ?? []).map((j) => [j.id, j.configHash]));
    const now = JSON.stringify(jobs.map((j) => [j.id, j.configHash]));
    if (was !== now) throw new Error(`--resume: the study in ${o.out} was planned with other jobs or settings; resume it with the same config, seeds and --epochs`);
  }
  await writeJson(studyPath, { format: "hebblab-study-run/1", study, jobs: jobs.map((j) => ({ id: j.id, arm: j.arm, seed: j.seed, configHash: j.configHash })) });
  for (const j of jobs) await writeJson(join(o.out, "jobs", j.id, "job.json"), j);

  const workers = Math.max(1, Math.min(o.workers ?? availableParallelism(), jobs.length));
  const threadsPerJob = Math.max(1, Math.floor(availableParallelism() / workers));
  const skipped: string[] = [];
  const pending: Job[] = [];
  for (const j of jobs) {
    if (await jobDone(join(o.out, "jobs", j.id), j)) skipped.push(j.id);
    else pending.push(j);
  }
  o.onEvent?.({ type: "planned", jobs, skipped, workers, threadsPerJob });

  const failed: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < pending.length) {
      const job = pending[next++];
      const t0 = performance.now();
      o.onEvent?.({ type: "job-start", id: job.id });
      try {
        await runChild(join(o.out, "jobs", job.id), threadsPerJob, (event) => o.onEvent?.({ type: "job-progress", id: job.id, event }));
        o.onEvent?.({ type: "job-end", id: job.id, ok: true, seconds: (performance.now() - t0) / 1000 });
      } catch (e) {
        failed.push(job.id);
        o.onEvent?.({ type: "job-end", id: job.id, ok: false, seconds: (performance.now() - t0) / 1000, error: (e as Error).message });
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return { study, jobs, failed };
}

/** The compiled CLI (a child process cannot run the TypeScript sources vitest loads). */
function cliPath(): string {
  const here = import.meta.url;
  return fileURLToPath(/\.ts$/.test(here) ? new URL("../../../dist/cli/main.js", here) : new URL("../../cli/main.js", here));
}

/** Runs `hebblab run DIR/job.json` in a child process; its progress events arrive as JSON lines, its stderr goes to DIR/log.txt. */
function runChild(dir: string, threads: number, onProgress: (e: ProgressEvent) => void): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const log = createWriteStream(join(dir, "log.txt"), { flags: "a" });
    const child = spawn(process.execPath, [cliPath(), "run", join(dir, "job.json"), "--threads", String(threads), "--progress-json"], { stdio: ["ignore", "pipe", "pipe"] });
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
    child.on("error", reject);
    child.on("close", (code) => {
      log.end();
      if (code === 0) resolveRun();
      else reject(new Error(`exit ${code}: ${lastErr.trim().split("\n").filter(Boolean).at(-1) ?? "no message"} (log: ${join(dir, "log.txt")})`));
    });
  });
}

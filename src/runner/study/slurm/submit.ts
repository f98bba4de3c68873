import { execFile } from "node:child_process";
import { chmod, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { makeDirs, writeAtomic, writeJson } from "../../../files.js";
import type { PreparedStudy } from "../studyDir.js";
import type { SlurmConfig } from "./config.js";
import { arrayScript, arraySpec, reportScript, type ScriptContext } from "./scripts.js";

/**
 * The Slurm executor on the submitting machine: writes `OUT/slurm/array.sh` and `report.sh`,
 * submits them with `sbatch`, records the job ids in `OUT/slurm/submissions.json`, and reads the
 * queue with `squeue` (never `sacct`: clusters without accounting forget finished jobs after
 * MinJobAge, so a finished job is known by its results file, not by the scheduler).
 */

export const SLURM_DIR = "slurm";
export const SUBMISSIONS_FILE = "submissions.json";
export const REPORT_STATUS_FILE = "report-status.json";
const SUBMISSIONS_FORMAT = "hebblab-slurm-submissions/1";
/** Slurm's default MaxArraySize: task ids 0…1000. */
export const DEFAULT_MAX_ARRAY_SIZE = 1001;

/** One `sbatch --array` of a submission: its job id, and the planned job index of task t is `offset + t`. */
export interface ArraySubmission {
  jobId: string;
  offset: number;
  tasks: number[];
}

/** What one `hebblab compare --executor slurm` submitted. */
export interface Submission {
  at: string;
  arrays: ArraySubmission[];
  /** The report job (afterany on the arrays still queued); absent when nothing was left to wait for. */
  report?: string;
}

/** Runs a Slurm client command and returns its stdout; the error names the command and quotes its stderr. */
export function slurmCommand(cmd: string, args: string[], timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, encoding: "utf8" }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return reject(Object.assign(new Error(`'${cmd}' not found: Slurm's commands are not installed here (is this a Slurm login node?)`), { code: "ENOENT" }));
      reject(new Error(`${cmd} ${args.join(" ")}: ${(stderr || err.message).trim().split("\n").at(-1)}`));
    });
  });
}

/** One line of `squeue -r`: an array task (taskId set) or a plain job. */
export interface QueueEntry {
  /** The array's job id (`%F`), or the job's own id. */
  arrayJobId: string;
  taskId: number | null;
  /** `%i`: `123_4` for a task, `124` for a job. */
  jobId: string;
  /** PENDING, RUNNING, COMPLETING, … */
  state: string;
  /** Why it waits (Dependency, Resources, JobArrayTaskLimit, BeginTime…), `None` when running. */
  reason: string;
}

/** Asks the queue about these job ids (every task of an array on its own line). Ids the controller has forgotten are simply absent. */
export async function squeue(ids: readonly string[]): Promise<QueueEntry[]> {
  if (ids.length === 0) return [];
  let out: string;
  try {
    out = await slurmCommand("squeue", ["-h", "-r", "-j", ids.join(","), "-o", "%F|%K|%i|%T|%r"]);
  } catch (e) {
    // Every id unknown (finished longer than MinJobAge ago): squeue exits 1 saying so.
    if (/Invalid job id/i.test((e as Error).message)) return [];
    throw e;
  }
  return out
    .split("\n")
    .filter((l) => l.includes("|"))
    .map((l) => {
      const [arrayJobId, task, jobId, state, reason] = l.trim().split("|");
      return { arrayJobId, taskId: /^\d+$/.test(task) ? Number(task) : null, jobId, state, reason };
    });
}

/** The cluster's MaxArraySize (task ids run from 0 to MaxArraySize − 1). */
export async function maxArraySize(): Promise<number> {
  const out = await slurmCommand("scontrol", ["show", "config"]);
  const m = /^MaxArraySize\s*=\s*(\d+)/m.exec(out);
  return m ? Number(m[1]) : DEFAULT_MAX_ARRAY_SIZE;
}

/** Every submission recorded in a study directory, oldest first. */
export async function readSubmissions(dir: string): Promise<Submission[]> {
  let text: string;
  try {
    text = await readFile(join(dir, SLURM_DIR, SUBMISSIONS_FILE), "utf8");
  } catch {
    return [];
  }
  const r = JSON.parse(text) as { format?: string; submissions?: Submission[] };
  if (r.format !== SUBMISSIONS_FORMAT || !Array.isArray(r.submissions)) throw new Error(`${join(dir, SLURM_DIR, SUBMISSIONS_FILE)}: not a record of Slurm submissions`);
  return r.submissions;
}

async function recordSubmission(dir: string, s: Submission, replaceLast: boolean): Promise<void> {
  const all = await readSubmissions(dir);
  if (replaceLast) all.pop();
  all.push(s);
  await writeJson(join(dir, SLURM_DIR, SUBMISSIONS_FILE), { format: SUBMISSIONS_FORMAT, submissions: all });
}

/** The queue as it concerns a study: its planned jobs' tasks still queued or running, by job index, and its report jobs. */
export interface StudyQueue {
  tasks: Map<number, QueueEntry>;
  reports: QueueEntry[];
  submissions: Submission[];
}

/** Asks `squeue` about every array and report job a study directory has recorded. */
export async function studyQueue(dir: string): Promise<StudyQueue> {
  const submissions = await readSubmissions(dir);
  const tasks = new Map<number, QueueEntry>();
  const reports: QueueEntry[] = [];
  const offsets = new Map<string, number>();
  for (const s of submissions) for (const a of s.arrays) offsets.set(a.jobId, a.offset);
  const reportIds = new Set(submissions.flatMap((s) => (s.report ? [s.report] : [])));
  const entries = await squeue([...offsets.keys(), ...reportIds]);
  for (const e of entries) {
    if (reportIds.has(e.arrayJobId)) reports.push(e);
    else if (e.taskId !== null && offsets.has(e.arrayJobId)) tasks.set(offsets.get(e.arrayJobId)! + e.taskId, e);
  }
  return { tasks, reports, submissions };
}

/**
 * Refuses to run a study's jobs here while Slurm tasks of it are still queued or running (two
 * processes would write one job's checkpoint). Quiet when the study was never submitted.
 */
export async function refuseQueued(dir: string): Promise<void> {
  let subs: Submission[];
  try {
    subs = await readSubmissions(dir);
  } catch {
    return;
  }
  if (subs.length === 0) return;
  let q: StudyQueue;
  try {
    q = await studyQueue(dir);
  } catch (e) {
    throw new Error(`--resume: ${dir} was submitted to Slurm and squeue cannot say whether its tasks still run (${(e as Error).message})`);
  }
  if (q.tasks.size) {
    const arrays = [...new Set([...q.tasks.values()].map((t) => t.arrayJobId))];
    throw new Error(`--resume: ${q.tasks.size} Slurm task(s) of this study are still queued or running (array ${arrays.join(", ")}); wait for them or 'scancel ${arrays.join(" ")}' first`);
  }
}

/** Options of {@link submitSlurmStudy}. */
export interface SubmitOptions {
  /** Write the scripts and say what would be submitted, without submitting. */
  dryRun?: boolean;
  /** Absolute path of this installation's CLI. */
  cli: string;
  /** Where the jobs run from (relative data paths resolve there). */
  workDir: string;
}

/** What {@link submitSlurmStudy} did or, with `dryRun`, would do. */
export interface SubmitResult {
  scripts: { array: string; report: string };
  /** Planned job indices this submission runs. */
  toRun: number[];
  /** Planned job indices left alone because a task of an earlier submission still has them. */
  alreadyQueued: number[];
  /** The sbatch commands (with `<array id>` placeholders when not submitted). */
  commands: string[];
  /** What was submitted now: absent for a dry run, and when everything not done is still queued with its report job. */
  submission?: Submission;
  /** The report job that will follow every task of the study (the new one, or the one still queued). */
  report?: string;
}

/**
 * Writes the scripts of a planned study into `OUT/slurm/` and submits them: the jobs not done (and
 * not still queued from an earlier submission) as one array per MaxArraySize task ids, then the
 * report job after every array of the study still in the queue. Records the job ids as it goes and
 * returns at once. With `dryRun`, submits nothing.
 */
export async function submitSlurmStudy(p: PreparedStudy, o: SubmitOptions): Promise<SubmitResult> {
  const c: SlurmConfig = p.study.slurm;
  for (const [what, path] of [
    ["the study directory", p.dir],
    ["the working directory", o.workDir],
    ["hebblab's installation", o.cli],
  ] as const)
    if (/\s/.test(path)) throw new Error(`slurm: ${what} ${path} has white space, which #SBATCH lines cannot hold; choose a path without it`);
  const ctx: ScriptContext = { name: p.study.name, studyDir: p.dir, jobIds: p.jobs.map((j) => j.id), cli: o.cli, workDir: o.workDir };
  const slurmDir = join(p.dir, SLURM_DIR);
  await makeDirs(join(slurmDir, "logs"));
  const scripts = { array: join(slurmDir, "array.sh"), report: join(slurmDir, "report.sh") };
  await writeAtomic(scripts.array, arrayScript(ctx, c));
  await writeAtomic(scripts.report, reportScript(ctx, c));
  await Promise.all([chmod(scripts.array, 0o755), chmod(scripts.report, 0o755)]);

  // Jobs still queued from an earlier submission stay there; the others that are not done run now.
  let queue: StudyQueue = { tasks: new Map(), reports: [], submissions: [] };
  if (!o.dryRun && (await readSubmissions(p.dir)).length) queue = await studyQueue(p.dir);
  const alreadyQueued = [...queue.tasks.keys()].sort((a, b) => a - b);
  const toRun = p.jobs.flatMap((j, i) => (!p.done.has(j.id) && !queue.tasks.has(i) ? [i] : []));

  // Task ids must stay below MaxArraySize: a larger study is several arrays, each told its offset.
  const size = o.dryRun ? await maxArraySize().catch(() => DEFAULT_MAX_ARRAY_SIZE) : await maxArraySize();
  const chunks = new Map<number, number[]>();
  for (const i of toRun) {
    const offset = Math.floor(i / size) * size;
    chunks.set(offset, [...(chunks.get(offset) ?? []), i - offset]);
  }
  const arrayArgs = [...chunks].map(([offset, tasks]) => ({
    offset,
    tasks,
    args: [`--array=${arraySpec(tasks, c.throttle)}`, ...(offset ? [`--export=ALL,HEBBLAB_ARRAY_OFFSET=${offset}`] : []), scripts.array],
  }));
  const stillQueued = [...new Set([...queue.tasks.values()].map((t) => t.arrayJobId))];
  const reportArgs = (ids: string[]) => [`--dependency=afterany:${ids.join(":")}`, scripts.report];
  const placeholders = arrayArgs.map((_, k) => `<array ${k + 1} id>`);
  const commands = [...arrayArgs.map((a) => `sbatch ${a.args.join(" ")}`), ...(arrayArgs.length || stillQueued.length ? [`sbatch ${reportArgs([...stillQueued, ...placeholders]).join(" ")}`] : [])];
  if (o.dryRun) return { scripts, toRun, alreadyQueued, commands };
  // Nothing new to run while the earlier tasks and their report job are still queued: they finish the study.
  const queuedReport = queue.reports.find((r) => r.arrayJobId === queue.submissions.at(-1)?.report);
  if (toRun.length === 0 && stillQueued.length && queuedReport) return { scripts, toRun, alreadyQueued, commands: [], report: queuedReport.arrayJobId };

  const submission: Submission = { at: new Date().toISOString(), arrays: [] };
  let recorded = false;
  const sbatch = async (args: string[]) => (await slurmCommand("sbatch", ["--parsable", ...args])).trim().split(";")[0];
  for (const a of arrayArgs) {
    const jobId = await sbatch(a.args);
    submission.arrays.push({ jobId, offset: a.offset, tasks: a.tasks });
    // Recorded at once, so that an error further on leaves the submitted ids known to status and resume.
    await recordSubmission(p.dir, submission, recorded);
    recorded = true;
  }
  const waitFor = [...stillQueued, ...submission.arrays.map((a) => a.jobId)];
  if (waitFor.length) {
    await rm(join(slurmDir, REPORT_STATUS_FILE), { force: true });
    submission.report = await sbatch(reportArgs(waitFor));
    await recordSubmission(p.dir, submission, recorded);
  }
  return { scripts, toRun, alreadyQueued, commands, submission, ...(submission.report ? { report: submission.report } : {}) };
}

/** `slurm/report-status.json`, written by report.sh when `hebblab report` has run. */
export async function readReportStatus(dir: string): Promise<{ jobId: string; exitCode: number; at: string } | null> {
  try {
    return JSON.parse(await readFile(join(dir, SLURM_DIR, REPORT_STATUS_FILE), "utf8"));
  } catch {
    return null;
  }
}

/**
 * Waits until report job `reportId` has written its status (`compare --wait`), polling every
 * `pollMs`; `onPoll` runs after each look (for a progress line). Fails when the report job leaves
 * the queue without a word (cancelled, or it could not start), naming its log.
 */
export async function waitForReport(dir: string, reportId: string, o: { pollMs: number; onPoll?: () => Promise<void> }): Promise<{ exitCode: number }> {
  let squeueFailures = 0;
  for (;;) {
    const s = await readReportStatus(dir);
    if (s?.jobId === reportId) return { exitCode: s.exitCode };
    let listed: boolean;
    try {
      listed = (await squeue([reportId])).length > 0;
      squeueFailures = 0;
    } catch (e) {
      // A busy controller times out now and then; a dead one is reported after a few tries.
      if (++squeueFailures >= 5) throw e;
      listed = true;
    }
    if (!listed) {
      const again = await readReportStatus(dir);
      if (again?.jobId === reportId) return { exitCode: again.exitCode };
      throw new Error(`the report job ${reportId} left the queue without writing ${join(dir, SLURM_DIR, REPORT_STATUS_FILE)}: see ${join(dir, SLURM_DIR, "logs", `report-${reportId}.out`)} (was it cancelled?)`);
    }
    await o.onPoll?.();
    await new Promise((r) => setTimeout(r, o.pollMs));
  }
}

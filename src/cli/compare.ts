import type { Command } from "commander";
import { sourceSyntaxes } from "../data/sources.js";
import { MODEL_KINDS } from "../kinds/registry.js";
import type { ProgressEvent } from "../progress.js";
import { runStudy, type StudyEvent } from "../runner/study/compare.js";
import { costDone, etaSeconds, jobStages, totalCost, type StageCost } from "../runner/study/cost.js";
import { where } from "../runner/study/status.js";
import { readStudyPreset } from "../runner/study/studyPresetsNode.js";
import { writeStudyReport } from "../runner/study/reportNode.js";
import { runJobFile } from "../runner/study/runJob.js";
import { EXECUTORS, parseStudy } from "../runner/study/config.js";
import { SLURM_FLAG_FIELDS, SlurmConfig } from "../runner/study/slurm/config.js";
import { addSchemaFlags, pickFlags } from "./configFlags.js";
import { int, num, readConfigFile, threadCount } from "./options.js";
import { compareOnSlurm } from "./slurm.js";
import { terminalProgress } from "./progressBar.js";

/** Progress stages of training (each kind's stage is its name). */
const training = new Set(MODEL_KINDS.map((k) => k.name));

/** `hebblab compare`, `hebblab run JOB.json`, `hebblab report DIR` (`hebblab status DIR`: ./status.ts). */
export function registerStudy(program: Command): void {
  const compare = program
    .command("compare")
    .description("run a study (default: KH vs backprop with each regularizer, published settings) and write its report")
    .option("--config <file>", "study JSON (default: the built-in study; see --print-study)")
    .option("--arms <names>", "only these arms, comma-separated (e.g. kh,mlp,jacobian)")
    .option("--seeds <n>", "seeds 1..n (default: the study's)", int)
    .option("--epochs <n>", "train every arm this many epochs (a quick version of the study)", int)
    .option("--data <source>", `the dataset of every arm: ${sourceSyntaxes()} (default: the study's)`)
    .option("--out <dir>", "output directory", "results/study")
    .option("--executor <name>", `where the jobs run: ${EXECUTORS.join(" or ")} (default: the study's \`executor\`, else local)`)
    .option("--workers <n>", "local: jobs at once; each gets cores ÷ workers kernel threads (default: one per core, since tfjs trains MLPs on one thread)", threadCount)
    .option("--resume", "continue the study in --out: finished jobs are skipped, killed ones resume from their checkpoints (slurm: submits only the jobs not done and not still queued)")
    .option("--dry-run", "slurm: write OUT/slurm/array.sh and report.sh and print the sbatch commands, without submitting")
    .option("--wait", "slurm: after submitting, wait until the report exists, showing the jobs' states")
    .option("--poll <seconds>", "slurm --wait: seconds between two looks at the queue", num, 10)
    .option("--print-study", "print the (adjusted) study JSON and exit");
  // The cluster settings that are flags, documented from the study schema's `slurm` section.
  const slurmFlags = addSchemaFlags(compare, SlurmConfig.pick(Object.fromEntries(SLURM_FLAG_FIELDS.map((k) => [k, true])) as { [K in (typeof SLURM_FLAG_FIELDS)[number]]: true }));
  compare.action(async (flags: Record<string, unknown>) => {
      const study = flags.config ? await readConfigFile(String(flags.config)) : readStudyPreset();
      if (flags.arms) {
        const want = String(flags.arms).split(",").map((s) => s.trim()).filter(Boolean);
        const arms = (study.arms as { name: string }[] | undefined) ?? [];
        const unknown = want.filter((w) => !arms.some((a) => a.name === w));
        if (unknown.length) throw new Error(`--arms: no arm named ${unknown.join(", ")} (the study has: ${arms.map((a) => a.name).join(", ")})`);
        study.arms = arms.filter((a) => want.includes(a.name));
      }
      if (flags.seeds !== undefined) {
        if ((flags.seeds as number) < 1) throw new Error("--seeds must be ≥ 1");
        study.seeds = Array.from({ length: flags.seeds as number }, (_, i) => i + 1);
      }
      if (flags.epochs !== undefined) study.epochs = flags.epochs;
      if (flags.data !== undefined) study.data = { ...((study.data as object | undefined) ?? {}), source: String(flags.data) };
      if (flags.executor !== undefined) {
        if (!(EXECUTORS as readonly string[]).includes(String(flags.executor))) throw new Error(`--executor: '${flags.executor}' is not one of ${EXECUTORS.join(", ")}`);
        study.executor = flags.executor;
      }
      const cluster = pickFlags(flags, slurmFlags);
      if (Object.keys(cluster).length) study.slurm = { ...((study.slurm as object | undefined) ?? {}), ...cluster };
      if (flags.printStudy) {
        process.stdout.write(JSON.stringify(study, null, 2) + "\n");
        return;
      }
      const out = String(flags.out);
      const executor = parseStudy(study).executor;
      if (executor === "slurm") {
        if (flags.workers !== undefined) throw new Error("--workers is for the local executor; on Slurm, --throttle caps the tasks that run at once");
        await compareOnSlurm(study, out, { resume: !!flags.resume, dryRun: !!flags.dryRun, wait: !!flags.wait, pollSeconds: flags.poll as number });
        return;
      }
      if (flags.dryRun || flags.wait) throw new Error(`--${flags.dryRun ? "dry-run" : "wait"} is for --executor slurm (the local executor always runs the study to its end)`);
      const display = studyDisplay();
      const t0 = performance.now();
      let res;
      try {
        res = await runStudy(study, { out, workers: flags.workers as number | undefined, resume: !!flags.resume, onEvent: display.onEvent });
      } finally {
        display.stop();
      }
      const { files, data } = await writeStudyReport(out);
      const mins = ((performance.now() - t0) / 60000).toFixed(1);
      process.stdout.write(`study ${res.study.name}: ${res.jobs.length - res.failed.length}/${res.jobs.length} jobs done in ${mins} min\nwrote ${files.join(", ")}\n`);
      if (res.failed.length) {
        process.stderr.write(`hebblab: ${res.failed.length} job(s) failed: ${res.failed.join(", ")} (see jobs/<id>/log.txt; rerun with --resume)\n`);
        process.exitCode = 1;
      }
      if (data.missing.length && !res.failed.length) process.exitCode = 1;
    });

  program
    .command("run <job>")
    .description("run one job of a study (a job.json written by `hebblab compare`) into its directory")
    .option("--threads <n>", "kernel threads (default: every core); the numbers do not depend on it", threadCount)
    .option("--progress-json", "write progress events to stdout as JSON lines (for `compare`)")
    .option("--checkpoint-every <seconds>", "write the job's checkpoint at most this often (also when training ends, and on SIGTERM/SIGINT, which then exit with 143/130); 0: after every epoch", num, 60)
    .action(async (jobPath: string, flags: Record<string, unknown>) => {
      const json = !!flags.progressJson;
      const bar = json ? null : terminalProgress(false);
      const onProgress = json ? (event: ProgressEvent) => process.stdout.write(JSON.stringify({ type: "progress", event }) + "\n") : bar!.onProgress;
      let outcome;
      try {
        outcome = await runJobFile(jobPath, { threads: flags.threads as number | undefined, onProgress, checkpointSeconds: flags.checkpointEvery as number });
      } finally {
        bar?.stop();
      }
      process.stderr.write(outcome === "skipped" ? `${jobPath}: already done (results.json matches the job), skipped\n` : `${jobPath}: done\n`);
    });

  program
    .command("report <dir>")
    .description("rebuild a study's report (report.md, report.html, results.csv, results.json) from its results files alone")
    .action(async (dir: string) => {
      const { files, data } = await writeStudyReport(dir);
      process.stdout.write(`${data.jobs.length} jobs${data.missing.length ? `, ${data.missing.length} missing (${data.missing.join(", ")})` : ""}\nwrote ${files.join(", ")}\n`);
    });
}

/**
 * One display for all jobs of a study: in a terminal, a line per running job (its stage, epoch and
 * progress) under a line for the study (jobs done, elapsed, ETA), redrawn in place; otherwise one
 * line per finished job with the study's ETA. The ETA weighs every job by its cost model
 * (`cost.ts`: training, then the attack phase from the attacks' own costs, EOT included).
 */
function studyDisplay(): { onEvent: (e: StudyEvent) => void; stop: () => void } {
  const tty = !!process.stderr.isTTY;
  const t0 = performance.now();
  let total = 0;
  let done = 0;
  const plans = new Map<string, { stages: StageCost[]; total: number }>();
  let costLeft = 0;
  let costDoneEnded = 0;
  const running = new Map<string, { cost: number; started: number; text: string }>();
  const sphere = new Map<string, number>();
  let drawn = 0;
  let timer: ReturnType<typeof setInterval> | null = null;
  const eta = () => {
    const now = performance.now();
    const left = etaSeconds({
      elapsed: (now - t0) / 1000,
      done: costDoneEnded + [...running.values()].reduce((s, r) => s + r.cost, 0),
      total: costLeft,
      running: [...running].map(([id, r]) => ({ elapsed: (now - r.started) / 1000, done: r.cost, total: plans.get(id)?.total ?? 0 })),
    });
    return left === null ? "ETA …" : `ETA ${fmtTime(left)}`;
  };
  const statusLine = () =>
    `study: ${done}/${total} jobs done, ${fmtTime((performance.now() - t0) / 1000)} elapsed, ${eta()}${running.size ? ` | ${[...running].map(([id, r]) => `${id}: ${r.text}`).join("; ")}` : ""}`;
  const draw = () => {
    if (!tty) return;
    const lines = [`study: ${done}/${total} jobs done, ${fmtTime((performance.now() - t0) / 1000)} elapsed, ${eta()}`, ...[...running].map(([id, r]) => `  ${id}: ${r.text}`)];
    process.stderr.write((drawn ? `\x1b[${drawn}A` : "") + lines.map((l) => `\x1b[2K${l}`).join("\n") + "\n");
    drawn = lines.length;
  };
  const onEvent = (e: StudyEvent) => {
    if (e.type === "planned") {
      total = e.jobs.length;
      done = e.skipped.length;
      for (const j of e.jobs) {
        const stages = jobStages(j.config);
        plans.set(j.id, { stages, total: totalCost(stages) });
        if (!e.skipped.includes(j.id)) costLeft += totalCost(stages);
      }
      process.stderr.write(`${total} jobs (${e.skipped.length} already done), ${e.workers} at a time, ${e.threadsPerJob} kernel thread(s) each; logs in <out>/jobs/<id>/log.txt\n`);
      // In a terminal the lines are redrawn in place; in a log, one status line a minute.
      timer = tty ? setInterval(draw, 500) : setInterval(() => process.stderr.write(statusLine() + "\n"), 60_000);
      timer.unref?.();
    } else if (e.type === "job-start") running.set(e.id, { cost: 0, started: performance.now(), text: "starting" });
    else if (e.type === "job-progress") {
      const p = e.event;
      const r = running.get(e.id);
      const plan = plans.get(e.id);
      if (!r || !plan) return;
      r.cost = costDone(plan.stages, p, r.cost);
      // Only an epoch's last event carries the convergence figure: keep it for the events in between.
      if (p.info?.converged !== undefined) sphere.set(e.id, p.info.converged);
      const c = sphere.get(e.id);
      const conv = c !== undefined && training.has(p.stage) ? `, ${(c * 100).toFixed(0)} % of units on the sphere` : "";
      r.text = `${where(p)}${conv}`;
    } else if (e.type === "job-end") {
      running.delete(e.id);
      costDoneEnded += plans.get(e.id)?.total ?? 0;
      done++;
      const line = `${e.ok ? "done" : "FAILED"} ${e.id} in ${fmtTime(e.seconds)}${e.error ? `: ${e.error}` : ""} — ${done}/${total}, ${eta()}`;
      if (tty) {
        process.stderr.write((drawn ? `\x1b[${drawn}A` : "") + `\x1b[2K${line}\n` + "\x1b[J");
        drawn = 0;
        draw();
      } else process.stderr.write(line + "\n");
    }
  };
  return {
    onEvent,
    stop: () => {
      if (timer) clearInterval(timer);
    },
  };
}

function fmtTime(s: number): string {
  if (!Number.isFinite(s) || s < 0) return "?";
  const m = Math.floor(s / 60);
  return m ? `${m} min ${Math.round(s % 60)} s` : `${Math.round(s)} s`;
}


import { join } from "node:path";
import { cliPath } from "../runner/study/compare.js";
import { writeStudyReport } from "../runner/study/reportNode.js";
import { submitSlurmStudy, waitForReport } from "../runner/study/slurm/submit.js";
import { costDone, etaSeconds, jobStages, totalCost } from "../runner/study/cost.js";
import { studyStatus, type StudyStatus } from "../runner/study/status.js";
import { prepareStudy } from "../runner/study/studyDir.js";
import { countsLine } from "./status.js";

/**
 * `hebblab compare --executor slurm`: plans the study into `out`, writes `out/slurm/array.sh` and
 * `report.sh`, submits them (unless `dryRun`) and returns, or with `wait` follows the jobs until
 * the report job has run. Exit status 1 when a job failed or the report did not run.
 */
export async function compareOnSlurm(study: unknown, out: string, o: { resume: boolean; dryRun: boolean; wait: boolean; pollSeconds: number }): Promise<void> {
  const t0 = performance.now();
  const prepared = await prepareStudy(study, { out, resume: o.resume });
  let res;
  try {
    res = await submitSlurmStudy(prepared, { dryRun: o.dryRun, cli: cliPath(), workDir: process.cwd() });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") throw new Error(`${(e as Error).message}; --dry-run writes the scripts without submitting them`);
    throw e;
  }
  const n = prepared.jobs.length;
  const say = (s: string) => process.stderr.write(s + "\n");
  const queued = res.alreadyQueued.length ? `, ${res.alreadyQueued.length} still queued from an earlier submission` : "";
  say(`${n} jobs (${prepared.done.size} already done${queued}); wrote ${res.scripts.array} and ${res.scripts.report}`);
  if (o.dryRun) {
    process.stdout.write(`dry run: nothing submitted. To submit (what 'hebblab compare --executor slurm --resume --out ${out}' does):\n${res.commands.map((c) => `  ${c}`).join("\n")}\n`);
    return;
  }
  const sub = res.submission;
  if (!res.report) {
    // Nothing left to run or wait for: the report is rebuilt here.
    const { files, data } = await writeStudyReport(out);
    process.stdout.write(`study ${prepared.study.name}: ${data.jobs.length}/${n} jobs done, nothing to submit\nwrote ${files.join(", ")}\n`);
    if (data.missing.length) process.exitCode = 1;
    return;
  }
  const report = res.report;
  const throttle = prepared.study.slurm.throttle;
  const arrays = sub?.arrays.map((a) => a.jobId) ?? [];
  if (sub)
    process.stdout.write(
      `submitted ${arrays.length ? `array ${arrays.join(", ")} (${res.toRun.length} task${res.toRun.length === 1 ? "" : "s"}${throttle ? `, at most ${throttle} at once` : ""}) and ` : ""}report job ${report} (after every task); 'hebblab status ${out}' shows where each job stands\n`,
    );
  else process.stdout.write(`nothing to submit: the ${res.alreadyQueued.length} job(s) not done are still queued, and report job ${report} follows them; 'hebblab status ${out}' shows where each job stands\n`);
  if (!o.wait) return;

  // The ETA of the cost model (cost.ts), from what the traces say.
  const plans = new Map(prepared.jobs.map((j) => [j.id, jobStages(j.config)]));
  const costLeft = prepared.jobs.filter((j) => !prepared.done.has(j.id)).reduce((s, j) => s + totalCost(plans.get(j.id)!), 0);
  const eta = (s: StudyStatus): string => {
    const now = Date.now();
    let done = 0;
    const running: { elapsed: number; done: number; total: number }[] = [];
    for (const j of s.jobs) {
      if (prepared.done.has(j.id)) continue;
      const stages = plans.get(j.id)!;
      if (j.state === "done") done += totalCost(stages);
      else if (j.state === "running" && j.progress) {
        const c = costDone(stages, j.progress);
        done += c;
        if (j.startedAt) running.push({ elapsed: (now - Date.parse(j.startedAt)) / 1000, done: c, total: totalCost(stages) });
      }
    }
    const left = etaSeconds({ elapsed: (performance.now() - t0) / 1000, done, total: costLeft, running });
    return left === null ? "" : `, ETA ${fmtMinutes(left * 1000)}`;
  };
  let last = "";
  let lastAt = 0;
  const { exitCode } = await waitForReport(out, report, {
    pollMs: o.pollSeconds * 1000,
    onPoll: async () => {
      const s = await studyStatus(out);
      const line = `slurm: ${countsLine(s)}${s.slurm?.report ? `; report job ${s.slurm.report.state}` : ""}`;
      // A line when something changed, else one a minute.
      if (line !== last || performance.now() - lastAt > 60_000) {
        say(`${line} (${fmtMinutes(performance.now() - t0)} elapsed${eta(s)})`);
        last = line;
        lastAt = performance.now();
      }
    },
  });
  const s = await studyStatus(out);
  process.stdout.write(`study ${prepared.study.name}: ${s.counts.done}/${n} jobs done in ${fmtMinutes(performance.now() - t0)}; report job ${report} exited ${exitCode}\nwrote ${["report.md", "report.html", "results.csv", "results.json"].map((f) => join(out, f)).join(", ")}\n`);
  const bad = s.jobs.filter((j) => j.state !== "done");
  if (bad.length) process.stderr.write(`hebblab: ${bad.length} job(s) not done: ${bad.map((j) => `${j.id} (${j.state}: ${j.detail})`).join("; ")}; 'hebblab compare --executor slurm --resume' resubmits them\n`);
  if (exitCode !== 0 || bad.length) process.exitCode = 1;
}

function fmtMinutes(ms: number): string {
  return `${(ms / 60000).toFixed(1)} min`;
}

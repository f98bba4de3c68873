import type { Command } from "commander";
import { studyStatus, type StudyStatus } from "../runner/study/status.js";

/** `hebblab status DIR`: each job of a study pending, running (stage, epoch), done or failed (its last log line). */
export function registerStatus(program: Command): void {
  program
    .command("status <dir>")
    .description("where each job of a study stands: pending, running (stage and epoch), done, failed (its last log line); asks squeue for a Slurm study")
    .option("--json", "print the status as JSON")
    .action(async (dir: string, flags: { json?: boolean }) => {
      const s = await studyStatus(dir);
      process.stdout.write(flags.json ? JSON.stringify(s, null, 2) + "\n" : formatStatus(s));
    });
}

/** The counts in one line: `4 jobs: 1 done, 2 running, 1 pending`. */
export function countsLine(s: StudyStatus): string {
  const parts = (["done", "running", "pending", "interrupted", "failed"] as const).filter((k) => s.counts[k]).map((k) => `${s.counts[k]} ${k}`);
  return `${s.jobs.length} jobs: ${parts.join(", ") || "none"}`;
}

/** The status as a table, one job a line, under a line for the study. */
export function formatStatus(s: StudyStatus): string {
  const head = [`study ${s.name} (${s.dir}), ${s.executor}: ${countsLine(s)}`];
  if (s.slurm) {
    const r = s.slurm.report;
    head.push(`slurm: array ${s.slurm.arrays.join(", ")}${r ? `; report job ${r.jobId} ${r.state}${r.reason && r.reason !== "None" ? ` (${r.reason})` : ""}` : ""}`);
    if (s.slurm.squeueError) head.push(`slurm: squeue failed (${s.slurm.squeueError}); states from the job files alone`);
  }
  const w = Math.max(...s.jobs.map((j) => j.id.length));
  const rows = s.jobs.map((j) => `  ${j.id.padEnd(w)}  ${j.state.padEnd(11)}  ${j.detail}`);
  const tail = s.report ? "report: written (results.json)" : "report: not written yet";
  return [...head, ...rows, tail].join("\n") + "\n";
}

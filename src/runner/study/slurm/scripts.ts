import type { SlurmConfig } from "./config.js";

/**
 * The Slurm executor's two batch scripts, as text (pure: `submit.ts` writes and submits them).
 *
 * `array.sh`: task i runs `hebblab run` on the i-th planned job (plus `HEBBLAB_ARRAY_OFFSET`, set
 * when a study is split over several arrays by MaxArraySize) as a job step (`srun`), so that
 * `scancel --signal=TERM <task>` reaches it — without `--batch`, scancel signals a job's steps and
 * not its batch shell. On SIGTERM (that scancel, the time limit, preemption) `hebblab run` writes
 * its checkpoint and exits 143; the task then requeues itself when only its step was signalled or
 * its time limit ended it, not when it was cancelled (Slurm signals the batch shell when it ends a
 * job; the job's state is then COMPLETING whatever the cause, its `Reason` TimeLimit or None, so the
 * shell notes the reason in its TERM trap), and the requeued run resumes from the checkpoint. A signal to the batch shell
 * (USR1 from `--signal=B:USR1@N`, or the TERM Slurm sends it with the step's) is passed on to the
 * step with `scancel --signal=TERM`: sending it to `srun` instead would make srun kill the step.
 *
 * `report.sh`: `hebblab report` once every array task has ended (submitted with
 * `--dependency=afterany:<array ids>`), then its exit status in `slurm/report-status.json`.
 */

/** What the scripts need besides the cluster settings. */
export interface ScriptContext {
  /** The study's name (job names `hebblab-<name>`). */
  name: string;
  /** Absolute study directory. */
  studyDir: string;
  /** Job ids in plan order: task i runs `jobs/<ids[i]>`. */
  jobIds: string[];
  /** Absolute path of this installation's CLI (`dist/cli/main.js`). */
  cli: string;
  /** Absolute working directory of the jobs (where `compare` ran: relative data paths resolve from it). */
  workDir: string;
}

/** `0-3`, `0,2,5-9`: Slurm's index list of sorted distinct task ids. */
export function indexRanges(ids: readonly number[]): string {
  const s = [...new Set(ids)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j] + 1) j++;
    parts.push(j > i ? `${s[i]}-${s[j]}` : `${s[i]}`);
    i = j + 1;
  }
  return parts.join(",");
}

/** The value of `--array`: the task ids, then `%M` when a throttle is set. */
export function arraySpec(ids: readonly number[], throttle?: number): string {
  return `${indexRanges(ids)}${throttle ? `%${throttle}` : ""}`;
}

/** A shell word: single-quoted unless it is plainly safe. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `#SBATCH` lines for the settings both scripts share. */
function commonDirectives(c: SlurmConfig): string[] {
  const d: string[] = [];
  if (c.partition) d.push(`--partition=${c.partition}`);
  if (c.account) d.push(`--account=${c.account}`);
  if (c.qos) d.push(`--qos=${c.qos}`);
  return d.map((x) => `#SBATCH ${x}`);
}

function extraLines(c: SlurmConfig): string[] {
  return c.extra.map((e) => (/^#SBATCH\s/.test(e.trim()) ? e.trim() : `#SBATCH ${e.trim()}`));
}

function setupLines(c: SlurmConfig): string[] {
  return c.setup.length ? ["# Setup (the study's slurm.setup), run before hebblab:", ...c.setup, ""] : [];
}

/** What both scripts have after their own directives: the extra ones, the setup lines, where the study and hebblab are. */
function body(ctx: ScriptContext, c: SlurmConfig): string[] {
  return [...extraLines(c), "", ...setupLines(c), "set -u", `study=${shellQuote(ctx.studyDir)}`, `hebblab=${shellQuote(ctx.cli)}`];
}

/** The Node check every script makes after the setup lines: hebblab needs Node ≥ 20 as `node`. */
const nodeCheck = (log: string) => [
  `if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' 2>/dev/null; then`,
  `  echo "hebblab: needs Node >= 20 as 'node' on $(hostname) after the setup lines (found: $(node --version 2>&1 | head -1))" | tee -a ${log} >&2`,
  `  exit 2`,
  `fi`,
];

/** `OUT/slurm/array.sh`: one array task per planned job. */
export function arrayScript(ctx: ScriptContext, c: SlurmConfig): string {
  const n = ctx.jobIds.length;
  const q = shellQuote;
  const lines = [
    "#!/bin/bash",
    `# hebblab study '${ctx.name}': ${n} job${n === 1 ? "" : "s"}, one Slurm array task each (written by 'hebblab compare --executor slurm').`,
    "# Task i runs job i of 'jobs' below with 'hebblab run', which resumes the job's checkpoint if it has one.",
    `# Submit any subset by hand with 'sbatch --array=1,3 ${ctx.studyDir}/slurm/array.sh'.`,
    `#SBATCH --job-name=hebblab-${ctx.name}`,
    `#SBATCH --array=${arraySpec(Array.from({ length: n }, (_, i) => i), c.throttle)}`,
    `#SBATCH --cpus-per-task=${c.cpusPerTask}`,
    ...(c.time ? [`#SBATCH --time=${c.time}`] : []),
    ...(c.mem ? [`#SBATCH --mem=${c.mem}`] : []),
    ...commonDirectives(c),
    ...(c.signalSeconds ? [`#SBATCH --signal=B:USR1@${c.signalSeconds}`] : []),
    "#SBATCH --requeue",
    `#SBATCH --chdir=${ctx.workDir}`,
    `#SBATCH --output=${ctx.studyDir}/slurm/logs/array-%A_%a.out`,
    "#SBATCH --open-mode=append",
    ...body(ctx, c),
    `jobs=(${ctx.jobIds.map(q).join(" ")})`,
    'i=$(( ${HEBBLAB_ARRAY_OFFSET:-0} + SLURM_ARRAY_TASK_ID ))',
    'id=${jobs[$i]}',
    'dir=$study/jobs/$id',
    "cpus=${SLURM_CPUS_PER_TASK:-1}",
    ...nodeCheck('"$dir/log.txt"'),
    'echo "[slurm] task ${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID} (job $SLURM_JOB_ID, restart ${SLURM_RESTART_COUNT:-0}) on $(hostname), $(date -Is)" >> "$dir/log.txt"',
    "",
    "# SIGTERM reaches 'hebblab run' as a job step (scancel --signal=TERM, the time limit, preemption): it writes",
    "# its checkpoint and exits 143. A signal to this shell is passed on to the step (not to srun, which would kill it).",
    "# Slurm signals this shell too when it ends the job (time limit, scancel, preemption): why is noted then, while",
    "# the job is still known (its state is COMPLETING whatever the cause; the reason tells them apart).",
    'step=""',
    'ended=""',
    'forward() { if [ -n "$step" ] && kill -0 "$step" 2>/dev/null; then scancel --signal=TERM "$SLURM_JOB_ID" 2>/dev/null; fi; }',
    `on_term() { ended=$(scontrol show job -o "$SLURM_JOB_ID" 2>/dev/null | grep -o 'Reason=[^ ]*' | cut -d= -f2); ended=\${ended:-unknown}; forward; }`,
    "trap on_term TERM",
    "trap forward USR1",
    'srun --ntasks=1 --cpus-per-task="$cpus" node "$hebblab" run "$dir/job.json" --threads "$cpus" >> "$dir/log.txt" 2>&1 &',
    "step=$!",
    'while kill -0 "$step" 2>/dev/null; do wait "$step"; done',
    'wait "$step"; code=$?',
    "",
    "# Interrupted with its checkpoint written: requeue this task, which resumes there, when only the step was",
    "# signalled (the job runs on) or the time limit ended it; not when it was cancelled (a requeue would make the",
    "# study impossible to stop), nor preempted (Slurm requeues a --requeue job itself where preemption requeues).",
    'if [ "$code" -eq 143 ]; then',
    '  case "$ended" in',
    '    "") why="a signal to the job step" ;;',
    '    TimeLimit) why="its time limit" ;;',
    '    *) why="" ;;',
    "  esac",
    '  if [ -z "$why" ]; then',
    '    echo "[slurm] interrupted (exit 143; the job ended: ${ended}): not requeued" >> "$dir/log.txt"',
    '  elif [ "${SLURM_RESTART_COUNT:-0}" -ge ' + c.maxRequeues + " ]; then",
    `    echo "[slurm] interrupted (exit 143, $why) after ${c.maxRequeues} requeues: not requeued again (slurm.maxRequeues)" >> "$dir/log.txt"`,
    "  else",
    '    echo "[slurm] interrupted (exit 143, $why): requeued, resumes from its checkpoint" >> "$dir/log.txt"',
    '    scontrol requeue "$SLURM_JOB_ID"',
    "  fi",
    "fi",
    'exit "$code"',
    "",
  ];
  return lines.join("\n");
}

/** `OUT/slurm/report.sh`: rebuilds the report once the array tasks have ended, and records how that went. */
export function reportScript(ctx: ScriptContext, c: SlurmConfig): string {
  const lines = [
    "#!/bin/bash",
    `# hebblab study '${ctx.name}': the report, after every array task has ended (submitted with --dependency=afterany:<array ids>).`,
    `#SBATCH --job-name=hebblab-${ctx.name}-report`,
    "#SBATCH --cpus-per-task=1",
    `#SBATCH --time=${c.reportTime}`,
    ...commonDirectives(c),
    `#SBATCH --chdir=${ctx.workDir}`,
    `#SBATCH --output=${ctx.studyDir}/slurm/logs/report-%j.out`,
    ...body(ctx, c),
    ...nodeCheck("/dev/null"),
    'node "$hebblab" report "$study"',
    "code=$?",
    "# Written atomically: 'hebblab compare --wait' and 'hebblab status' read it.",
    `printf '{"jobId": "%s", "exitCode": %d, "at": "%s"}\\n' "$SLURM_JOB_ID" "$code" "$(date -Is)" > "$study/slurm/report-status.json.tmp-$SLURM_JOB_ID" && mv -f "$study/slurm/report-status.json.tmp-$SLURM_JOB_ID" "$study/slurm/report-status.json"`,
    'exit "$code"',
    "",
  ];
  return lines.join("\n");
}

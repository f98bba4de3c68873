// What Slurm costs a study (issue 23): the same study of N one-epoch jobs run by the local executor
// (`hebblab compare`, one job per core) and through the one-node cluster (`--executor slurm --wait`,
// one CPU per task: as many at once), alternating local/slurm/slurm/local, wall time from the command
// to the report. The difference per job is the scheduler's overhead (submission, dispatch, srun, the
// report job's dependency); then N empty tasks through the same srun path, the scheduler's cost alone
// (on a shared VM the jobs' own times swing more than that: with the kernel's sched_autogroup, CPU is
// shared between sessions, every Slurm task has one of its own while the local executor's jobs share
// compare's, so under other users' load the Slurm jobs get more CPU). Needs a running Slurm
// (`.ci/slurm-cluster start`); without one it writes why and exits 0, unless CI=true.
//   npm run bench -- slurm            50 jobs, 2 rounds → bench/results/slurm.json
//   npm run bench -- --smoke slurm    2 jobs, once each → bench/results/smoke/slurm.json
// Knobs: HEBBLAB_BENCH_SLURM_JOBS, HEBBLAB_BENCH_SLURM_ROUNDS.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const benchDir = dirname(fileURLToPath(import.meta.url));
const cli = join(benchDir, "..", "dist", "cli", "main.js");
const smoke = process.argv.includes("--smoke");
const jobs = smoke ? 2 : Number(process.env.HEBBLAB_BENCH_SLURM_JOBS || 50);
const rounds = smoke ? 1 : Number(process.env.HEBBLAB_BENCH_SLURM_ROUNDS || 2);
const out = join(benchDir, "results", ...(smoke ? ["smoke"] : []), "slurm.json");

/** Writes the result JSON atomically. */
function write(/** @type {Record<string, unknown>} */ result) {
  mkdirSync(dirname(out), { recursive: true });
  const all = { bench: "slurm", smoke, date: new Date().toISOString(), machine: { cores: availableParallelism(), loadAverageAtEnd: loadavg().map((x) => Math.round(x * 100) / 100) }, ...result };
  writeFileSync(`${out}.tmp`, JSON.stringify(all, null, 2) + "\n");
  renameSync(`${out}.tmp`, out);
  console.log(`wrote ${out}`);
}

/** The node count of CPUs Slurm offers, or null when no cluster answers. */
function slurmCpus() {
  try {
    const [state, cpus] = execFileSync("sinfo", ["-h", "-N", "-o", "%T %c"], { encoding: "utf8", timeout: 10_000 }).trim().split(/\s+/);
    return /^(idle|mixed|allocated|completing)/.test(state) ? Number(cpus) : null;
  } catch {
    return null;
  }
}

const cpus = slurmCpus();
if (cpus === null) {
  const why = "no Slurm cluster answers (start one with .ci/slurm-cluster start, as root)";
  write({ skipped: why });
  if (process.env.CI === "true") {
    console.error(`slurm bench: ${why}; CI=true makes this a failure`);
    process.exit(1);
  }
  console.log(`slurm bench: skipped: ${why}`);
  process.exit(0);
}

// N one-epoch jobs of a tiny KH model on real digits with a one-attack evaluation: mostly what every job
// pays anyway (Node, tfjs and the kernels starting, the data loading), which both executors pay alike.
const study = {
  name: "overhead",
  data: { train: 300, test: 100 },
  seeds: Array.from({ length: jobs }, (_, i) => i + 1),
  epochs: 1,
  arms: [{ name: "kh", config: { kh: { hidden: 30, batch: 50 }, readout: { epochs: 1 } } }],
  attack: { images: 10, batch: 10, attacks: ["fgsm"], eps: { linf: [0, 0.1] }, critical: { enabled: false }, sanity: { eps1Images: 5 } },
};
const root = mkdtempSync(join(tmpdir(), "hebblab-bench-slurm-"));
writeFileSync(join(root, "study.json"), JSON.stringify(study));
const slots = Math.min(cpus, availableParallelism());

/** Runs the study with one executor; returns its wall time and each job's own time (from its progress trace). */
function run(/** @type {"local" | "slurm"} */ executor, /** @type {number} */ k) {
  const dir = join(root, `${executor}-${k}`);
  const args = executor === "local" ? ["--workers", String(slots)] : ["--executor", "slurm", "--wait", "--poll", "0.5", "--cpus-per-task", "1"];
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [cli, "compare", "--config", join(root, "study.json"), "--out", dir, ...args], { encoding: "utf8" });
  const seconds = (Date.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${executor}: hebblab compare exited ${r.status}: ${r.stderr.slice(-2000)}`);
  const perJob = study.seeds.map((s) => {
    const t = JSON.parse(readFileSync(join(dir, "jobs", `kh-seed${s}`, "progress.json"), "utf8"));
    return (Date.parse(t.updatedAt) - Date.parse(t.startedAt)) / 1000;
  });
  const jobSeconds = perJob.reduce((a, b) => a + b, 0);
  console.log(`${executor.padEnd(5)} round ${k}: ${jobs} jobs in ${seconds.toFixed(1)} s (jobs themselves ${jobSeconds.toFixed(1)} s of process time, ${slots} at once); load ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  rmSync(dir, { recursive: true, force: true });
  return { executor, round: k, seconds, jobSeconds, loadAverage: loadavg().map((x) => Math.round(x * 100) / 100) };
}

/**
 * The scheduler alone: N empty tasks (`srun true` in an array, as array.sh runs hebblab) from `sbatch` until
 * the last leaves the queue; its slot time per task is what Slurm adds to every job on this node.
 */
function emptyTasks() {
  const t0 = Date.now();
  const id = execFileSync("sbatch", ["--parsable", `--array=0-${jobs - 1}`, "--cpus-per-task=1", "--output=/dev/null", "--wrap", "srun --ntasks=1 --cpus-per-task=1 true"], { encoding: "utf8" }).trim().split(";")[0];
  for (;;) {
    const q = spawnSync("squeue", ["-h", "-j", id], { encoding: "utf8" });
    if (q.status === 0 && q.stdout.trim() === "") break;
    if (q.status !== 0 && !/Invalid job id/.test(q.stderr)) throw new Error(`squeue: ${q.stderr}`);
    if (q.status !== 0) break;
    spawnSync("sleep", ["0.2"]);
  }
  const seconds = (Date.now() - t0) / 1000;
  console.log(`empty tasks: ${jobs} in ${seconds.toFixed(1)} s (${((seconds * slots) / jobs).toFixed(2)} s of slot time per task)`);
  return { seconds, slotSecondsPerTask: (seconds * slots) / jobs };
}

try {
  /** @type {ReturnType<typeof run>[]} */
  const runs = [];
  // ABBA within each round, so a machine that gets busier or quieter meanwhile favours neither (smoke: each once).
  /** @type {("local" | "slurm")[]} */
  const order = smoke ? ["slurm", "local"] : ["local", "slurm", "slurm", "local"];
  for (let k = 1; k <= rounds; k++) for (const e of order) runs.push(run(e, k));
  const of = (/** @type {string} */ e) => runs.filter((r) => r.executor === e);
  const mean = (/** @type {number[]} */ xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const local = mean(of("local").map((r) => r.seconds));
  const slurm = mean(of("slurm").map((r) => r.seconds));
  // Slot time per job outside the job's own run (its trace, from loading the job to writing its results): process
  // start, and for Slurm the dispatch, srun and the report job's dependency. Less sensitive than wall time to a
  // shared machine slowing the jobs' own work, which both executors pay alike.
  const gap = (/** @type {string} */ e) => mean(of(e).map((r) => (r.seconds * slots - r.jobSeconds) / jobs));
  const overhead = {
    // What the study's wall time grows by per job, with `slots` jobs at once.
    wallSecondsPerJob: (slurm - local) / jobs,
    // What one task waits for the scheduler: the wall-time difference shared over the slots.
    taskSecondsPerJob: ((slurm - local) * slots) / jobs,
    slotGapSecondsPerJobLocal: gap("local"),
    slotGapSecondsPerJobSlurm: gap("slurm"),
    // The scheduler's cost per task by the slot gaps.
    taskSecondsPerJobByGap: gap("slurm") - gap("local"),
    jobProcessSecondsLocal: mean(of("local").map((r) => r.jobSeconds)) / jobs,
    jobProcessSecondsSlurm: mean(of("slurm").map((r) => r.jobSeconds)) / jobs,
  };
  console.log(
    `local ${local.toFixed(1)} s, slurm ${slurm.toFixed(1)} s for ${jobs} jobs: ${overhead.wallSecondsPerJob >= 0 ? "+" : ""}${overhead.wallSecondsPerJob.toFixed(2)} s of wall time per job; ` +
      `slot time per job outside the job's own run: local ${overhead.slotGapSecondsPerJobLocal.toFixed(2)} s, slurm ${overhead.slotGapSecondsPerJobSlurm.toFixed(2)} s`,
  );
  const empty = Array.from({ length: rounds }, emptyTasks);
  write({ jobs, slots, rounds, study, localSeconds: local, slurmSeconds: slurm, overhead, runs, emptyTasks: empty });
} finally {
  rmSync(root, { recursive: true, force: true });
}

// Issue 23 on a real Slurm (the one-node cluster of `.ci/slurm-cluster start`): a study through
// sbatch gives the local executor's numbers; `hebblab status` follows its jobs; an array task sent
// SIGTERM is requeued and resumes from its checkpoint to an uninterrupted run's results.
import { execFileSync, spawn } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { readSubmissions, waitForReport } from "../../../src/runner/study/slurm/submit.js";
import { studyStatus, type StudyStatus } from "../../../src/runner/study/status.js";
import { readTrace } from "../../../src/runner/study/trace.js";
import { runCli } from "../../cli.js";
import { describeWithSlurm } from "../../slurm.js";

const CLI = fileURLToPath(new URL("../../../dist/cli/main.js", import.meta.url));

/** The study, shrunk: real digits, tiny models, a short attack; a third arm that --arms leaves out. */
const STUDY = {
  name: "slurm-tiny",
  data: { train: 300, test: 100 },
  seeds: [1],
  arms: [
    { name: "kh", preset: "local-learning-mnist", config: { kh: { hidden: 30, batch: 50 }, readout: { epochs: 2 } } },
    { name: "mlp", config: { model: "mlp", mlp: { hidden: [20] }, analyses: { isometry: { images: 50 }, jacobian: { images: 50 } } } },
    { name: "l2", config: { model: "mlp", mlp: { hidden: [20], regularizers: [{ name: "l2" }] } } },
  ],
  attack: {
    images: 30,
    batch: 15,
    attacks: ["fgsm", "pgd-linf", "noise-linf"],
    eps: { linf: [0, 0.1] },
    "pgd-linf": { steps: 3 },
    critical: { images: 8, iters: 3, also: ["noise-linf"] },
    sanity: { eps1Images: 10 },
  },
};

/** A results file without what differs between runs: wall times, dates, thread counts. */
const comparable = (text: string) =>
  JSON.parse(text, (k, v) => (["seconds", "timings", "startedAt", "finishedAt", "threads", "train-s"].includes(k) ? undefined : v)) as unknown;

/** Every job's results and the study's results.json, comparable. */
async function studyResults(dir: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { study: comparable(await readFile(join(dir, "results.json"), "utf8")) };
  for (const id of (await readdir(join(dir, "jobs"))).sort()) out[id] = comparable(await readFile(join(dir, "jobs", id, "results.json"), "utf8"));
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeWithSlurm("hebblab compare --executor slurm on a real Slurm", () => {
  let root: string;
  const studies: string[] = [];
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "hebblab-slurm-"));
    await writeFile(join(root, "study.json"), JSON.stringify(STUDY));
  });
  afterAll(async () => {
    // Nothing of these tests stays in the queue.
    const ids = (await Promise.all(studies.map((d) => readSubmissions(d).catch(() => [])))).flat().flatMap((s) => [...s.arrays.map((a) => a.jobId), ...(s.report ? [s.report] : [])]);
    if (ids.length) execFileSync("scancel", ids);
    await rm(root, { recursive: true, force: true });
  });

  const args = () => ["compare", "--config", join(root, "study.json"), "--arms", "kh,mlp", "--seeds", "2", "--epochs", "2"];
  const onSlurm = () => join(root, "on-slurm");
  const here = () => join(root, "here");

  it("--arms kh,mlp --seeds 2 --epochs 2 --wait completes through sbatch with the local executor's numbers", async () => {
    const onSlurm = join(root, "on-slurm");
    studies.push(onSlurm);
    const s = await runCli([...args(), "--executor", "slurm", "--wait", "--poll", "1", "--out", onSlurm]);
    expect(s.code, s.err + s.out).toBe(0);
    expect(s.out).toMatch(/^submitted array \d+ \(4 tasks\) and report job \d+/m);
    expect(s.out).toMatch(/study slurm-tiny: 4\/4 jobs done in .* report job \d+ exited 0/);
    const [sub] = await readSubmissions(onSlurm);
    expect(sub.arrays).toEqual([{ jobId: expect.any(String), offset: 0, tasks: [0, 1, 2, 3] }]);
    // Each task ran its job as a Slurm task and said so in the job's log.
    for (const id of ["kh-seed1", "kh-seed2", "mlp-seed1", "mlp-seed2"]) {
      expect(await readFile(join(onSlurm, "jobs", id, "log.txt"), "utf8")).toMatch(new RegExp(`^\\[slurm\\] task ${sub.arrays[0].jobId}_\\d \\(job \\d+, restart 0\\)`, "m"));
      expect(readTrace(join(onSlurm, "jobs", id))).toMatchObject({ state: "done", slurm: { arrayJobId: sub.arrays[0].jobId } });
    }
    const l = await runCli([...args(), "--out", here()]);
    expect(l.code, l.err).toBe(0);
    expect(await studyResults(onSlurm)).toEqual(await studyResults(here()));
  }, 300_000);

  it("--resume resubmits only the jobs that are not done", async () => {
    const want = await studyResults(here());
    for (const id of ["kh-seed1", "mlp-seed2"]) await rm(join(onSlurm(), "jobs", id, "results.json"));
    const s = await runCli([...args(), "--executor", "slurm", "--resume", "--wait", "--poll", "1", "--out", onSlurm()]);
    expect(s.code, s.err + s.out).toBe(0);
    expect(s.err).toMatch(/^4 jobs \(2 already done\)/m);
    expect(s.out).toMatch(/^submitted array \d+ \(2 tasks\)/m);
    const subs = await readSubmissions(onSlurm());
    expect(subs).toHaveLength(2);
    expect(subs[1].arrays.map((a) => a.tasks)).toEqual([[0, 3]]);
    expect(await studyResults(onSlurm())).toEqual(want);
    // All done: nothing is submitted, the report is rebuilt here.
    const again = await runCli([...args(), "--executor", "slurm", "--resume", "--out", onSlurm()]);
    expect(again.out).toMatch(/4\/4 jobs done, nothing to submit/);
    expect(await readSubmissions(onSlurm())).toHaveLength(2);
  }, 300_000);

  it("a setting the cluster refuses fails the submission with sbatch's reason, and nothing is recorded", async () => {
    const dir = join(root, "refused");
    const r = await runCli(["compare", "--config", join(root, "study.json"), "--arms", "mlp", "--executor", "slurm", "--partition", "no-such-partition", "--out", dir]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/sbatch .*--array=0 .*: sbatch: error: .*[Pp]artition/);
    expect(await readSubmissions(dir)).toEqual([]);
  });

  it("hebblab status shows pending, running (stage and epoch) and done jobs while the study runs", async () => {
    const dir = join(root, "watched");
    studies.push(dir);
    // Three jobs of a few seconds, one at a time (--throttle 1): the others wait in the queue meanwhile.
    // 150 epochs (≈ 3 s of learning on the relaxed build): 40 took under a second, a narrow window for
    // the 200 ms polls below to see a job learning.
    const watched = { ...STUDY, name: "slurm-watched", data: { train: 2000, test: 100 }, seeds: [1, 2, 3], arms: [{ name: "kh", config: { kh: { hidden: 200, epochs: 150, batch: 50 }, readout: { epochs: 1 } } }] };
    await writeFile(join(root, "watched.json"), JSON.stringify(watched));
    const s = await runCli(["compare", "--config", join(root, "watched.json"), "--executor", "slurm", "--throttle", "1", "--out", dir]);
    expect(s.code, s.err).toBe(0);
    // Resumed while its tasks wait: they stay queued and nothing is submitted twice.
    const r = await runCli(["compare", "--config", join(root, "watched.json"), "--executor", "slurm", "--throttle", "1", "--resume", "--out", dir]);
    expect(r.out).toMatch(/nothing to submit: the 3 job\(s\) not done are still queued, and report job \d+ follows them/);
    expect(await readSubmissions(dir)).toHaveLength(1);
    const seen: StudyStatus[] = [];
    const texts: string[] = [];
    const learning = (st: StudyStatus) => st.jobs.some((j) => j.state === "running" && j.detail.startsWith("kh epoch"));
    const [sub] = await readSubmissions(dir);
    for (let t0 = Date.now(); Date.now() - t0 < 240_000; ) {
      const st = await studyStatus(dir);
      seen.push(st);
      if (learning(st) && st.counts.pending === 2 && !texts.length) texts.push((await runCli(["status", dir])).out);
      if (st.counts.done === 3) break;
      await sleep(200);
    }
    const states = (st: StudyStatus) => st.jobs.map((j) => j.state);
    // While the first job runs the others are pending (the throttle); later one is done while another runs or waits.
    const early = seen.find((st) => states(st).join() === "running,pending,pending" && /^kh epoch \d+\/150 /.test(st.jobs[0].detail));
    expect(early, JSON.stringify(seen.map(states))).toBeDefined();
    expect(early!.jobs[1].detail).toMatch(/^slurm \d+_1 pending \(JobArrayTaskLimit\)/);
    expect(seen.some((st) => st.counts.done >= 1 && st.counts.done < 3 && st.counts.running + st.counts.pending >= 1)).toBe(true);
    expect(seen.at(-1)!.counts.done).toBe(3);
    expect(texts[0]).toMatch(/^study slurm-watched \(.*\), slurm: 3 jobs: 1 running, 2 pending$/m);
    expect(texts[0]).toMatch(new RegExp(`^slurm: array ${sub.arrays[0].jobId}; report job ${sub.report} pending \\(Dependency\\)$`, "m"));
    expect(texts[0]).toMatch(/^ {2}kh-seed1 {2}running {6}kh epoch \d+\/150 \(\d+ %\) \(slurm \d+_0 running on \S+\)$/m);
    await waitForReport(dir, sub.report!, { pollMs: 500 });
    const end = await studyStatus(dir);
    expect(end.slurm?.report).toMatchObject({ jobId: sub.report, state: "done", exitCode: 0 });
    expect(end.report).toBe(true);
  }, 300_000);

  it("a task sent SIGTERM after its first epoch is requeued, resumes from its checkpoint and ends with an uninterrupted run's results", async () => {
    // Long enough to be watched: the trace is written every 2 s, and 60 epochs of this size (20 ms each on the
    // relaxed build) ended before the first write; 1000 take ≈ 20 s here.
    const long = { ...STUDY, name: "slurm-term", data: { train: 2000, test: 100 }, arms: [{ name: "kh", config: { kh: { hidden: 200, epochs: 1000, batch: 50 }, readout: { epochs: 1 } } }] };
    await writeFile(join(root, "term.json"), JSON.stringify(long));
    const dir = join(root, "term");
    studies.push(dir);
    const s = await runCli(["compare", "--config", join(root, "term.json"), "--executor", "slurm", "--out", dir]);
    expect(s.code, s.err).toBe(0);
    const [sub] = await readSubmissions(dir);
    const task = `${sub.arrays[0].jobId}_0`;
    const job = join(dir, "jobs", "kh-seed1");
    // After its first epoch: SIGTERM to the job step, as Slurm sends at a time limit or on preemption.
    for (let t0 = Date.now(); ; await sleep(100)) {
      const p = readTrace(job)?.progress;
      if (p?.stage === "kh" && (p.epoch ?? 0) >= 2) break;
      if (Date.now() - t0 > 120_000) throw new Error(`the task did not reach epoch 2: ${JSON.stringify(readTrace(job))}`);
    }
    execFileSync("scancel", ["--signal=TERM", task]);
    const { exitCode } = await waitForReport(dir, sub.report!, { pollMs: 500 });
    expect(exitCode).toBe(0);
    const log = await readFile(join(job, "log.txt"), "utf8");
    // hebblab run's handler wrote the pending checkpoint (contract 1), then the task requeued itself.
    expect(log).toMatch(/^hebblab: SIGTERM: checkpoint written; run the same job again/m);
    expect(log).toMatch(/^\[slurm\] interrupted \(exit 143, a signal to the job step\): requeued, resumes from its checkpoint$/m);
    expect(log).toMatch(/^\[slurm\] task \d+_0 \(job \d+, restart 1\)/m);
    // The requeued run started where the checkpoint was, not at epoch 1.
    const after = log.slice(log.search(/restart 1\)/));
    const firstEpoch = Number(/^kh epoch (\d+)\/1000/m.exec(after)?.[1]);
    expect(firstEpoch).toBeGreaterThan(1);
    expect(readTrace(job)).toMatchObject({ state: "done", slurm: { restarts: 1 } });

    // The same job, never interrupted, here.
    const whole = join(root, "whole");
    await mkdir(whole);
    await copyFile(join(job, "job.json"), join(whole, "job.json"));
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, "run", join(whole, "job.json"), "--threads", "1"], { stdio: "ignore" });
      child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`hebblab run exited ${code}`))));
    });
    expect(comparable(await readFile(join(job, "results.json"), "utf8"))).toEqual(comparable(await readFile(join(whole, "results.json"), "utf8")));
  }, 300_000);

  it("a task at its time limit checkpoints and requeues itself; one cancelled with scancel stays stopped, its checkpoint kept", async () => {
    // A job that cannot finish within a minute: Slurm ends it at its limit (checked every ~30 s).
    const endless = { ...STUDY, name: "slurm-limit", data: { train: 2000, test: 100 }, arms: [{ name: "kh", config: { kh: { hidden: 200, epochs: 100000, batch: 50 }, readout: { epochs: 1 } } }] };
    await writeFile(join(root, "limit.json"), JSON.stringify(endless));
    const dir = join(root, "limit");
    studies.push(dir);
    const s = await runCli(["compare", "--config", join(root, "limit.json"), "--executor", "slurm", "--time", "1", "--out", dir]);
    expect(s.code, s.err).toBe(0);
    const [sub] = await readSubmissions(dir);
    const job = join(dir, "jobs", "kh-seed1");
    const log = () => readFile(join(job, "log.txt"), "utf8").catch(() => "");
    const until = async (what: string, ok: (log: string) => boolean) => {
      for (let t0 = Date.now(); !ok(await log()); await sleep(500)) if (Date.now() - t0 > 240_000) throw new Error(`${what} did not happen:\n${await log()}`);
    };
    await until("a requeue at the time limit, then the restart", (l) => /restart 1\)/.test(l));
    const l = await log();
    expect(l).toMatch(/^hebblab: SIGTERM: checkpoint written/m);
    expect(l).toMatch(/^\[slurm\] interrupted \(exit 143, its time limit\): requeued, resumes from its checkpoint$/m);
    // The restarted task resumed (its first epoch is past 1) and learns on; now it is cancelled for good.
    await until("an epoch after the restart", (x) => /^kh epoch \d+\//m.test(x.slice(x.search(/restart 1\)/))));
    const resumed = await log();
    expect(Number(/^kh epoch (\d+)\//m.exec(resumed.slice(resumed.search(/restart 1\)/)))?.[1])).toBeGreaterThan(1);
    execFileSync("scancel", [sub.arrays[0].jobId]);
    await until("the end of the cancelled task", (x) => /not requeued/.test(x));
    expect(await log()).toMatch(/^\[slurm\] interrupted \(exit 143; the job ended: None\): not requeued$/m);
    for (let t0 = Date.now(); (await studyStatus(dir)).jobs[0].slurm && Date.now() - t0 < 30_000; ) await sleep(500);
    const st = await studyStatus(dir);
    expect(st.jobs[0]).toMatchObject({ state: "interrupted", detail: expect.stringMatching(/checkpoint is kept/) });
  }, 400_000);
});

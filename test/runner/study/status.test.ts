// Issue 23: `hebblab status` from a study directory's files (results, progress traces, logs); the
// trace `hebblab run` leaves; issue 25: `hebblab report` on a directory whose study.json is no study run.
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeJson } from "../../../src/files.js";
import { kindPresets } from "../../../src/runner/presets.js";
import { parseStudy } from "../../../src/runner/study/config.js";
import { planStudy, type Job } from "../../../src/runner/study/plan.js";
import { studyStatus } from "../../../src/runner/study/status.js";
import { STUDY_RUN_FORMAT } from "../../../src/runner/study/studyDir.js";
import { readTrace, startTrace, TRACE_FORMAT, TRACE_INTERVAL_MS } from "../../../src/runner/study/trace.js";
import { runCli } from "../../cli.js";

const DIST_TRACE = fileURLToPath(new URL("../../../dist/runner/study/trace.js", import.meta.url));

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "hebblab-status-"));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A planned study of five MLP jobs written as `compare` would, without running anything. */
async function plannedStudy(dir: string): Promise<Job[]> {
  const study = parseStudy({ name: "five", seeds: [1, 2, 3, 4, 5], arms: [{ name: "mlp", config: { model: "mlp" } }] });
  const jobs = await planStudy(study, kindPresets);
  await writeJson(join(dir, "study.json"), { format: STUDY_RUN_FORMAT, study, jobs: jobs.map((j) => ({ id: j.id, arm: j.arm, seed: j.seed, configHash: j.configHash })) });
  for (const j of jobs) await writeJson(join(dir, "jobs", j.id, "job.json"), j);
  return jobs;
}

const trace = (state: string, extra: Record<string, unknown> = {}) => ({
  format: TRACE_FORMAT,
  state,
  host: hostname(),
  pid: process.pid,
  startedAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  ...extra,
});

describe("hebblab status on a local study", () => {
  it("tells pending, running (stage and epoch), done, failed (the last error line) and interrupted jobs apart", async () => {
    const dir = join(root, "local");
    const jobs = await plannedStudy(dir);
    const at = (k: number, f: string) => join(dir, "jobs", jobs[k].id, f);
    // seed1 done; seed2 running here (this process); seed3 failed; seed4 interrupted with a checkpoint; seed5 never started.
    await writeJson(at(0, "results.json"), { configHash: jobs[0].configHash, metrics: { testAccuracy: 0.9731 } });
    await writeJson(at(1, "progress.json"), trace("running", { progress: { stage: "mlp", done: 400, total: 800, unit: "images", epoch: 3, epochs: 10 } }));
    await writeJson(at(2, "progress.json"), trace("failed", { exitCode: 1, error: "boom" }));
    await writeFile(at(2, "log.txt"), "mlp epoch 1/10: 5000 images/s\nhebblab: job x: data.source: cannot read /nope\nsrun: error: task 0: Exited with exit code 1\n");
    await writeJson(at(3, "progress.json"), trace("interrupted", { exitCode: 143, progress: { stage: "mlp", done: 800, total: 800, unit: "images", epoch: 4, epochs: 10 } }));
    await writeFile(at(3, "checkpoint"), "x");
    const s = await studyStatus(dir);
    expect(s.executor).toBe("local");
    expect(s.jobs.map((j) => j.state)).toEqual(["done", "running", "failed", "interrupted", "pending"]);
    expect(s.jobs[0].detail).toBe("test accuracy 97.3 %");
    expect(s.jobs[1].detail).toBe("mlp epoch 3/10 (25 %)");
    expect(s.jobs[2].detail).toBe("hebblab: job x: data.source: cannot read /nope");
    expect(s.jobs[3].detail).toMatch(/interrupted at mlp epoch 4\/10 \(40 %\) \(exit 143\); its checkpoint is kept: 'hebblab compare --resume'/);
    expect(s.counts).toEqual({ pending: 1, running: 1, done: 1, failed: 1, interrupted: 1 });
    expect(s.report).toBe(false);
    // A "running" trace whose process is gone: interrupted with a checkpoint, failed without one.
    await writeJson(at(1, "progress.json"), trace("running", { pid: 2 ** 22 + 17 }));
    await writeJson(at(4, "progress.json"), trace("running", { pid: 2 ** 22 + 17 }));
    await writeFile(at(1, "checkpoint"), "x");
    const t = await studyStatus(dir);
    expect(t.jobs[1]).toMatchObject({ state: "interrupted", detail: expect.stringMatching(/stopped without a word.*checkpoint is kept/) });
    expect(t.jobs[4]).toMatchObject({ state: "failed", detail: expect.stringMatching(/stopped without a word/) });
    const cli = await runCli(["status", dir]);
    expect(cli.out).toMatch(/^study five \(.*\), local: 5 jobs: 1 done, 2 interrupted, 2 failed$/m);
    expect(cli.out).toMatch(/^ {2}mlp-seed1 {2}done {9}test accuracy 97\.3 %$/m);
    const json = JSON.parse((await runCli(["status", dir, "--json"])).out);
    expect(json.jobs).toHaveLength(5);
  });
});

describe("the progress trace of hebblab run", () => {
  it("is written at a stage change and at most every interval within a stage, then ends with the state", async () => {
    const dir = join(root, "trace");
    let now = 1_000_000;
    const tr = startTrace(dir, () => now);
    const seen = () => readTrace(dir)!;
    expect(seen()).toMatchObject({ state: "running", pid: process.pid, host: hostname() });
    const ev = (stage: string, done: number) => ({ stage, done, total: 10, unit: "images", epoch: 1, epochs: 2 });
    tr.onProgress(ev("kh", 1));
    expect(seen().progress).toMatchObject({ stage: "kh", done: 1 });
    now += TRACE_INTERVAL_MS / 2;
    tr.onProgress(ev("kh", 2)); // too soon: not written
    expect(seen().progress?.done).toBe(1);
    now += TRACE_INTERVAL_MS / 2;
    tr.onProgress(ev("kh", 3));
    expect(seen().progress?.done).toBe(3);
    now += 1;
    tr.onProgress(ev("readout", 1)); // a new stage: at once
    expect(seen().progress).toMatchObject({ stage: "readout", done: 1 });
    tr.end("done", { exitCode: 0 });
    expect(seen()).toMatchObject({ state: "done", exitCode: 0 });
    tr.onProgress(ev("late", 1));
    expect((await readFile(join(dir, "progress.json"), "utf8")).includes("late")).toBe(false);
  });

  it("a process that exits 143 (the SIGTERM handler) leaves 'interrupted', one that crashes 'failed'", async () => {
    for (const [code, state] of [
      [143, "interrupted"],
      [7, "failed"],
    ] as const) {
      const dir = join(root, `exit-${code}`);
      const r = spawnSync(process.execPath, ["--input-type=module", "-e", `const t = await import(${JSON.stringify(DIST_TRACE)}); t.startTrace(${JSON.stringify(dir)}); process.exit(${code});`]);
      expect(r.status).toBe(code);
      expect(readTrace(dir)).toMatchObject({ state, exitCode: code });
    }
  });
});

describe("hebblab report on a directory that holds no study run (issue 25)", () => {
  const cases: [string, unknown, RegExp][] = [
    ["a study file given to compare --config", { name: "x", arms: [{ name: "a" }] }, /study\.json is a study file \(the input of 'hebblab compare --config'\), not a study run: run it with 'hebblab compare --config/],
    ["a study file with its format", { format: "hebblab-study/1", arms: [] }, /is a study file/],
    ["another format", { format: "hebblab-results/1" }, /not a study run: it has format "hebblab-results\/1", expected "hebblab-study-run\/1"/],
    ["no format", { jobs: [] }, /not a study run: it has no 'format'/],
    ["jobs that are not a list (was: run.jobs is not iterable)", { format: "hebblab-study-run/1", study: { name: "x", arms: [] }, jobs: {} }, /a damaged study run[\s\S]*jobs: .*expected array/],
    ["a job id that leaves jobs/", { format: "hebblab-study-run/1", study: { name: "x", arms: [] }, jobs: [{ id: "../../etc", arm: "a", seed: 1, configHash: "h" }] }, /jobs\.0\.id: a job directory name/],
    ["an array", [1, 2], /not a study run \(expected a JSON object/],
  ];
  for (const [what, content, re] of cases)
    it(`names the problem: ${what}`, async () => {
      const dir = await mkdtemp(join(root, "notstudy-"));
      await writeFile(join(dir, "study.json"), JSON.stringify(content));
      const r = await runCli(["report", dir]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(re);
      expect(r.err).not.toMatch(/is not iterable/);
    });

  it("names a missing study.json and one that is not JSON", async () => {
    const dir = await mkdtemp(join(root, "empty-"));
    expect((await runCli(["report", dir])).err).toMatch(/no readable study\.json \(ENOENT\); is it a 'hebblab compare' output directory\?/);
    await writeFile(join(dir, "study.json"), "{ not json");
    expect((await runCli(["report", dir])).err).toMatch(/study\.json: not valid JSON/);
    expect((await runCli(["status", dir])).err).toMatch(/study\.json: not valid JSON/);
  });
});

// A study stopped with SIGTERM to `hebblab compare` alone (a `kill` of the parent, as a batch system or a
// user does) stops its running jobs, each with its checkpoint, instead of leaving them learning on as
// orphans; `--resume` then finishes the study.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { readTrace } from "../../../src/runner/study/trace.js";

const CLI = fileURLToPath(new URL("../../../dist/cli/main.js", import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "hebblab-stop-"));
  // Two jobs at once (two workers), each ~6 s of learning: long enough to be caught mid-run.
  const study = {
    name: "stop",
    data: { train: 2000, test: 100 },
    seeds: [1, 2],
    arms: [{ name: "kh", config: { kh: { hidden: 200, epochs: 300, batch: 50 }, readout: { epochs: 1 } } }],
    attack: { images: 10, batch: 10, attacks: ["fgsm"], eps: { linf: [0, 0.1] }, critical: { enabled: false }, sanity: { eps1Images: 5 } },
  };
  await writeFile(join(root, "study.json"), JSON.stringify(study));
});
afterAll(() => rm(root, { recursive: true, force: true }));

it("SIGTERM to hebblab compare stops its running jobs with their checkpoints and exits 143; --resume completes the study", async () => {
  const out = join(root, "out");
  const args = [CLI, "compare", "--config", join(root, "study.json"), "--workers", "2", "--out", out];
  const compare = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  compare.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const closed = new Promise<number | null>((r) => compare.on("close", (code) => r(code)));
  const jobs = ["kh-seed1", "kh-seed2"].map((id) => join(out, "jobs", id));
  // Both jobs learning, past their first epochs (the trace is written every 2 s).
  for (let t0 = Date.now(); !jobs.every((j) => (readTrace(j)?.progress?.epoch ?? 0) >= 2); await sleep(100)) {
    if (Date.now() - t0 > 60_000) throw new Error(`the jobs did not start learning: ${err}`);
  }
  const pids = jobs.map((j) => readTrace(j)!.pid);
  compare.kill("SIGTERM");
  expect(await closed).toBe(143);
  expect(err).toMatch(/hebblab compare: SIGTERM: stopping 2 running job\(s\)/);
  // No job outlives the study: each wrote its checkpoint and exited, none has results.
  expect(pids.filter(alive)).toEqual([]);
  for (const j of jobs) {
    expect(readTrace(j)).toMatchObject({ state: "interrupted", exitCode: 143 });
    expect((await stat(join(j, "checkpoint"))).size).toBeGreaterThan(0);
    await expect(stat(join(j, "results.json"))).rejects.toThrow();
    expect(await readFile(join(j, "log.txt"), "utf8")).toMatch(/SIGTERM: checkpoint written/);
  }
  const resumed = spawn(process.execPath, [...args, "--resume"], { stdio: "ignore" });
  expect(await new Promise((r) => resumed.on("close", r))).toBe(0);
  for (const j of jobs) expect(readTrace(j)).toMatchObject({ state: "done" });
}, 180_000);

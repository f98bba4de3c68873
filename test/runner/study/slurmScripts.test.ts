// Issue 23 without a cluster: the Slurm executor's settings (validated, errors naming the field,
// flags over the study file), its scripts (directives, paths, valid bash) and --dry-run.
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseStudy } from "../../../src/runner/study/config.js";
import { SlurmConfig } from "../../../src/runner/study/slurm/config.js";
import { arrayScript, arraySpec, indexRanges, reportScript, shellQuote } from "../../../src/runner/study/slurm/scripts.js";
import { runCli } from "../../cli.js";

const arm = (name: string) => ({ name, config: { model: "mlp" } });

describe("slurm settings (study.slurm)", () => {
  const BAD: [string, unknown, RegExp][] = [
    ["a time limit Slurm does not read", { time: "2h" }, /study\.slurm\.time: a Slurm time limit/],
    ["zero CPUs per task", { cpusPerTask: 0 }, /study\.slurm\.cpusPerTask/],
    ["a partition with a space", { partition: "gpu queue" }, /study\.slurm\.partition: a partition name/],
    ["memory without a number", { mem: "lots" }, /study\.slurm\.mem: an amount of memory/],
    ["a throttle of 0", { throttle: 0 }, /study\.slurm\.throttle/],
    ["an extra line that is no sbatch option", { extra: ["echo hi"] }, /study\.slurm\.extra\.0: an sbatch option/],
    ["a setup entry of two lines", { setup: ["module load a\nmodule load b"] }, /study\.slurm\.setup\.0: one shell line per entry/],
    ["an unknown setting", { partitions: "x" }, /study\.slurm.*partitions|Unrecognized key/],
  ];
  for (const [what, slurm, re] of BAD) it(`rejects ${what}, naming the field`, () => expect(() => parseStudy({ arms: [arm("a")], slurm })).toThrow(re));

  it("rejects an unknown executor; defaults: local, one CPU per task, 20 requeues, a 30-minute report", () => {
    expect(() => parseStudy({ arms: [arm("a")], executor: "pbs" })).toThrow(/study\.executor/);
    const s = parseStudy({ arms: [arm("a")] });
    expect(s.executor).toBe("local");
    expect(s.slurm).toEqual({ cpusPerTask: 1, extra: [], setup: [], maxRequeues: 20, reportTime: "30" });
    for (const t of ["90", "30:00", "2:00:00", "1-12", "1-12:30", "2-00:00:00"]) expect(SlurmConfig.parse({ time: t }).time).toBe(t);
  });
});

describe("the scripts", () => {
  const ctx = { name: "tiny", studyDir: "/data/studies/tiny", jobIds: ["kh-seed1", "kh-seed2", "mlp-seed1"], cli: "/opt/hebblab/dist/cli/main.js", workDir: "/home/me" };
  const full = SlurmConfig.parse({
    partition: "cpu",
    time: "2:00:00",
    mem: "4G",
    cpusPerTask: 4,
    account: "lab42",
    qos: "normal",
    throttle: 2,
    extra: ["--constraint=avx2", "#SBATCH --exclusive"],
    setup: ["module load nodejs/20", "export FOO='a b'"],
    signalSeconds: 300,
    maxRequeues: 5,
  });

  it("index lists and the array spec (%M when throttled)", () => {
    expect(indexRanges([0, 1, 2, 3])).toBe("0-3");
    expect(indexRanges([7, 0, 2, 3, 4])).toBe("0,2-4,7");
    expect(indexRanges([5])).toBe("5");
    expect(arraySpec([0, 1, 2, 3], 2)).toBe("0-3%2");
    expect(arraySpec([1, 3])).toBe("1,3");
    expect(shellQuote("/plain/path-1.json")).toBe("/plain/path-1.json");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });

  it("array.sh: every setting as a directive, the job list, absolute paths, srun with the task's CPUs, the requeue on exit 143", () => {
    const s = arrayScript(ctx, full);
    for (const line of [
      "#SBATCH --job-name=hebblab-tiny",
      "#SBATCH --array=0-2%2",
      "#SBATCH --cpus-per-task=4",
      "#SBATCH --time=2:00:00",
      "#SBATCH --mem=4G",
      "#SBATCH --partition=cpu",
      "#SBATCH --account=lab42",
      "#SBATCH --qos=normal",
      "#SBATCH --signal=B:USR1@300",
      "#SBATCH --requeue",
      "#SBATCH --chdir=/home/me",
      "#SBATCH --output=/data/studies/tiny/slurm/logs/array-%A_%a.out",
      "#SBATCH --constraint=avx2",
      "#SBATCH --exclusive",
      "module load nodejs/20",
      "export FOO='a b'",
      "jobs=(kh-seed1 kh-seed2 mlp-seed1)",
      "hebblab=/opt/hebblab/dist/cli/main.js",
    ])
      expect(s.split("\n"), line).toContain(line);
    // Every #SBATCH line comes before the first command (sbatch stops reading them there).
    const lines = s.split("\n");
    const firstCommand = lines.findIndex((l, i) => i > 0 && l.trim() && !l.startsWith("#"));
    expect(lines.slice(firstCommand).some((l) => l.startsWith("#SBATCH"))).toBe(false);
    // The setup runs before node is looked for; node runs hebblab as a job step with the task's CPUs.
    expect(s.indexOf("module load nodejs/20")).toBeLessThan(s.indexOf("node -e"));
    expect(s).toMatch(/srun --ntasks=1 --cpus-per-task="\$cpus" node "\$hebblab" run "\$dir\/job\.json" --threads "\$cpus"/);
    expect(s).toMatch(/SLURM_RESTART_COUNT:-0}" -ge 5 /);
    // Requeued after a signal to the step alone or the time limit; not after scancel (the reason noted in the TERM trap).
    expect(s).toMatch(/^trap on_term TERM$/m);
    expect(s).toMatch(/TimeLimit\) why="its time limit"/);
    expect(s).toMatch(/scontrol requeue "\$SLURM_JOB_ID"/);
    // Without settings: no limits of its own, no throttle, no signal.
    const bare = arrayScript(ctx, SlurmConfig.parse({}));
    expect(bare).toMatch(/^#SBATCH --array=0-2$/m);
    expect(bare).not.toMatch(/#SBATCH --(time|mem|partition|signal|account|qos)/);
  });

  it("report.sh: the same placement, its own time limit, hebblab report, then its status written atomically", () => {
    const s = reportScript(ctx, full);
    for (const line of ["#SBATCH --job-name=hebblab-tiny-report", "#SBATCH --time=30", "#SBATCH --partition=cpu", "#SBATCH --account=lab42", "#SBATCH --constraint=avx2", "module load nodejs/20"])
      expect(s.split("\n"), line).toContain(line);
    expect(s).toMatch(/node "\$hebblab" report "\$study"/);
    expect(s).toMatch(/report-status\.json\.tmp-\$SLURM_JOB_ID" && mv -f/);
  });

  it("both are valid bash (bash -n)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hebblab-sh-"));
    try {
      for (const [name, text] of [
        ["array.sh", arrayScript(ctx, full)],
        ["report.sh", reportScript(ctx, full)],
      ]) {
        await writeFile(join(dir, name), text);
        execFileSync("bash", ["-n", join(dir, name)]);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("hebblab compare --executor slurm, without a cluster", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "hebblab-slurm-cli-"));
    await writeFile(
      join(root, "study.json"),
      JSON.stringify({ name: "tiny", arms: [arm("mlp"), arm("wide")], seeds: [1, 2], executor: "slurm", slurm: { partition: "p1", setup: ["module load node"] } }),
    );
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("flags override the study file's settings and keep the others", async () => {
    const r = await runCli(["compare", "--config", join(root, "study.json"), "--partition", "p2", "--cpus-per-task", "2", "--time", "1:00:00", "--print-study"]);
    expect(r.code, r.err).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.executor).toBe("slurm");
    expect(s.slurm).toEqual({ partition: "p2", setup: ["module load node"], cpusPerTask: 2, time: "1:00:00" });
    const bad = await runCli(["compare", "--config", join(root, "study.json"), "--time", "2h", "--dry-run", "--out", join(root, "bad")]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/study\.slurm\.time: a Slurm time limit/);
  });

  it("--dry-run writes the scripts and prints the sbatch commands, submitting nothing", async () => {
    const out = join(root, "dry");
    const r = await runCli(["compare", "--config", join(root, "study.json"), "--dry-run", "--throttle", "3", "--out", out]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/nothing submitted/);
    expect(r.out).toContain(`sbatch --array=0-3%3 ${join(out, "slurm", "array.sh")}`);
    expect(r.out).toContain(`sbatch --dependency=afterany:<array 1 id> ${join(out, "slurm", "report.sh")}`);
    const sh = await readFile(join(out, "slurm", "array.sh"), "utf8");
    expect(sh).toMatch(/^jobs=\(mlp-seed1 mlp-seed2 wide-seed1 wide-seed2\)$/m);
    expect((await stat(join(out, "slurm", "array.sh"))).mode & 0o111).not.toBe(0);
    await expect(stat(join(out, "slurm", "submissions.json"))).rejects.toThrow();
    for (const id of ["mlp-seed1", "wide-seed2"]) expect(JSON.parse(await readFile(join(out, "jobs", id, "job.json"), "utf8")).id).toBe(id);
    const st = await runCli(["status", out]);
    expect(st.out).toMatch(/local: 4 jobs: 4 pending/);
  });

  it("refuses options of the other executor", async () => {
    const w = await runCli(["compare", "--config", join(root, "study.json"), "--workers", "2", "--out", join(root, "w")]);
    expect(w.err).toMatch(/--workers is for the local executor.*--throttle/);
    const d = await runCli(["compare", "--config", join(root, "study.json"), "--executor", "local", "--dry-run", "--out", join(root, "d")]);
    expect(d.err).toMatch(/--dry-run is for --executor slurm/);
    const e = await runCli(["compare", "--config", join(root, "study.json"), "--executor", "pbs", "--out", join(root, "e")]);
    expect(e.err).toMatch(/--executor: 'pbs' is not one of local, slurm/);
  });
});

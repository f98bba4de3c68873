// Issue 25: checkpoints on a time budget, and SIGTERM/SIGINT that write the pending checkpoint and exit
// with 128 + signal, after which a rerun ends with the numbers of an uninterrupted run.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeJson } from "../../src/files.js";
import { budgetedCheckpoints, decodeCheckpoint, memoryCheckpoints, type Checkpoint } from "../../src/runner/checkpoint.js";
import { kindPresets } from "../../src/runner/presets.js";
import { parseStudy } from "../../src/runner/study/config.js";
import { planStudy } from "../../src/runner/study/plan.js";

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const cp = (epoch: number): Checkpoint => ({ meta: { pipeline: "t", configHash: "h", epoch }, arrays: { w: new Float32Array(10).fill(epoch) } });

describe("budgetedCheckpoints", () => {
  it("writes at most once per interval, always the latest epoch, and the pending one on flush", () => {
    let now = 0;
    const inner = memoryCheckpoints();
    const store = budgetedCheckpoints(inner, 60, () => now);
    for (let e = 1; e <= 10; e++) {
      now = 25 * e; // an epoch every 25 s: due at 60 (epoch 3), 135 (epoch 6), 210 (epoch 9)
      store.save(cp(e));
    }
    expect(inner.saves).toBe(3);
    expect(inner.load()!.meta.epoch).toBe(9);
    expect(store.load()!.meta.epoch).toBe(10); // the pending one is what a resume would see in this process
    store.flush();
    expect(inner.saves).toBe(4);
    expect(inner.load()!.meta.epoch).toBe(10);
    store.flush(); // nothing pending: no write
    expect(inner.saves).toBe(4);
    const st = store.stats();
    expect(st).toMatchObject({ offered: 10, writes: 4 });
    // Each write is the encoded size: 10 f32 values after an 8-byte-aligned header.
    expect(st.bytes % 8).toBe(0);
    expect(st.bytes).toBeGreaterThan(4 * 40);
  });

  it("writes every save with an interval of 0, and rejects a bad interval", () => {
    const inner = memoryCheckpoints();
    const store = budgetedCheckpoints(inner, 0, () => 0);
    for (let e = 1; e <= 3; e++) store.save(cp(e));
    expect(inner.saves).toBe(3);
    expect(() => budgetedCheckpoints(inner, -1)).toThrow(/interval must be a finite number of seconds ≥ 0 \(got -1\)/);
    expect(() => budgetedCheckpoints(inner, NaN)).toThrow(/got NaN/);
  });
});

/** `hebblab ARGS` in a child process; `stopAt(event)` returning a signal sends it once. */
function cli(args: string[], stopAt?: (e: { stage: string; epoch?: number }) => NodeJS.Signals | null): Promise<{ code: number | null; signal: NodeJS.Signals | null; err: string; after: { stage: string; epoch?: number }[] }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    let buf = "";
    let sent = false;
    const after: { stage: string; epoch?: number }[] = [];
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout.on("data", (d: Buffer) => {
      buf += d.toString();
      for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!stopAt || !line.startsWith("{")) continue;
        const event = (JSON.parse(line) as { event: { stage: string; epoch?: number } }).event;
        if (sent) {
          after.push(event);
          continue;
        }
        const sig = stopAt(event);
        if (sig) (sent = true), child.kill(sig);
      }
    });
    child.on("close", (code, signal) => resolve({ code, signal, err, after }));
  });
}

const comparable = async (dir: string) =>
  JSON.parse(await readFile(join(dir, "results.json"), "utf8"), (k, v) => (["seconds", "timings", "startedAt", "finishedAt"].includes(k) ? undefined : v));

describe("a job stopped by a signal", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "hebblab-interrupt-"));
    const study = parseStudy({
      data: { train: 2000, test: 100 },
      arms: [
        { name: "kh", config: { kh: { hidden: 200, epochs: 12, batch: 50 }, readout: { epochs: 1 } } },
        { name: "khr", config: { kh: { hidden: 200, epochs: 12, batch: 50 }, readout: { epochs: 40 } } },
        { name: "mlp", config: { model: "mlp", mlp: { hidden: [64], epochs: 6, batch: 50, noise: "poisson" }, analyses: { isometry: { images: 20 }, jacobian: { images: 20 } } } },
        { name: "khg", config: { kh: { hidden: 200, epochs: 2, batch: 50 }, readout: { epochs: 1 }, analyses: { geometry: { enabled: true, classPoints: 10, exemplars: 4, copies: 8, nT: 20, steps: 2, seeds: 3 } } } },
      ],
      attack: { images: 10, batch: 10, attacks: ["fgsm"], eps: { linf: [0, 0.1] }, critical: { enabled: false }, sanity: { eps1Images: 5 } },
    });
    const jobs = await planStudy(study, kindPresets);
    for (const job of jobs) for (const d of ["whole", "stopped"]) await writeJson(join(root, job.arm, d, "job.json"), job);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  const CASES = [
    { arm: "kh", signal: "SIGTERM" as const, status: 143, at: 3 },
    { arm: "mlp", signal: "SIGINT" as const, status: 130, at: 2 },
  ];
  for (const { arm, signal, status, at } of CASES) {
    it(`${arm}: ${signal} during epoch ${at + 1} writes epoch ${at}'s checkpoint (the default budget had written none) and exits ${status}; a rerun gives the uninterrupted results`, async () => {
      const job = (d: string) => join(root, arm, d, "job.json");
      const whole = await cli(["run", job("whole"), "--threads", "1"]);
      expect(whole.code, whole.err).toBe(0);
      const stopped = await cli(["run", job("stopped"), "--threads", "1", "--progress-json"], (e) => ((e.epoch ?? 0) > at ? signal : null));
      expect(stopped.code, stopped.err).toBe(status);
      expect(stopped.err).toMatch(new RegExp(`${signal}: checkpoint written; run the same job again`));
      const c = decodeCheckpoint(new Uint8Array(await readFile(join(root, arm, "stopped", "checkpoint"))), "cp");
      expect(c.meta.epoch).toBeGreaterThanOrEqual(at);
      expect(c.meta.epoch).toBeLessThan(arm === "kh" ? 12 : 6);
      await expect(stat(join(root, arm, "stopped", "results.json"))).rejects.toThrow();
      const again = await cli(["run", job("stopped"), "--threads", "1"]);
      expect(again.code, again.err).toBe(0);
      expect(await comparable(join(root, arm, "stopped"))).toEqual(await comparable(join(root, arm, "whole")));
      const timings = JSON.parse(await readFile(join(root, arm, "whole", "results.json"), "utf8")).timings;
      expect(timings.checkpoints).toMatchObject({ writes: 1 }); // the uninterrupted run: only the one when training ended
    }, 180_000);
  }

  it("kh: SIGTERM while the readout trains (after the layer's last epoch) stops within the readout with status 143; a rerun gives the uninterrupted results", async () => {
    const job = (d: string) => join(root, "khr", d, "job.json");
    const whole = await cli(["run", job("whole"), "--threads", "1"]);
    expect(whole.code, whole.err).toBe(0);
    const stopped = await cli(["run", job("stopped"), "--threads", "1", "--progress-json"], (e) => (e.stage === "readout" && (e.epoch ?? 0) >= 2 ? "SIGTERM" : null));
    expect(stopped.code, stopped.err).toBe(143);
    // Before the readout yielded to the event loop, the handler ran only after all 40 readout epochs.
    expect(stopped.after.every((e) => e.stage === "readout" && (e.epoch ?? 0) < 40)).toBe(true);
    const c = decodeCheckpoint(new Uint8Array(await readFile(join(root, "khr", "stopped", "checkpoint"))), "cp");
    expect(c.meta.epoch).toBe(12);
    await expect(stat(join(root, "khr", "stopped", "results.json"))).rejects.toThrow();
    const again = await cli(["run", job("stopped"), "--threads", "1"]);
    expect(again.code, again.err).toBe(0);
    expect(await comparable(join(root, "khr", "stopped"))).toEqual(await comparable(join(root, "khr", "whole")));
  }, 180_000);

  it("kh: SIGTERM during the geometry analyses (MFTMA, minutes each at Dapello's sizes) stops within them with status 143; a rerun gives the uninterrupted results", async () => {
    const job = (d: string) => join(root, "khg", d, "job.json");
    const whole = await cli(["run", job("whole"), "--threads", "1"]);
    expect(whole.code, whole.err).toBe(0);
    const at = (e: { stage: string }) => (e as { done?: number }).done ?? 0;
    const stopped = await cli(["run", job("stopped"), "--threads", "1", "--progress-json"], (e) => (e.stage === "geometry" && at(e) >= 1 ? "SIGTERM" : null));
    expect(stopped.code, stopped.err).toBe(143);
    // Before the analyses yielded (now between MFTMA restarts, mftma.test.ts counts the pauses), the handler
    // ran only after all of them (and the attacks had begun).
    const total = (stopped.after[0] as { total?: number } | undefined)?.total ?? Infinity;
    expect(stopped.after.every((e) => e.stage === "geometry" && at(e) < total)).toBe(true);
    await expect(stat(join(root, "khg", "stopped", "results.json"))).rejects.toThrow();
    const again = await cli(["run", job("stopped"), "--threads", "1"]);
    expect(again.code, again.err).toBe(0);
    expect(await comparable(join(root, "khg", "stopped"))).toEqual(await comparable(join(root, "khg", "whole")));
  }, 180_000);
});

// Issue 11: a job process killed (SIGKILL) after its second epoch and run again continues from its
// checkpoint and writes the same results file, timings aside, as a run that was never interrupted.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { writeJson } from "../../../src/files.js";
import { decodeCheckpoint } from "../../../src/runner/checkpoint.js";
import { kindPresets } from "../../../src/runner/presets.js";
import { parseStudy } from "../../../src/runner/study/config.js";
import { planStudy } from "../../../src/runner/study/plan.js";

const CLI = fileURLToPath(new URL("../../../dist/cli/main.js", import.meta.url));

/** `hebblab run JOB` in a child process; `killAtEpoch` kills it (SIGKILL) once its checkpoint has reached that epoch. */
function run(job: string, killAtEpoch?: number): Promise<"done" | "killed"> {
  return new Promise((resolve, reject) => {
    // A checkpoint after every epoch (not the default minute), so the kill lands between two of them.
    const child = spawn(process.execPath, [CLI, "run", job, "--threads", "1", "--checkpoint-every", "0"], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    let timer: ReturnType<typeof setInterval> | undefined;
    if (killAtEpoch !== undefined) {
      timer = setInterval(async () => {
        try {
          const bytes = await readFile(join(job, "..", "checkpoint"));
          if (decodeCheckpoint(new Uint8Array(bytes), "cp").meta.epoch >= killAtEpoch) child.kill("SIGKILL");
        } catch {
          // no checkpoint yet, or caught mid-rename: look again
        }
      }, 5);
    }
    child.on("close", (code, signal) => {
      if (timer) clearInterval(timer);
      if (signal === "SIGKILL") resolve("killed");
      else if (code === 0) resolve("done");
      else reject(new Error(`hebblab run exited ${code}: ${err}`));
    });
  });
}

/** A results file without wall times and dates (every `seconds`, `timings`, `startedAt`, `finishedAt`). */
const comparable = async (dir: string) =>
  JSON.parse(await readFile(join(dir, "results.json"), "utf8"), (k, v) => (["seconds", "timings", "startedAt", "finishedAt"].includes(k) ? undefined : v));

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "hebblab-kill-"));
  const study = parseStudy({
    data: { train: 2000, test: 100 },
    arms: [{ name: "kh", config: { kh: { hidden: 200, epochs: 30, batch: 50 }, readout: { epochs: 1 } } }],
    attack: { images: 10, batch: 10, attacks: ["fgsm"], eps: { linf: [0, 0.1] }, critical: { enabled: false }, sanity: { eps1Images: 5 } },
  });
  const [job] = await planStudy(study, kindPresets);
  for (const d of ["whole", "killed"]) await writeJson(join(root, d, "job.json"), job);
});
afterAll(() => rm(root, { recursive: true, force: true }));

it("a job killed by SIGKILL after epoch 2 resumes from its checkpoint to the same results file", async () => {
  expect(await run(join(root, "whole", "job.json"))).toBe("done");
  expect(await run(join(root, "killed", "job.json"), 2)).toBe("killed");
  const cp = decodeCheckpoint(new Uint8Array(await readFile(join(root, "killed", "checkpoint"))), "cp");
  expect(cp.meta.epoch).toBeGreaterThanOrEqual(2);
  expect(cp.meta.epoch).toBeLessThan(30);
  await expect(stat(join(root, "killed", "results.json"))).rejects.toThrow();
  expect(await run(join(root, "killed", "job.json"))).toBe("done");
  expect(await comparable(join(root, "killed"))).toEqual(await comparable(join(root, "whole")));
  await expect(stat(join(root, "killed", "checkpoint"))).rejects.toThrow(); // removed once the results exist
}, 120_000);

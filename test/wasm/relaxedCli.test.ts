// The executable turns on Node 20's relaxed SIMD (src/cli/main.ts enableRelaxedSimd), so `kernels:
// auto` picks the FMA GEMM as in Chrome; HEBBLAB_RELAXED_SIMD=0 keeps the plain build. Imported
// hebblab (this test process) keeps its host's flags: the in-process run stays on the plain build.
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runTraining } from "../../src/runner/train.js";

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const TINY = { seed: 7, data: { train: 300, test: 100 }, kh: { hidden: 34, epochs: 2, batch: 50 }, readout: { epochs: 2 } };
const node20 = Number(process.versions.node.split(".")[0]) <= 20;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hebblab-relaxed-"));
  await writeFile(join(dir, "tiny.json"), JSON.stringify(TINY));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function train(name: string, env: NodeJS.ProcessEnv, threads = 2) {
  const out = join(dir, `${name}.json`);
  execFileSync(process.execPath, [CLI, "train", "--config", join(dir, "tiny.json"), "--threads", String(threads), "--out", out], { env: { ...process.env, ...env }, stdio: "pipe" });
  return JSON.parse(await readFile(out, "utf8"));
}

it("hebblab trains on the relaxed build by default, on the plain one with HEBBLAB_RELAXED_SIMD=0 (which gives the in-process numbers bit for bit)", async () => {
  const relaxed = await train("relaxed", {});
  const plain = await train("plain", { HEBBLAB_RELAXED_SIMD: "0" });
  expect(relaxed.backend.kernels).toBe("wasm-relaxed-simd");
  expect(plain.backend.kernels).toBe("wasm-simd");
  const here = await runTraining({ ...TINY, threads: 2 });
  if (node20) expect(here.results.backend.kernels).toBe("wasm-simd"); // the test process has no flag
  if (here.results.backend.kernels === plain.backend.kernels) expect(plain.metrics).toEqual(here.results.metrics);
  // FMA rounds once where mul + add round twice: the same run to a few ulps, not the same bits.
  expect(relaxed.metrics.testAccuracy).toBeCloseTo(plain.metrics.testAccuracy, 1);
  here.model.dispose();
}, 120_000);

it("the relaxed build gives the same numbers on 1 and 2 threads", async () => {
  const one = await train("relaxed-1", {}, 1);
  const two = await train("relaxed-2", {}, 2);
  expect(one.backend.kernels).toBe("wasm-relaxed-simd");
  expect(two.backend.threads).toBe(2);
  expect(two.metrics).toEqual(one.metrics);
}, 120_000);

// Issue 11: every output location is checked before any work, and fails fast with the path named.
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { checkWritableDir, checkWritableFile, writeAtomic } from "../../src/files.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hebblab-out-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it("checkWritable* accept new nested places, leave no probe behind, and name what is wrong", async () => {
  await checkWritableFile(join(dir, "a/b/r.json"), "--out");
  await checkWritableDir(join(dir, "m/model"), "--save");
  expect(await readdir(join(dir, "a/b"))).toEqual([]);
  await writeFile(join(dir, "file"), "x");
  await expect(checkWritableFile(join(dir, "file/r.json"), "--out")).rejects.toThrow(/--out .*file\/r\.json: cannot create the directory .*\(ENOTDIR\)/);
  await expect(checkWritableFile(dir, "--out")).rejects.toThrow(/is a directory, not a file/);
  // Node's recursive mkdir never returns under /proc: these must fail at once, not hang.
  const t0 = performance.now();
  await expect(checkWritableFile("/proc/hebblab-x/r.json", "--out")).rejects.toThrow(/--out \/proc\/hebblab-x\/r\.json: cannot create the directory/);
  await expect(checkWritableFile("/proc/r.json", "--out")).rejects.toThrow(/--out \/proc\/r\.json: the directory \/proc is not writable/);
  await expect(writeAtomic("/proc/hebblab-y/z.json", "{}")).rejects.toThrow();
  expect(performance.now() - t0).toBeLessThan(1000);
});

it("hebblab train with an unusable --out fails within a second, before training", async () => {
  const err: string[] = [];
  const w = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((s: string) => (err.push(String(s)), true)) as typeof process.stderr.write;
  const t0 = performance.now();
  try {
    process.exitCode = 0;
    await main(["node", "hebblab", "train", "--out", "/proc/hebblab/r.json"]);
    expect(process.exitCode).toBe(1);
    await main(["node", "hebblab", "train", "--out", join(dir, "ok.json"), "--save", join(dir, "file", "model")]);
  } finally {
    process.stderr.write = w;
    process.exitCode = 0;
  }
  expect(performance.now() - t0).toBeLessThan(1000);
  expect(err.join("")).toMatch(/hebblab: --out \/proc\/hebblab\/r\.json: cannot create the directory \/proc\/hebblab/);
  expect(err.join("")).toMatch(/hebblab: --save .*file\/model: cannot create the directory/);
});

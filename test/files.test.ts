// Issue 23: many tasks, one file system. A cache file (the generated spoken-digit sets) wanted by
// several processes at once is made by one of them; the others wait and read it; no one sees half a file.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cachedFile } from "../src/files.js";

const DIST_FILES = fileURLToPath(new URL("../dist/files.js", import.meta.url));

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "hebblab-cache-"));
});
afterAll(() => rm(root, { recursive: true, force: true }));

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const content = () => Uint8Array.from({ length: 3_000_000 }, (_, i) => (i * 7) % 251);

/** A process that asks for the cache file; its maker takes `ms` and notes its pid in `makers`. Resolves with the sha of what it got. */
function asker(path: string, makers: string, ms: number): Promise<string> {
  const code = `
    import { appendFileSync } from "node:fs";
    import { createHash } from "node:crypto";
    const { cachedFile } = await import(${JSON.stringify(DIST_FILES)});
    const bytes = await cachedFile(${JSON.stringify(path)}, async () => {
      appendFileSync(${JSON.stringify(makers)}, process.pid + "\\n");
      await new Promise((r) => setTimeout(r, ${ms}));
      return Uint8Array.from({ length: 3_000_000 }, (_, i) => (i * 7) % 251);
    }, { pollMs: 20 });
    process.stdout.write(createHash("sha256").update(bytes).digest("hex"));`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", code], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d));
    child.stderr.on("data", (d: Buffer) => (err += d));
    child.on("close", (c) => (c === 0 ? resolve(out) : reject(new Error(`exit ${c}: ${err}`))));
  });
}

describe("cachedFile: one maker, the others wait and read", () => {
  it("six processes asking at once: one makes the file, all get the same bytes, nothing is left behind", async () => {
    const dir = join(root, "race");
    const path = join(dir, "set.bin");
    const makers = join(root, "makers.txt");
    await writeFile(makers, "");
    const got = await Promise.all(Array.from({ length: 6 }, () => asker(path, makers, 1500)));
    expect((await readFile(makers, "utf8")).trim().split("\n")).toHaveLength(1);
    const want = sha(content());
    expect(got).toEqual(Array(6).fill(want));
    expect(sha(await readFile(path))).toBe(want);
    expect(await readdir(dir)).toEqual(["set.bin"]);
    // Later askers read it: no one makes it again.
    expect(await asker(path, makers, 0)).toBe(want);
    expect((await readFile(makers, "utf8")).trim().split("\n")).toHaveLength(1);
  }, 60_000);

  it("a file the reader does not accept (older format, cut short) is made again", async () => {
    const path = join(root, "old.bin");
    await writeFile(path, "v1");
    let made = 0;
    const b = await cachedFile(path, async () => (made++, new TextEncoder().encode("v2 and longer")), { valid: (x) => x.length > 2 });
    expect(new TextDecoder().decode(b)).toBe("v2 and longer");
    expect(made).toBe(1);
    expect(await readFile(path, "utf8")).toBe("v2 and longer");
  });

  it("a lock left by a dead process of this machine, or untouched too long by another machine's, is taken over", async () => {
    for (const [name, holder, old] of [
      ["dead", { host: hostname(), pid: 2 ** 22 + 11 }, false],
      ["silent", { host: "node-17", pid: 4242 }, true],
    ] as const) {
      const path = join(root, `${name}.bin`);
      await writeFile(`${path}.lock`, JSON.stringify(holder));
      if (old) await utimes(`${path}.lock`, new Date(Date.now() - 300_000), new Date(Date.now() - 300_000));
      const b = await cachedFile(path, async () => new Uint8Array([1, 2, 3]), { pollMs: 10 });
      expect([...b], name).toEqual([1, 2, 3]);
      expect(await readdir(root)).not.toContain(`${name}.bin.lock`);
    }
  });

  it("waits for a live holder on another machine and reads its file instead of making one", async () => {
    const path = join(root, "shared.bin");
    await writeFile(`${path}.lock`, JSON.stringify({ host: "node-3", pid: 99 }));
    const waited: string[] = [];
    setTimeout(async () => {
      await writeFile(path, "made on node-3");
      await rm(`${path}.lock`);
    }, 300);
    const b = await cachedFile(path, async () => new TextEncoder().encode("made here"), { pollMs: 20, onWait: (h) => waited.push(h) });
    expect(new TextDecoder().decode(b)).toBe("made on node-3");
    expect(waited).toEqual(["node-3 99"]);
  });
});

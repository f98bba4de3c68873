import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, stat, unlink, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname, join, resolve } from "node:path";
import writeFileAtomic from "write-file-atomic";

/**
 * Node-only file plumbing every layer may use (it imports nothing of hebblab):
 * atomic writes, and checks that an output location is usable before any work
 * starts. Node's `mkdir(…, { recursive: true })` never returns under `/proc`
 * (Node 20), so directories are made one level at a time.
 */

/** How long a check may take before it is reported as hanging. */
const CHECK_TIMEOUT_MS = 2000;

/** mkdir -p without Node's recursive mkdir: the nearest existing ancestor, then one level at a time. */
export async function makeDirs(dir: string): Promise<void> {
  const abs = resolve(dir);
  const missing: string[] = [];
  let d = abs;
  for (;;) {
    try {
      const s = await stat(d);
      if (!s.isDirectory()) throw Object.assign(new Error(`${d} is not a directory`), { code: "ENOTDIR" });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      missing.push(d);
      const up = dirname(d);
      if (up === d) break;
      d = up;
    }
  }
  for (const m of missing.reverse()) {
    try {
      await mkdir(m);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
}

/**
 * Writes a file atomically (temp file + rename): a run that fails midway
 * leaves the previous file intact. Creates the parent directory.
 */
export async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await makeDirs(dirname(path));
  await writeFileAtomic(path, typeof data === "string" ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
}

/** Writes `obj` as pretty JSON, atomically. Typed arrays are written as plain arrays. */
export async function writeJson(path: string, obj: unknown): Promise<void> {
  const text = JSON.stringify(obj, (_k, v) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as Float32Array) : v), 2);
  await writeAtomic(path, text + "\n");
}

/**
 * Fails fast, naming `what` and the path, unless a file can be written at `path`: its directory is
 * created, a probe file is written, renamed and removed there, and `path` is not a directory.
 * Gives up after 2 s (a file system that hangs is reported, not waited for).
 */
export async function checkWritableFile(path: string, what: string): Promise<void> {
  await withTimeout(probe(dirname(resolve(path)), resolve(path), what), what, path);
}

/** Like {@link checkWritableFile} for a directory that will receive files. */
export async function checkWritableDir(dir: string, what: string): Promise<void> {
  await withTimeout(probe(resolve(dir), null, what), what, dir);
}

async function probe(dir: string, file: string | null, what: string): Promise<void> {
  const fail = (why: string, e?: unknown) => new Error(`${what} ${file ?? dir}: ${why}${e ? ` (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` : ""}`);
  try {
    await makeDirs(dir);
  } catch (e) {
    throw fail(`cannot create the directory ${dir}`, e);
  }
  if (file) {
    const s = await stat(file).catch(() => null);
    if (s?.isDirectory()) throw fail("is a directory, not a file");
  }
  const tmp = join(dir, `.hebblab-probe-${process.pid}-${Math.floor(performance.now() * 1000)}`);
  try {
    const fh = await open(tmp, "wx");
    try {
      await fh.writeFile("probe");
    } finally {
      await fh.close();
    }
    await rename(tmp, `${tmp}.renamed`);
    await unlink(`${tmp}.renamed`);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw fail(`the directory ${dir} is not writable`, e);
  }
}

async function withTimeout(p: Promise<void>, what: string, path: string): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} ${path}: the file system did not answer within ${CHECK_TIMEOUT_MS / 1000} s`)), CHECK_TIMEOUT_MS);
    timer.unref?.();
  });
  try {
    await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}

/** Options of {@link cachedFile}. */
export interface CachedFileOptions {
  /** Whether bytes read from the cache are usable (a file of an older format is made again). Default: any. */
  valid?: (bytes: Uint8Array) => boolean;
  /**
   * A lock not touched for this long is taken over (its holder died on another machine; default
   * 120 s). A live holder touches it every quarter of this; a dead holder on this machine is seen at once.
   */
  staleMs?: number;
  /** Milliseconds between two looks while another process makes the file (default 250). */
  pollMs?: number;
  /** Called once when this process waits for another one (`host pid`). */
  onWait?: (holder: string) => void;
}

/**
 * The bytes of a cache file (a generated data set) that many processes may want at once — array
 * tasks that start together on one node, or on several nodes of one shared file system. Reads
 * `path` when it exists and is `valid`; otherwise one process makes it while holding `path.lock`
 * (created exclusively; it records host and pid, and is touched while the work runs) and the
 * others wait for the file and then read it. The file is written atomically under a temporary
 * name unique to host and process, so no reader ever sees part of it, and a lock lost to a
 * takeover costs at most duplicated work, never a wrong file. Where the cache's directory cannot
 * be written, `make`'s bytes are returned uncached.
 */
export async function cachedFile(path: string, make: () => Promise<Uint8Array>, o: CachedFileOptions = {}): Promise<Uint8Array> {
  const valid = o.valid ?? (() => true);
  const staleMs = o.staleMs ?? 120_000;
  const lock = `${path}.lock`;
  let told = false;
  const read = async () => {
    const b = await readFile(path).then((x) => new Uint8Array(x.buffer, x.byteOffset, x.byteLength), () => null);
    if (!b) return null;
    try {
      return valid(b) ? b : null;
    } catch {
      return null; // unreadable: made again
    }
  };
  for (;;) {
    const have = await read();
    if (have) return have;
    let fh;
    try {
      await makeDirs(dirname(path));
      fh = await open(lock, "wx");
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EACCES" || code === "EROFS" || code === "EPERM") return make();
      if (code !== "EEXIST") throw e;
      const holder = await lockHolder(lock, staleMs);
      if (holder === "stale") {
        // Moved aside rather than deleted: of two processes that judge it stale, one moves it.
        const aside = `${lock}.stale-${uniqueTag()}`;
        if (await rename(lock, aside).then(() => true, () => false)) await unlink(aside).catch(() => {});
        continue;
      }
      if (!told && holder) o.onWait?.(holder);
      told = true;
      await new Promise((r) => setTimeout(r, o.pollMs ?? 250));
      continue;
    }
    try {
      await fh.writeFile(JSON.stringify({ host: hostname(), pid: process.pid, at: new Date().toISOString() }));
    } finally {
      await fh.close();
    }
    const beat = setInterval(() => {
      const now = new Date();
      utimes(lock, now, now).catch(() => {});
    }, staleMs / 4);
    beat.unref?.();
    try {
      // Another process may have finished between the read above and taking the lock.
      const again = await read();
      if (again) return again;
      const bytes = await make();
      const tmp = `${path}.tmp-${uniqueTag()}`;
      try {
        await writeFile(tmp, bytes);
        await rename(tmp, path);
      } catch (e) {
        await unlink(tmp).catch(() => {});
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== "EACCES" && code !== "EROFS" && code !== "EPERM" && code !== "ENOSPC") throw e;
      }
      return bytes;
    } finally {
      clearInterval(beat);
      await unlink(lock).catch(() => {});
    }
  }
}

/** `host pid` of a live lock, "stale" for one whose holder is gone, null when it vanished meanwhile. */
async function lockHolder(lock: string, staleMs: number): Promise<string | "stale" | null> {
  const [text, st] = await Promise.all([readFile(lock, "utf8").catch(() => null), stat(lock).catch(() => null)]);
  if (!st) return null;
  let h: { host?: string; pid?: number } = {};
  try {
    h = JSON.parse(text ?? "");
  } catch {
    // Being written: judged by its age alone.
  }
  if (h.host === hostname() && typeof h.pid === "number" && !processAlive(h.pid)) return "stale";
  if (Date.now() - st.mtimeMs > staleMs) return "stale";
  return h.host ? `${h.host} ${h.pid}` : "another process";
}

/** Whether a process of this machine with this pid exists. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Unique across the machines of a shared file system: host, pid and random bytes. */
function uniqueTag(): string {
  return `${hostname()}-${process.pid}-${randomBytes(4).toString("hex")}`;
}

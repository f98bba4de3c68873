import { mkdir, open, rename, stat, unlink } from "node:fs/promises";
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
export async function makeDirs(dir) {
    const abs = resolve(dir);
    const missing = [];
    let d = abs;
    for (;;) {
        try {
            const s = await stat(d);
            if (!s.isDirectory())
                throw Object.assign(new Error(`${d} is not a directory`), { code: "ENOTDIR" });
            break;
        }
        catch (e) {
            if (e.code !== "ENOENT")
                throw e;
            missing.push(d);
            const up = dirname(d);
            if (up === d)
                break;
            d = up;
        }
    }
    for (const m of missing.reverse()) {
        try {
            await mkdir(m);
        }
        catch (e) {
            if (e.code !== "EEXIST")
                throw e;
        }
    }
}
/**
 * Writes a file atomically (temp file + rename): a run that fails midway
 * leaves the previous file intact. Creates the parent directory.
 */
export async function writeAtomic(path, data) {
    await makeDirs(dirname(path));
    await writeFileAtomic(path, typeof data === "string" ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
}
/** Writes `obj` as pretty JSON, atomically. Typed arrays are written as plain arrays. */
export async function writeJson(path, obj) {
    const text = JSON.stringify(obj, (_k, v) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v) : v), 2);
    await writeAtomic(path, text + "\n");
}
/**
 * Fails fast, naming `what` and the path, unless a file can be written at `path`: its directory is
 * created, a probe file is written, renamed and removed there, and `path` is not a directory.
 * Gives up after 2 s (a file system that hangs is reported, not waited for).
 */
export async function checkWritableFile(path, what) {
    await withTimeout(probe(dirname(resolve(path)), resolve(path), what), what, path);
}
/** Like {@link checkWritableFile} for a directory that will receive files. */
export async function checkWritableDir(dir, what) {
    await withTimeout(probe(resolve(dir), null, what), what, dir);
}
async function probe(dir, file, what) {
    const fail = (why, e) => new Error(`${what} ${file ?? dir}: ${why}${e ? ` (${e.code ?? e.message})` : ""}`);
    try {
        await makeDirs(dir);
    }
    catch (e) {
        throw fail(`cannot create the directory ${dir}`, e);
    }
    if (file) {
        const s = await stat(file).catch(() => null);
        if (s?.isDirectory())
            throw fail("is a directory, not a file");
    }
    const tmp = join(dir, `.hebblab-probe-${process.pid}-${Math.floor(performance.now() * 1000)}`);
    try {
        const fh = await open(tmp, "wx");
        try {
            await fh.writeFile("probe");
        }
        finally {
            await fh.close();
        }
        await rename(tmp, `${tmp}.renamed`);
        await unlink(`${tmp}.renamed`);
    }
    catch (e) {
        await unlink(tmp).catch(() => { });
        throw fail(`the directory ${dir} is not writable`, e);
    }
}
async function withTimeout(p, what, path) {
    let timer;
    const t = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} ${path}: the file system did not answer within ${CHECK_TIMEOUT_MS / 1000} s`)), CHECK_TIMEOUT_MS);
        timer.unref?.();
    });
    try {
        await Promise.race([p, t]);
    }
    finally {
        clearTimeout(timer);
    }
}
//# sourceMappingURL=files.js.map
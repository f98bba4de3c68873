/** mkdir -p without Node's recursive mkdir: the nearest existing ancestor, then one level at a time. */
export declare function makeDirs(dir: string): Promise<void>;
/**
 * Writes a file atomically (temp file + rename): a run that fails midway
 * leaves the previous file intact. Creates the parent directory.
 */
export declare function writeAtomic(path: string, data: string | Uint8Array): Promise<void>;
/** Writes `obj` as pretty JSON, atomically. Typed arrays are written as plain arrays. */
export declare function writeJson(path: string, obj: unknown): Promise<void>;
/**
 * Fails fast, naming `what` and the path, unless a file can be written at `path`: its directory is
 * created, a probe file is written, renamed and removed there, and `path` is not a directory.
 * Gives up after 2 s (a file system that hangs is reported, not waited for).
 */
export declare function checkWritableFile(path: string, what: string): Promise<void>;
/** Like {@link checkWritableFile} for a directory that will receive files. */
export declare function checkWritableDir(dir: string, what: string): Promise<void>;

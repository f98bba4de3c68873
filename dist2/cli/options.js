import { readFile } from "node:fs/promises";
import { InvalidArgumentError } from "commander";
/** Commander parser for a finite number option, with an error naming the value. */
export function num(value) {
    const v = Number(value);
    if (value.trim() === "" || !Number.isFinite(v))
        throw new InvalidArgumentError(`'${value}' is not a number`);
    return v;
}
/** Commander parser for an integer option. */
export function int(value) {
    const v = num(value);
    if (!Number.isInteger(v))
        throw new InvalidArgumentError(`'${value}' is not an integer`);
    return v;
}
/** Commander parser for `--threads`: an integer ≥ 1. */
export function threadCount(value) {
    const v = int(value);
    if (v < 1)
        throw new InvalidArgumentError(`'${value}' is not a thread count (an integer ≥ 1)`);
    return v;
}
/** Reads a JSON config file; errors name the file. */
export async function readConfigFile(path) {
    let text;
    try {
        text = await readFile(path, "utf8");
    }
    catch (e) {
        throw new Error(`--config ${path}: cannot read (${e.message})`);
    }
    try {
        const v = JSON.parse(text);
        if (typeof v !== "object" || v === null || Array.isArray(v))
            throw new Error("top level must be an object");
        return v;
    }
    catch (e) {
        throw new Error(`--config ${path}: invalid JSON (${e.message})`);
    }
}
/** Sets `obj[a][b]… = value` along a dotted path, creating objects; skips undefined values. */
export function setPath(obj, path, value) {
    if (value === undefined)
        return;
    const keys = path.split(".");
    let o = obj;
    for (const k of keys.slice(0, -1)) {
        if (typeof o[k] !== "object" || o[k] === null)
            o[k] = {};
        o = o[k];
    }
    o[keys[keys.length - 1]] = value;
}
//# sourceMappingURL=options.js.map
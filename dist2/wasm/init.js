import { relaxedSimd as detectRelaxedSimd, simd as detectSimd, threads as detectThreads } from "wasm-feature-detect";
import { isNode } from "../host.js";
import { Arena } from "./arena.js";
/** Whether a flavour's memory is a shared `WebAssembly.Memory` (so workers can use it). */
export function isShared(flavour) {
    return flavour === "threads" || flavour === "relaxed";
}
/** Must match `maximumMemory` in asconfig.json (2 GiB). */
export const MAX_PAGES = 32768;
const cache = new Map();
/**
 * Loads the kernels once per flavour (cached) in Node or a browser bundle.
 * Detects SIMD with `WebAssembly.validate` and falls back to the scalar build.
 */
export function init(options = {}) {
    const key = `${options.flavour ?? "auto"}:${options.initialPages ?? 256}`;
    let p = cache.get(key);
    if (!p) {
        p = load(options);
        cache.set(key, p);
        p.catch(() => cache.delete(key));
    }
    return p;
}
/** Resolves `auto` to a concrete flavour on this engine. */
export async function resolveFlavour(f = "auto") {
    if (f === "auto")
        return (await detectSimd()) ? "simd" : "scalar";
    if (f !== "scalar" && !(await detectSimd()))
        throw new Error(`hebblab: this engine has no WASM SIMD; use flavour 'scalar'`);
    if (isShared(f) && !(await detectThreads()))
        throw new Error(`hebblab: this engine has no WASM threads (or no SharedArrayBuffer: a page must be cross-origin isolated)`);
    if (f === "relaxed" && !(await detectRelaxedSimd()))
        throw new Error(`hebblab: this engine has no relaxed SIMD`);
    return f;
}
async function load(options) {
    const flavour = await resolveFlavour(options.flavour);
    const module = await compile(flavour);
    const initial = options.initialPages ?? 256;
    const memory = new WebAssembly.Memory({ initial, maximum: MAX_PAGES, shared: isShared(flavour) });
    return instantiateOn(module, memory, flavour);
}
/** Instantiates `module` on an existing memory (used by workers sharing one memory). */
export async function instantiateOn(module, memory, flavour) {
    const instance = await WebAssembly.instantiate(module, {
        env: {
            memory,
            abort: (_msg, _file, line, col) => {
                throw new Error(`hebblab kernel aborted at ${line}:${col}`);
            },
        },
    });
    const exports = instance.exports;
    const arena = new Arena(memory, Math.max(exports.heap_base(), 65536));
    return { flavour, exports, memory, arena, module };
}
/** The file name of each flavour's binary in `build/`. */
export const BINARIES = {
    simd: "hebblab.simd.wasm",
    scalar: "hebblab.scalar.wasm",
    threads: "hebblab.threads.wasm",
    relaxed: "hebblab.relaxed.wasm",
};
// One literal `new URL(…, import.meta.url)` per binary, so a bundler (Vite) emits exactly these files.
function binaryUrl(flavour) {
    switch (flavour) {
        case "simd":
            return new URL("../../build/hebblab.simd.wasm", import.meta.url);
        case "scalar":
            return new URL("../../build/hebblab.scalar.wasm", import.meta.url);
        case "threads":
            return new URL("../../build/hebblab.threads.wasm", import.meta.url);
        case "relaxed":
            return new URL("../../build/hebblab.relaxed.wasm", import.meta.url);
    }
}
/** Compiles a flavour's binary, read from disk in Node and fetched next to the bundle in a browser. */
export async function compile(flavour) {
    const url = binaryUrl(flavour);
    if (isNode()) {
        const { readFile } = await import(/* @vite-ignore */ "node:fs/promises");
        let bytes;
        try {
            bytes = new Uint8Array(await readFile(url));
        }
        catch (e) {
            throw new Error(`hebblab: kernel binary ${url.pathname} is missing; run 'npm run build' (${e.message})`);
        }
        return WebAssembly.compile(bytes);
    }
    return WebAssembly.compileStreaming(fetch(url));
}
//# sourceMappingURL=init.js.map
import { relaxedSimd as detectRelaxedSimd, simd as detectSimd, threads as detectThreads } from "wasm-feature-detect";
import type { instantiate } from "../../build/hebblab.simd.js";
import { isNode } from "../host.js";
import { Arena } from "./arena.js";

/** The kernel exports, typed from the declarations `asc` emits (never written by hand). */
export type KernelExports = Awaited<ReturnType<typeof instantiate>>;

/**
 * Which build of the kernels runs:
 * - `simd`: 128-bit SIMD, private memory (the default where SIMD validates);
 * - `scalar`: the same source compiled without SIMD (fallback, and a second backend for tests);
 * - `threads`: SIMD on a shared memory, for worker pools;
 * - `relaxed`: `threads` plus relaxed SIMD, whose GEMM uses `f32x4.relaxed_madd` (FMA where the
 *   engine has it: Chrome, Node ≥ 21, Node 20 with `--experimental-wasm-relaxed-simd`).
 */
export type KernelBuild = "simd" | "scalar" | "threads" | "relaxed";

/** Whether a build's memory is a shared `WebAssembly.Memory` (so workers can use it). */
export function isShared(build: KernelBuild): boolean {
  return build === "threads" || build === "relaxed";
}

/** An instantiated kernel module and the host-owned memory it works in. */
export interface Wasm {
  readonly build: KernelBuild;
  readonly exports: KernelExports;
  readonly memory: WebAssembly.Memory;
  readonly arena: Arena;
  /** The compiled module, so workers can instantiate it on the same memory. */
  readonly module: WebAssembly.Module;
}

/** Options of {@link init}. */
export interface InitOptions {
  /** `auto` picks `simd` when the engine validates SIMD, else `scalar`. Default `auto`. */
  build?: KernelBuild | "auto";
  /** Initial memory in 64 KiB pages (default 256 = 16 MiB); it grows on demand. */
  initialPages?: number;
  /** A new instance on its own memory, not the shared cached one (for a user that owns its whole arena). */
  fresh?: boolean;
}

/** Must match `maximumMemory` in asconfig.json (2 GiB). */
export const MAX_PAGES = 32768;

const cache = new Map<string, Promise<Wasm>>();

/**
 * Loads the kernels once per build (cached) in Node or a browser bundle.
 * Detects SIMD with `WebAssembly.validate` and falls back to the scalar build.
 */
export function init(options: InitOptions = {}): Promise<Wasm> {
  if (options.fresh) return load(options);
  const key = `${options.build ?? "auto"}:${options.initialPages ?? 256}`;
  let p = cache.get(key);
  if (!p) {
    p = load(options);
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}

/** Resolves `auto` to a concrete build on this engine. */
export async function resolveBuild(f: KernelBuild | "auto" = "auto"): Promise<KernelBuild> {
  if (f === "auto") return (await detectSimd()) ? "simd" : "scalar";
  if (f !== "scalar" && !(await detectSimd())) throw new Error(`hebblab: this engine has no WASM SIMD; use build 'scalar'`);
  if (isShared(f) && !(await detectThreads())) throw new Error(`hebblab: this engine has no WASM threads (or no SharedArrayBuffer: a page must be cross-origin isolated)`);
  if (f === "relaxed" && !(await detectRelaxedSimd())) throw new Error(`hebblab: this engine has no relaxed SIMD`);
  return f;
}

async function load(options: InitOptions): Promise<Wasm> {
  const build = await resolveBuild(options.build);
  const module = await compile(build);
  const initial = options.initialPages ?? 256;
  const memory = new WebAssembly.Memory({ initial, maximum: MAX_PAGES, shared: isShared(build) });
  return instantiateOn(module, memory, build);
}

/** Instantiates `module` on an existing memory (used by workers sharing one memory). */
export async function instantiateOn(module: WebAssembly.Module, memory: WebAssembly.Memory, build: KernelBuild): Promise<Wasm> {
  const instance = await WebAssembly.instantiate(module, {
    env: {
      memory,
      abort: (_msg: number, _file: number, line: number, col: number) => {
        throw new Error(`hebblab kernel aborted at ${line}:${col}`);
      },
    },
  });
  const exports = instance.exports as unknown as KernelExports;
  const arena = new Arena(memory, Math.max(exports.heap_base(), 65536));
  return { build, exports, memory, arena, module };
}

/** The file name of each build's binary in `build/`. */
export const BINARIES: Record<KernelBuild, string> = {
  simd: "hebblab.simd.wasm",
  scalar: "hebblab.scalar.wasm",
  threads: "hebblab.threads.wasm",
  relaxed: "hebblab.relaxed.wasm",
};

// One literal `new URL(…, import.meta.url)` per binary, so a bundler (Vite) emits exactly these files.
function binaryUrl(build: KernelBuild): URL {
  switch (build) {
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

/** Compiles a build's binary, read from disk in Node and fetched next to the bundle in a browser. */
export async function compile(build: KernelBuild): Promise<WebAssembly.Module> {
  const url = binaryUrl(build);
  if (isNode()) {
    const { readFile } = await import(/* @vite-ignore */ "node:fs/promises");
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = new Uint8Array(await readFile(url));
    } catch (e) {
      throw new Error(`hebblab: kernel binary ${url.pathname} is missing; run 'npm run build' (${(e as Error).message})`);
    }
    return WebAssembly.compile(bytes);
  }
  return WebAssembly.compileStreaming(fetch(url));
}

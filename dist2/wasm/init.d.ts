import type { instantiate } from "../../build/hebblab.simd.js";
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
export type Flavour = "simd" | "scalar" | "threads" | "relaxed";
/** Whether a flavour's memory is a shared `WebAssembly.Memory` (so workers can use it). */
export declare function isShared(flavour: Flavour): boolean;
/** An instantiated kernel module and the host-owned memory it works in. */
export interface Wasm {
    readonly flavour: Flavour;
    readonly exports: KernelExports;
    readonly memory: WebAssembly.Memory;
    readonly arena: Arena;
    /** The compiled module, so workers can instantiate it on the same memory. */
    readonly module: WebAssembly.Module;
}
/** Options of {@link init}. */
export interface InitOptions {
    /** `auto` picks `simd` when the engine validates SIMD, else `scalar`. Default `auto`. */
    flavour?: Flavour | "auto";
    /** Initial memory in 64 KiB pages (default 256 = 16 MiB); it grows on demand. */
    initialPages?: number;
}
/** Must match `maximumMemory` in asconfig.json (2 GiB). */
export declare const MAX_PAGES = 32768;
/**
 * Loads the kernels once per flavour (cached) in Node or a browser bundle.
 * Detects SIMD with `WebAssembly.validate` and falls back to the scalar build.
 */
export declare function init(options?: InitOptions): Promise<Wasm>;
/** Resolves `auto` to a concrete flavour on this engine. */
export declare function resolveFlavour(f?: Flavour | "auto"): Promise<Flavour>;
/** Instantiates `module` on an existing memory (used by workers sharing one memory). */
export declare function instantiateOn(module: WebAssembly.Module, memory: WebAssembly.Memory, flavour: Flavour): Promise<Wasm>;
/** The file name of each flavour's binary in `build/`. */
export declare const BINARIES: Record<Flavour, string>;
/** Compiles a flavour's binary, read from disk in Node and fetched next to the bundle in a browser. */
export declare function compile(flavour: Flavour): Promise<WebAssembly.Module>;

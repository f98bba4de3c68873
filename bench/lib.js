// What every bench shares: smoke mode, where results go, the machine's state, medians.
//
// `npm run bench` runs each bench at full size and writes bench/results/NAME.json (committed: the
// README's figures come from these). `npm run bench -- --smoke` runs each at tiny sizes, to check in a
// few seconds that it still runs end to end (CI does this), and writes bench/results/smoke/NAME.json
// (not committed), so a smoke run never overwrites a measurement.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync, renameSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** bench/ */
export const benchDir = dirname(fileURLToPath(import.meta.url));

/** True under `--smoke` (run.js passes it on): tiny sizes, results under results/smoke/. */
export const smoke = process.argv.includes("--smoke");

/**
 * `full` normally, `small` in smoke mode.
 * @template T
 * @param {T} full
 * @param {T} small
 * @returns {T}
 */
export function size(full, small) {
  return smoke ? small : full;
}

/** A number from the environment (a bench's knobs), else `fallback`; in smoke mode always `smokeValue`. */
export function knob(/** @type {string} */ name, /** @type {number} */ fallback, /** @type {number} */ smokeValue) {
  if (smoke) return smokeValue;
  const v = process.env[name];
  if (v === undefined || v === "") return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`${name}=${v}: not a number`);
  return n;
}

/** Where bench `name` writes its JSON in this mode. */
export function resultPath(/** @type {string} */ name) {
  return join(benchDir, "results", ...(smoke ? ["smoke"] : []), `${name}.json`);
}

/** Median (upper middle for even lengths) of a non-empty list. */
export function median(/** @type {number[]} */ xs) {
  if (xs.length === 0) throw new Error("median of nothing");
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

/** Min, median and max of a list: the spread reported beside every median. */
export function spread(/** @type {number[]} */ xs) {
  return { min: Math.min(...xs), median: median(xs), max: Math.max(...xs), n: xs.length };
}

/** The machine as a run found it: its CPU, cores and the 1/5/15-minute load averages (a shared, noisy VM whose host may change). */
export function machine() {
  return { cpu: cpus()[0]?.model ?? "unknown", cores: availableParallelism(), loadAverage: loadavg().map((x) => Math.round(x * 100) / 100) };
}

/** "load 1.23 0.98 0.77": for the console, next to every figure. */
export function loadText() {
  return `load ${loadavg().map((x) => x.toFixed(2)).join(" ")}`;
}

/**
 * Writes `result` as bench `name`'s JSON (atomically: a run killed mid-write leaves the old file),
 * with the mode and the machine's state at the end of the run added. Returns the path.
 */
export function writeResult(/** @type {string} */ name, /** @type {Record<string, unknown>} */ result) {
  const path = resultPath(name);
  mkdirSync(dirname(path), { recursive: true });
  const out = { bench: name, smoke, date: new Date().toISOString(), machineAtEnd: machine(), ...result };
  writeFileSync(`${path}.tmp`, JSON.stringify(out, null, 2) + "\n");
  renameSync(`${path}.tmp`, path);
  console.log(`wrote ${path.slice(benchDir.length - "bench".length)}`);
  return path;
}

/** Debian's python3-torch, the PyTorch rival of the benches. */
export const torchPython = "/usr/bin/python3";

/**
 * Which BLAS PyTorch runs on here, and the environment that puts it on OpenBLAS when it is found.
 * Debian links python3-torch against libblas.so.3, by default the unoptimized reference BLAS (about
 * ten times slower than OpenBLAS on this machine): a handicapped rival. When that is what torch
 * loads and OpenBLAS's libblas.so.3 is in HEBBLAB_BENCH_OPENBLAS (default: Debian's
 * libopenblas0-pthread directory), `env` preloads it through LD_LIBRARY_PATH; `blas` is what torch
 * then reports, read from its own memory map by bench/torch/workloads.py. Null without PyTorch.
 * @returns {{ version: string, flushDenormal: boolean, blas: { kind: string, files: string[] }, blasAsInstalled: { kind: string, files: string[] }, env: Record<string, string> } | null}
 */
export function torchBlas() {
  if (!existsSync(torchPython) || spawnSync(torchPython, ["-c", "import torch"]).status !== 0) return null;
  const info = (/** @type {Record<string, string>} */ env) => {
    const r = spawnSync(torchPython, [join(benchDir, "torch", "workloads.py")], { input: JSON.stringify({ workload: "info" }), encoding: "utf8", env: { ...process.env, ...env } });
    if (r.status !== 0) throw new Error(`torch info failed: ${r.stderr || r.error}`);
    return JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "{}");
  };
  const openblasDir = process.env.HEBBLAB_BENCH_OPENBLAS ?? "/usr/lib/x86_64-linux-gnu/openblas-pthread";
  const asInstalled = info({});
  /** @type {Record<string, string>} */
  let env = {};
  let now = asInstalled;
  if (asInstalled.blas.kind === "reference" && existsSync(join(openblasDir, "libblas.so.3"))) {
    env = { LD_LIBRARY_PATH: [openblasDir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(":") };
    now = info(env);
  }
  console.log(`PyTorch ${now.torch} on ${now.blas.kind} BLAS (${now.blas.files.join(", ")})${env.LD_LIBRARY_PATH ? ` via LD_LIBRARY_PATH (libblas.so.3 is ${asInstalled.blas.kind})` : ""}; denormals flushed: ${now.flushDenormal}`);
  if (now.blas.kind === "reference")
    console.log("WARNING: PyTorch runs on the reference BLAS, a handicapped rival (about 10× slower than OpenBLAS here): apt-get install libopenblas0-pthread, or set HEBBLAB_BENCH_OPENBLAS");
  return { version: now.torch, flushDenormal: now.flushDenormal, blas: now.blas, blasAsInstalled: asInstalled.blas, env };
}

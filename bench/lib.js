// What every bench shares: smoke mode, where results go, the machine's state, medians.
//
// `npm run bench` runs each bench at full size and writes bench/results/NAME.json (committed: the
// README's figures come from these). `npm run bench -- --smoke` runs each at tiny sizes, to check in a
// few seconds that it still runs end to end (CI does this), and writes bench/results/smoke/NAME.json
// (not committed), so a smoke run never overwrites a measurement.
import { mkdirSync, writeFileSync, renameSync } from "node:fs";
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

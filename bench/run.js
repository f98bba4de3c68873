// Runs every bench/*.bench.js in its own process, one after another (never in parallel: they
// measure time), and checks that each exits 0 and writes its JSON.
//   npm run bench                      every bench at full size → bench/results/NAME.json
//   npm run bench -- backprop threads  only those benches (an exact name), or those whose name contains a word
//   npm run bench -- --smoke [NAME…]   tiny sizes, a few seconds each → bench/results/smoke/NAME.json
// Smoke mode checks that a bench still runs end to end (CI runs it); its figures mean nothing.
// Needs `npm run build` (the benches run the compiled dist/).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchDir, loadText } from "./lib.js";

const args = process.argv.slice(2);
const smoke = args.includes("--smoke");
const unknown = args.filter((a) => a.startsWith("-") && a !== "--smoke");
if (unknown.length) {
  console.error(`bench: unknown option ${unknown.join(" ")} (usage: npm run bench -- [--smoke] [NAME…])`);
  process.exit(2);
}
const filter = args.filter((a) => !a.startsWith("-"));
const all = readdirSync(benchDir).filter((f) => f.endsWith(".bench.js")).sort();
// A bench's exact name selects that bench alone (`attack` is not also `autoattack`); otherwise a part of its name.
const named = (/** @type {string} */ f, /** @type {string} */ x) => (all.includes(`${x}.bench.js`) ? f === `${x}.bench.js` : f.includes(x));
const files = all.filter((f) => filter.length === 0 || filter.some((x) => named(f, x)));
if (files.length === 0) {
  console.error(`bench: no bench matches ${filter.join(", ")} (benches: ${all.map((f) => f.replace(".bench.js", "")).join(", ")})`);
  process.exit(2);
}

/** @type {{ name: string, ok: boolean, seconds: number, why?: string }[]} */
const outcomes = [];
for (const f of files) {
  const name = f.replace(".bench.js", "");
  const json = join(benchDir, "results", ...(smoke ? ["smoke"] : []), `${name}.json`);
  console.log(`\n=== ${f}${smoke ? " (smoke)" : ""}; ${loadText()}`);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ["--expose-gc", join(benchDir, f), ...(smoke ? ["--smoke"] : [])], { stdio: "inherit" });
  const seconds = (Date.now() - t0) / 1000;
  // A bench that exits 0 without writing its JSON this run has not done its job either.
  const wrote = existsSync(json) && statSync(json).mtimeMs >= t0 - 1000;
  const why = r.error ? r.error.message : r.status !== 0 ? `exit ${r.status ?? r.signal}` : !wrote ? `did not write ${json}` : undefined;
  outcomes.push({ name, ok: !why, seconds, why });
}

// The helper that writes a 60,000-image IDX stand-in is no bench, but it must not rot either.
if (smoke && filter.length === 0) {
  const dir = mkdtempSync(join(tmpdir(), "hebblab-idx-"));
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [join(benchDir, "mnist60k-idx.js"), dir, "--train", "90", "--test", "18"], { stdio: "inherit" });
  const wrote = ["train-images-idx3-ubyte", "t10k-labels-idx1-ubyte"].every((f) => existsSync(join(dir, f)));
  rmSync(dir, { recursive: true, force: true });
  outcomes.push({ name: "mnist60k-idx (helper)", ok: r.status === 0 && wrote, seconds: (Date.now() - t0) / 1000, why: r.status !== 0 ? `exit ${r.status}` : wrote ? undefined : "wrote no IDX files" });
}

console.log(`\n${smoke ? "smoke " : ""}bench summary (${loadText()}):`);
for (const o of outcomes) console.log(`  ${o.ok ? "ok  " : "FAIL"} ${o.name.padEnd(24)} ${o.seconds.toFixed(1).padStart(6)} s${o.why ? `  ${o.why}` : ""}`);
process.exit(outcomes.every((o) => o.ok) ? 0 : 1);

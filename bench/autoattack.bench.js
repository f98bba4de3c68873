// AutoAttack (standard: APGD-CE → APGD-T → FAB-T → Square, L∞ ε 0.1) on the first 500 MNIST test
// images, hebblab against the reference implementation (fra31/auto-attack on PyTorch) on the same
// saved models, the same images and the same cores, for the default MLP (`hebblab train --model mlp
// --seed 1`) and the default Krotov–Hopfield model (`hebblab train --seed 1`).
//   hebblab     evaluateRobustness(…, { attacks: ["autoattack"] }) on 2 threads (caller + 1 worker),
//               the critical search off and the ε = 1 check on one image (the reference runs neither)
//   reference   bench/torch/autoattack_ref.py: the saved model rebuilt as a torch module, AutoAttack
//               version 'standard', seed 0, torch.set_num_threads(2), denormals flushed, on OpenBLAS
//               when Debian's torch would load the reference BLAS (HEBBLAB_BENCH_OPENBLAS: see bench/lib.js)
// Rounds alternate the order of the two (AUTOATTACK_BENCH_ROUNDS, default 2; AUTOATTACK_BENCH_FIRST=reference
// starts with the reference); figures are medians.
// Also recorded, untimed: hebblab's PGD-40 on the same images (AutoAttack must not stay above it).
// Models: AUTOATTACK_BENCH_MODELS=DIR with DIR/mlp and DIR/kh saved models, else trained once into
// bench/.cache/autoattack/ (about 3 min; kept for the next run). The reference: AUTOATTACK_REF=PATH,
// a checkout of fra31/auto-attack (or its git directory: its autoattack/ is exported to a temporary
// directory); its code is never part of hebblab. Without it, or without Debian's python3-torch
// (/usr/bin/python3), the reference rows are skipped with a message. Needs `npm run build`.
// Writes bench/results/autoattack.json; `--smoke`: tiny models, 8 images, 5 iterations, 50 queries,
// 2 targets → bench/results/smoke/autoattack.json.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { initTf, tf } from "../dist/tf.js";
import { evaluateRobustness } from "../dist/attacks/evaluate.js";
import { saveModel } from "../dist/models/io.js";
import { loadModel } from "../dist/kinds/loadModelNode.js";
import { loadSplit } from "../dist/data/load.js";
import { DataConfig } from "../dist/runner/config.js";
import { runTraining } from "../dist/runner/train.js";
import { versions } from "../dist/runner/versions.js";
import { torchBlas } from "./lib.js";

const here = dirname(fileURLToPath(import.meta.url));
const smoke = process.argv.includes("--smoke");
const num = (/** @type {string} */ name, /** @type {number} */ full, /** @type {number} */ small) => (smoke ? small : Number(process.env[name] ?? full));
const N = num("AUTOATTACK_BENCH_IMAGES", 500, 8);
const ROUNDS = num("AUTOATTACK_BENCH_ROUNDS", 2, 1);
// Which side the first round runs first (AUTOATTACK_BENCH_FIRST=reference: the reference), then alternating.
const FIRST = process.env.AUTOATTACK_BENCH_FIRST === "reference" ? 1 : 0;
const EPS = 0.1;
const THREADS = 2;
const median = (/** @type {number[]} */ xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = () => loadavg().map((x) => Math.round(x * 100) / 100);

// Smoke: the reference's own knobs shrunk alike on both sides (n_iter, n_queries, n_target_classes).
const SMALL = { iters: 5, queries: 50, targets: 2 };
/** @type {Record<string, unknown>} */
const attackCfg = {
  images: N,
  batch: 250,
  attacks: ["autoattack"],
  eps: { linf: [EPS] },
  critical: { enabled: false },
  sanity: { eps1Images: 1 },
  ...(smoke
    ? { "apgd-ce": { iters: SMALL.iters }, "apgd-t": { iters: SMALL.iters, targets: SMALL.targets }, "fab-t": { iters: SMALL.iters, targets: SMALL.targets }, square: { queries: SMALL.queries } }
    : {}),
};

await initTf();

/** The two models: saved ones from AUTOATTACK_BENCH_MODELS, else trained once (the defaults, seed 1) into the cache. */
async function modelDir(/** @type {"mlp" | "kh"} */ kind) {
  const root = process.env.AUTOATTACK_BENCH_MODELS && !smoke ? process.env.AUTOATTACK_BENCH_MODELS : join(here, ".cache", smoke ? "autoattack-smoke" : "autoattack");
  const dir = join(root, kind);
  if (existsSync(join(dir, "model.json"))) return dir;
  if (process.env.AUTOATTACK_BENCH_MODELS && !smoke) throw new Error(`AUTOATTACK_BENCH_MODELS: no saved model at ${dir}`);
  console.log(`training the default ${kind} model (seed 1) into ${dir} …`);
  /** @type {Record<string, unknown>} */
  const tiny = kind === "mlp" ? { model: "mlp", mlp: { hidden: [32], epochs: 1 } } : { kh: { hidden: 20, epochs: 1 }, readout: { epochs: 1 } };
  const config = { seed: 1, ...(kind === "mlp" ? { model: "mlp" } : {}), ...(smoke ? { ...tiny, data: { train: 500, test: 100 } } : {}) };
  const r = await runTraining(config);
  await saveModel(dir, r.model, { config: r.results.config });
  r.model.dispose();
  return dir;
}

/** The reference's package on PYTHONPATH: AUTOATTACK_REF (a checkout, or a git dir exported to a temp dir), or null with why. */
function referencePath() {
  const py = "/usr/bin/python3";
  if (!existsSync(py) || spawnSync(py, ["-c", "import torch"]).status !== 0) return { path: null, why: "Debian's python3-torch is not installed (/usr/bin/python3 cannot import torch)" };
  const ref = process.env.AUTOATTACK_REF;
  if (!ref) return { path: null, why: "AUTOATTACK_REF is not set (a checkout or the git directory of fra31/auto-attack)" };
  if (existsSync(join(ref, "autoattack", "__init__.py"))) return { path: ref, why: null };
  // A git directory: its Python files only (a mirror may lack the example weights).
  const files = spawnSync("git", ["-C", ref, "ls-tree", "-r", "--name-only", "HEAD", "autoattack"], { encoding: "utf8" });
  const sources = files.status === 0 ? files.stdout.split("\n").filter((f) => /^autoattack\/[^/]+\.py$/.test(f)) : [];
  if (!sources.includes("autoattack/__init__.py")) return { path: null, why: `AUTOATTACK_REF=${ref}: neither a checkout nor a git directory of fra31/auto-attack` };
  const tmp = mkdtempSync(join(tmpdir(), "autoattack-ref-"));
  mkdirSync(join(tmp, "autoattack"));
  for (const f of sources) writeFileSync(join(tmp, f), spawnSync("git", ["-C", ref, "show", `HEAD:${f}`], { encoding: "utf8" }).stdout);
  return { path: tmp, why: null, temporary: true };
}

const loadAverageAtStart = load();
const ref = referencePath();
if (!ref.path) console.log(`reference AutoAttack skipped: ${ref.why}`);
// The reference at its best: on OpenBLAS when Debian's torch would load the reference BLAS (bench/lib.js).
const torchSetup = ref.path ? torchBlas() : null;
const torchThreads = String(THREADS);
const torchEnv = { ...(torchSetup?.env ?? {}), OMP_NUM_THREADS: torchThreads, OPENBLAS_NUM_THREADS: torchThreads, MKL_NUM_THREADS: torchThreads };
const work = mkdtempSync(join(tmpdir(), "autoattack-bench-"));

/** @type {Record<string, any>} */
const out = {};
// AUTOATTACK_BENCH_KINDS=kh measures one model; the other's entry, if the results file has one, is kept as it was (with its own date).
const KINDS = /** @type {("mlp" | "kh")[]} */ ((process.env.AUTOATTACK_BENCH_KINDS ?? "mlp,kh").split(",").filter((k) => k === "mlp" || k === "kh"));
for (const kind of KINDS) {
  const dir = await modelDir(kind);
  const { model, meta } = await loadModel(dir);
  const dataCfg = DataConfig.parse(/** @type {any} */ (meta.config)?.data ?? {});
  const { test } = await loadSplit(dataCfg);
  const n = Math.min(N, test.n);
  const images = join(work, `${kind}-images.f32`);
  const labels = join(work, `${kind}-labels.i32`);
  writeFileSync(images, test.images.subarray(0, n * test.dim));
  writeFileSync(labels, Int32Array.from(test.labels.subarray(0, n)));

  const hebblab = async () => {
    const loadStart = load();
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const rep = await evaluateRobustness(model, test, attackCfg, { threads: THREADS });
    const c = process.cpuUsage(c0);
    const r = rep.results[0];
    // CPU seconds of every thread of the process (the caller and its worker), beside the wall time.
    return { seconds: (performance.now() - t0) / 1000, cpuSeconds: (c.user + c.system) / 1e6, clean: rep.cleanAccuracy, robust: r.accuracy, parts: Object.fromEntries((r.parts ?? []).map((p) => [p.attack, p.accuracy])), loadStart, load: load() };
  };
  const reference = () => {
    const request = { model: dir, images, labels, n, dim: test.dim, eps: EPS, threads: THREADS, seed: 0, logits: 8, log: join(work, `${kind}-ref.log`), overrides: smoke ? { n_iter: SMALL.iters, n_queries: SMALL.queries, n_target_classes: SMALL.targets } : {} };
    rmSync(request.log, { force: true });
    const loadStart = load();
    const r = spawnSync("/usr/bin/python3", [join(here, "torch", "autoattack_ref.py")], { input: JSON.stringify(request), encoding: "utf8", env: { ...process.env, ...torchEnv, PYTHONPATH: ref.path ?? "" }, maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`reference AutoAttack failed: ${r.stderr}`);
    const res = JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "{}");
    // The rebuilt torch module must compute hebblab's function, or the comparison means nothing.
    const z = tf.tidy(() => model.logits(tf.tensor2d(test.images.subarray(0, 8 * test.dim), [8, test.dim])));
    const zd = z.dataSync();
    z.dispose();
    const scale = Math.max(...Array.from(zd, Math.abs));
    const diff = Math.max(...res.logits.flat().map((/** @type {number} */ v, /** @type {number} */ i) => Math.abs(v - zd[i])));
    if (!(diff <= 1e-4 * scale)) throw new Error(`the torch rebuild of ${dir} disagrees with hebblab's logits by ${diff} (scale ${scale})`);
    const { logits: _l, ...rest } = res;
    return { ...rest, logitsMaxDifference: diff, loadStart, load: load() };
  };

  /** @type {{ hebblab: any[], reference: any[] }} */
  const runs = { hebblab: [], reference: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = (round + FIRST) % 2 === 0 ? ["hebblab", "reference"] : ["reference", "hebblab"];
    for (const who of order) {
      if (who === "reference" && !ref.path) continue;
      const r = who === "hebblab" ? await hebblab() : reference();
      runs[/** @type {"hebblab" | "reference"} */ (who)].push(r);
      console.log(`${kind} round ${round + 1} ${who.padEnd(9)} ${r.seconds.toFixed(1)} s (CPU ${r.cpuSeconds.toFixed(1)} s), robust ${(100 * r.robust).toFixed(1)} % ${JSON.stringify(r.parts)} load ${r.loadStart.join(" ")} → ${r.load.join(" ")}`);
    }
  }
  const pgd = await evaluateRobustness(model, test, { ...attackCfg, attacks: ["pgd-linf"], ...(smoke ? { "pgd-linf": { steps: 2 } } : {}) }, { threads: THREADS });
  model.dispose();
  const secs = (/** @type {any[]} */ rs, key = "seconds") => (rs.length ? median(rs.map((r) => r[key])) : null);
  const h = secs(runs.hebblab);
  const t = secs(runs.reference);
  const hc = secs(runs.hebblab, "cpuSeconds");
  const tc = secs(runs.reference, "cpuSeconds");
  out[kind] = {
    date: new Date().toISOString(),
    modelDir: dir,
    images: n,
    hebblab: { seconds: h, cpuSeconds: hc, clean: runs.hebblab[0].clean, robust: runs.hebblab[0].robust, parts: runs.hebblab[0].parts },
    reference: runs.reference.length ? { seconds: t, cpuSeconds: tc, clean: runs.reference[0].clean, robust: runs.reference[0].robust, parts: runs.reference[0].parts, torch: runs.reference[0].torch } : null,
    pgd40: pgd.results[0].accuracy,
    // Reference time / hebblab time: wall (what a user waits) and CPU (less sensitive to a shared machine).
    speedup: h && t ? t / h : null,
    cpuSpeedup: hc && tc ? tc / hc : null,
    robustDifference: runs.reference.length ? runs.hebblab[0].robust - runs.reference[0].robust : null,
    runs,
  };
  const o = out[kind];
  console.log(
    `${kind}: hebblab ${h?.toFixed(1)} s (CPU ${hc?.toFixed(1)} s)${t ? `, reference ${t.toFixed(1)} s (CPU ${tc?.toFixed(1)} s): ×${o.speedup.toFixed(2)} wall, ×${o.cpuSpeedup.toFixed(2)} CPU` : ""}; robust accuracy hebblab ${(100 * o.hebblab.robust).toFixed(1)} %` +
      `${o.reference ? `, reference ${(100 * o.reference.robust).toFixed(1)} %` : ""}, PGD-40 ${(100 * o.pgd40).toFixed(1)} %${smoke ? " (smoke: the figures mean nothing)" : ""}`,
  );
}
rmSync(work, { recursive: true, force: true });
if (ref.temporary && ref.path) rmSync(ref.path, { recursive: true, force: true });

const path = join(here, "results", ...(smoke ? ["smoke"] : []), "autoattack.json");
mkdirSync(dirname(path), { recursive: true });
const earlier = existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : {};
for (const kind of ["mlp", "kh"]) if (!KINDS.includes(/** @type {any} */ (kind)) && earlier[kind]) out[kind] = { ...earlier[kind], date: earlier[kind].date ?? earlier.date };
const result = {
  bench: "autoattack",
  smoke,
  what: `AutoAttack standard (L∞ ε ${EPS}) on the first ${N} MNIST test images, hebblab (${THREADS} threads) against fra31/auto-attack on PyTorch (${THREADS} threads, denormals flushed), alternating rounds, medians`,
  date: new Date().toISOString(),
  cores: availableParallelism(),
  // A shared machine: the 1/5/15-minute load averages at the start and end of every run are in `runs`.
  loadAverageAtStart,
  loadAverageAtEnd: load(),
  cpu: cpus()[0]?.model,
  rounds: ROUNDS,
  firstInEachModel: FIRST ? "reference" : "hebblab",
  versions: versions(),
  reference: ref.path ? "fra31/auto-attack" : `skipped: ${ref.why}`,
  torch: torchSetup && { ...torchSetup, handicapped: torchSetup.blas.kind === "reference" },
  targets: { speedup: "≥ 1 (aim 2)", robustDifference: "≤ 0.03 in absolute value" },
  ...out,
};
writeFileSync(`${path}.tmp`, JSON.stringify(result, null, 2) + "\n");
renameSync(`${path}.tmp`, path);
console.log(`wrote ${path.slice(here.length - "bench".length)}`);
process.exit(0);

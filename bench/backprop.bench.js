// Issue 16: the backprop workloads of a study, hebblab against tfjs-wasm and PyTorch on the same cores.
//   MLP epoch   784-2000-10 relu, Adam 1e-3, batch 100, 8,000 MNIST images (a fresh seed-1 model each run)
//   PGD-L∞      40 steps (a = 2.5ε/40, random start, best iterate), batch 250, 6 ε (0.01 … 0.3), on the
//               Glorot seed-1 784-2000-10 MLP; BACKPROP_BENCH_PGD_IMAGES images (default 250)
// Paths:
//   tfjs        tf.matMul with tfjs's own gradient (its transposed products: tfjs-wasm's scalar loop)
//   xnnpack     matMulFast without the dense engine: untransposed products on tfjs-wasm's XNNPACK (one thread)
//   hebblab-T   matMulFast on the dense engine with T threads (hebblab's pool GEMM; the default since issue 16)
//   workers-2   PGD only: evaluateRobustness on 2 threads (2 worker threads, each tfjs + a one-thread engine)
//   torch-T     PyTorch CPU (Debian's python3-torch, /usr/bin/python3) with T threads, bench/torch/workloads.py
// Every path runs once per round, rounds alternate the order, and each figure is the median over rounds
// (BACKPROP_BENCH_ROUNDS, default 3); the first MLP epoch of each path is a warm-up, not counted.
// Also checks: hebblab-1 and hebblab-2 give bit-identical losses and adversarial accuracies; xnnpack's
// epoch loss is within 1e-4 relative of hebblab's. Records where the engine's time goes (GEMM, copies,
// transposes) against the whole step, the load average, and the cores the machine gave.
// PyTorch: `apt-get install python3-torch` (not part of npm install); without it the torch rows are absent.
// Needs `npm run build`. Writes bench/results/backprop.json.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = (p) => new URL(`../dist/${p}`, import.meta.url).href;
const { tf, initTf } = await import(dist("tf.js"));
const { Rng } = await import(dist("rng.js"));
const { DataConfig } = await import(dist("runner/config.js"));
const { loadSplit } = await import(dist("data/load.js"));
const { Mlp } = await import(dist("kinds/mlp/model.js"));
const { MlpTrainer } = await import(dist("kinds/mlp/trainer.js"));
const { matMulDefault, matMulFast } = await import(dist("models/matmul.js"));
const { makeAttack } = await import(dist("attacks/registry.js"));
const { evaluateRobustness } = await import(dist("attacks/evaluate.js"));
const { DenseEngine, setActiveDense, activeDense } = await import(dist("wasm/dense.js"));
const { versions } = await import(dist("runner/versions.js"));

const ROUNDS = Number(process.env.BACKPROP_BENCH_ROUNDS ?? 3);
const PGD_N = Number(process.env.BACKPROP_BENCH_PGD_IMAGES ?? 250);
const EPS = [0.01, 0.03, 0.05, 0.1, 0.2, 0.3];
const STEPS = 40;
const N = 8000;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const gc = globalThis.gc ?? (() => {});

await initTf();
const defaultEngine = activeDense();
const engines = { 1: defaultEngine, 2: await DenseEngine.create({ threads: 2 }) };
const split = await loadSplit(DataConfig.parse({ source: "mnist", train: N, test: 2000 }));
const { train, test } = split;
const loadBefore = loadavg();
console.log(`${availableParallelism()} cores; load ${loadBefore.map((x) => x.toFixed(2)).join(" ")}; ${ROUNDS} rounds`);

/** Runs fn with the dense engine of `threads` active (null: none, tfjs's own GEMM). */
async function withEngine(threads, fn) {
  const before = setActiveDense(threads ? engines[threads] : null);
  try {
    return await fn(threads ? engines[threads] : null);
  } finally {
    setActiveDense(before);
  }
}

const mlp = (matMul) => new Mlp({ inputDim: 784, hidden: [2000], classes: 10, activation: "relu", noise: null, seed: 1 }, undefined, { matMul });

async function mlpEpoch(path) {
  const threads = path.startsWith("hebblab-") ? Number(path.slice(8)) : 0;
  return withEngine(threads, async (engine) => {
    const model = mlp(path === "tfjs" ? matMulDefault : matMulFast);
    const trainer = new MlpTrainer(model, new Rng(1), { lr: 1e-3, batch: 100 });
    gc();
    engine?.resetStats();
    const t0 = performance.now();
    const e = await trainer.epoch(train);
    const seconds = (performance.now() - t0) / 1000;
    const stats = engine ? { ...engine.stats } : null;
    trainer.dispose();
    model.dispose();
    return { seconds, loss: e.loss, stats };
  });
}

const images = test.images.subarray(0, PGD_N * 784);
const labels = Int32Array.from(test.labels.subarray(0, PGD_N));
async function pgd(path) {
  if (path === "workers-2") {
    const model = mlp(matMulFast);
    const t0 = performance.now();
    const rep = await evaluateRobustness(model, { ...test, n: PGD_N }, { images: PGD_N, batch: 250, attacks: ["pgd-linf"], eps: { linf: [0, ...EPS] }, "pgd-linf": { steps: STEPS }, critical: { enabled: false }, sanity: { eps1Images: 1 } }, { threads: 2 });
    const seconds = (performance.now() - t0) / 1000;
    model.dispose();
    return { seconds, imageStepsPerSecond: (PGD_N * STEPS * EPS.length) / seconds, accuracy: rep.results.filter((r) => r.eps > 0).map((r) => r.accuracy) };
  }
  const threads = path.startsWith("hebblab-") ? Number(path.slice(8)) : 0;
  return withEngine(threads, async (engine) => {
    const model = mlp(path === "tfjs" ? matMulDefault : matMulFast);
    const attack = makeAttack("pgd-linf", { steps: STEPS });
    engine?.resetStats();
    let correct = [];
    const t0 = performance.now();
    for (const eps of EPS) {
      let right = 0;
      for (let s = 0; s < PGD_N; s += 250) {
        const e = Math.min(PGD_N, s + 250);
        const x = tf.tensor2d(images.subarray(s * 784, e * 784), [e - s, 784]);
        const y = tf.tensor1d(labels.subarray(s, e), "int32");
        const xa = attack.attack({ model, rng: new Rng(1).fork(`${eps}|${s}`), loss: "ce", eotSamples: 1 }, x, y, eps);
        const pred = tf.tidy(() => model.logits(xa).argMax(1));
        const p = await pred.data();
        for (let i = 0; i < p.length; i++) right += p[i] === labels[s + i] ? 1 : 0;
        tf.dispose([x, y, xa, pred]);
      }
      correct.push(right / PGD_N);
    }
    const seconds = (performance.now() - t0) / 1000;
    const stats = engine ? { ...engine.stats } : null;
    model.dispose();
    return { seconds, imageStepsPerSecond: (PGD_N * STEPS * EPS.length) / seconds, accuracy: correct, stats };
  });
}

const torchPy = "/usr/bin/python3";
const hasTorch = existsSync(torchPy) && spawnSync(torchPy, ["-c", "import torch"]).status === 0;
function torch(request) {
  const r = spawnSync(torchPy, [join(here, "torch", "workloads.py")], { input: JSON.stringify(request), encoding: "utf8", maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`torch bench failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1));
}

const mlpPaths = ["tfjs", "xnnpack", "hebblab-1", "hebblab-2", ...(hasTorch ? ["torch-1", "torch-2"] : [])];
const pgdPaths = ["xnnpack", "hebblab-1", "hebblab-2", "workers-2", ...(hasTorch ? ["torch-1", "torch-2"] : [])];
const results = { mlpEpoch: Object.fromEntries(mlpPaths.map((p) => [p, []])), pgd: Object.fromEntries(pgdPaths.map((p) => [p, []])) };
let torchInfo = null;

// Warm-up: one epoch of every tfjs path (kernel registration, XNNPACK set-up, the workers' start).
for (const p of mlpPaths.filter((p) => !p.startsWith("torch"))) await mlpEpoch(p);
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 ? [...mlpPaths].reverse() : mlpPaths;
  for (const p of order) {
    let x;
    if (p.startsWith("torch")) {
      const t = torch({ workload: "mlp-epoch", threads: Number(p.slice(6)), reps: 1, images: N, batch: 100 });
      torchInfo ??= { version: t.torch, build: t.blas };
      x = { seconds: t.seconds[0] };
    } else x = await mlpEpoch(p);
    x.load1 = loadavg()[0];
    results.mlpEpoch[p].push(x);
    console.log(`round ${r + 1} MLP epoch ${p.padEnd(10)} ${x.seconds.toFixed(2)} s${x.loss !== undefined ? ` (loss ${x.loss.toFixed(6)})` : ""} load ${x.load1.toFixed(2)}`);
  }
  const porder = r % 2 ? [...pgdPaths].reverse() : pgdPaths;
  for (const p of porder) {
    let x;
    if (p.startsWith("torch")) {
      const t = torch({ workload: "pgd", threads: Number(p.slice(6)), reps: 1, images: PGD_N, batch: 250, steps: STEPS, eps: EPS });
      x = { seconds: t.seconds[0], imageStepsPerSecond: t.imageSteps / t.seconds[0] };
    } else x = await pgd(p);
    x.load1 = loadavg()[0];
    results.pgd[p].push(x);
    console.log(`round ${r + 1} PGD ${p.padEnd(10)} ${x.imageStepsPerSecond.toFixed(0)} image·steps/s (${x.seconds.toFixed(1)} s) load ${x.load1.toFixed(2)}`);
  }
}

// Checks: thread counts agree bit for bit; the engine agrees with XNNPACK to f32 tolerance.
const loss = (p) => results.mlpEpoch[p][0].loss;
if (loss("hebblab-1") !== loss("hebblab-2")) throw new Error(`epoch loss differs between 1 and 2 threads: ${loss("hebblab-1")} vs ${loss("hebblab-2")}`);
const rel = Math.abs(loss("xnnpack") - loss("hebblab-1")) / Math.abs(loss("xnnpack"));
if (rel > 1e-4) throw new Error(`epoch loss of the engine ${loss("hebblab-1")} vs XNNPACK ${loss("xnnpack")}: relative ${rel}`);
const acc = (p) => JSON.stringify(results.pgd[p][0].accuracy);
if (acc("hebblab-1") !== acc("hebblab-2")) throw new Error(`PGD accuracies differ between 1 and 2 threads: ${acc("hebblab-1")} vs ${acc("hebblab-2")}`);

const summary = { mlpEpochSeconds: {}, pgdImageStepsPerSecond: {} };
for (const p of mlpPaths) summary.mlpEpochSeconds[p] = median(results.mlpEpoch[p].map((x) => x.seconds));
for (const p of pgdPaths) summary.pgdImageStepsPerSecond[p] = median(results.pgd[p].map((x) => x.imageStepsPerSecond));
const ratios = {};
for (const t of [1, 2]) {
  if (!hasTorch) break;
  ratios[`mlpEpoch.hebblab-${t}/torch-${t}`] = summary.mlpEpochSeconds[`torch-${t}`] / summary.mlpEpochSeconds[`hebblab-${t}`];
  ratios[`pgd.hebblab-${t}/torch-${t}`] = summary.pgdImageStepsPerSecond[`hebblab-${t}`] / summary.pgdImageStepsPerSecond[`torch-${t}`];
}
if (hasTorch) ratios["pgd.workers-2/torch-2"] = summary.pgdImageStepsPerSecond["workers-2"] / summary.pgdImageStepsPerSecond["torch-2"];
ratios["mlpEpoch.hebblab-2/xnnpack"] = summary.mlpEpochSeconds.xnnpack / summary.mlpEpochSeconds["hebblab-2"];
ratios["mlpEpoch.hebblab-1/xnnpack"] = summary.mlpEpochSeconds.xnnpack / summary.mlpEpochSeconds["hebblab-1"];
ratios["mlpEpoch.hebblab-2/tfjs"] = summary.mlpEpochSeconds.tfjs / summary.mlpEpochSeconds["hebblab-2"];
ratios["pgd.hebblab-2/xnnpack"] = summary.pgdImageStepsPerSecond["hebblab-2"] / summary.pgdImageStepsPerSecond.xnnpack;
ratios["pgd.workers-2/xnnpack"] = summary.pgdImageStepsPerSecond["workers-2"] / summary.pgdImageStepsPerSecond.xnnpack;
// Where an engine epoch's time went (median round of hebblab-2).
const mid = (p) => [...results.mlpEpoch[p]].sort((a, b) => a.seconds - b.seconds)[Math.floor(ROUNDS / 2)];
const share = (x) => ({ seconds: x.seconds, gemm: x.stats.gemmMs / 1000, adam: x.stats.optimizerMs / 1000, copyIn: x.stats.copyInMs / 1000, transpose: x.stats.transposeMs / 1000, copyOut: x.stats.copyOutMs / 1000, rest: x.seconds - (x.stats.gemmMs + x.stats.optimizerMs + x.stats.copyInMs + x.stats.transposeMs + x.stats.copyOutMs) / 1000, products: x.stats.products, copiedInMB: x.stats.copiedInBytes / 2 ** 20 });
const pmid = (p) => [...results.pgd[p]].sort((a, b) => a.seconds - b.seconds)[Math.floor(ROUNDS / 2)];
const timeGoesTo = { "mlpEpoch.hebblab-1": share(mid("hebblab-1")), "mlpEpoch.hebblab-2": share(mid("hebblab-2")), "pgd.hebblab-1": share(pmid("hebblab-1")), "pgd.hebblab-2": share(pmid("hebblab-2")) };
console.log(JSON.stringify({ summary, ratios, timeGoesTo }, null, 2));

const out = {
  bench: "backprop",
  what: `MLP epoch (784-2000-10, ${N} images, batch 100, Adam) and PGD-L∞ (${STEPS} steps, ${PGD_N} images × ${EPS.length} ε, batch 250): hebblab's dense engine on 1 and 2 threads against tfjs-wasm and PyTorch CPU`,
  date: new Date().toISOString(),
  cores: availableParallelism(),
  loadAverageBefore: loadBefore,
  loadAverageAfter: loadavg(),
  rounds: ROUNDS,
  versions: versions(),
  torch: torchInfo,
  summary,
  ratios,
  timeGoesTo,
  checks: { lossHebblab1: loss("hebblab-1"), lossHebblab2: loss("hebblab-2"), lossXnnpack: loss("xnnpack"), lossRelativeDifference: rel },
  runs: results,
};
mkdirSync(join(here, "results"), { recursive: true });
writeFileSync(join(here, "results", "backprop.json"), JSON.stringify(out, null, 2) + "\n");
console.log("wrote bench/results/backprop.json");
await engines[2].dispose();
process.exit(0);

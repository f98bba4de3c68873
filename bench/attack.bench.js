// PGD-L∞ (40 steps, a = 2.5ε/40, random start, best iterate) on 1,000 MNIST test images at the 7
// default ε (0 … 0.3) against a 784-2000-10 relu MLP, in images·steps per second. Alternatives:
//   mlpFast     the MLP on matMulFast (untransposed XNNPACK matMuls in forward and backward)
//   mlpTfjs     the same MLP on tfjs's own matMul, whose gradient transposes (scalar loop on wasm)
//   batch1000   mlpFast with one batch of 1,000 instead of 4 × 250
// ε = 0 costs nothing (the base returns x), so it is timed but its steps are not counted.
// The throughput of a model depends on its weights only through relu sparsity; the MLP is the
// Glorot-initialized seed-1 network (training it first would make the bench minutes longer).
// Threads: the same PGD table through evaluateRobustness on 1 and on 2 threads (caller + 1 worker,
// worker start-up included), alternating, ATTACK_BENCH_REPS times each (default 3), median; on
// ATTACK_BENCH_THREAD_IMAGES images (default 500, to keep the bench within minutes). The load
// average is recorded with the figures (a shared machine).
// tfjs-wasm is single-threaded per thread; 2 shared cores: noisy. Needs `npm run build`. Writes bench/results/attack.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = (p) => new URL(`../dist/${p}`, import.meta.url).href;
const { tf, initTf } = await import(dist("tf.js"));
const { Rng } = await import(dist("rng.js"));
const { makeAttack } = await import(dist("attacks/registry.js"));
const { DEFAULT_EPS_LINF } = await import(dist("attacks/config.js"));
const { evaluateRobustness } = await import(dist("attacks/evaluate.js"));
const { Mlp } = await import(dist("kinds/mlp/model.js"));
const { matMulFast, matMulDefault } = await import(dist("models/matmul.js"));
const { DataConfig } = await import(dist("runner/config.js"));
const { loadSplit } = await import(dist("data/load.js"));
const { versions } = await import(dist("runner/versions.js"));

await initTf();
const N = Number(process.env.ATTACK_BENCH_IMAGES ?? 1000);
const STEPS = 40;
const { test } = await loadSplit(DataConfig.parse({ source: "mnist" }));
if (test.n < N) throw new Error(`need ${N} test images, have ${test.n}`);
const images = test.images.subarray(0, N * 784);
const labels = Int32Array.from(test.labels.subarray(0, N));

function mlp(matMul) {
  return new Mlp({ inputDim: 784, hidden: [2000], classes: 10, activation: "relu", noise: null, seed: 1 }, undefined, { matMul });
}

/** PGD over `n` images at each ε in batches; returns seconds per ε and image·steps per second. */
async function run(model, epsList, n, batch) {
  const attack = makeAttack("pgd-linf", { steps: STEPS });
  const perEps = [];
  let counted = 0;
  const t0 = performance.now();
  for (const eps of epsList) {
    const t = performance.now();
    for (let s = 0; s < n; s += batch) {
      const e = Math.min(n, s + batch);
      const x = tf.tensor2d(images.subarray(s * 784, e * 784), [e - s, 784]);
      const y = tf.tensor1d(labels.subarray(s, e), "int32");
      const xa = attack.attack({ model, rng: new Rng(1).fork(`${eps}|${s}`), loss: "ce", eotSamples: 1 }, x, y, eps);
      await xa.data();
      tf.dispose([x, y, xa]);
    }
    perEps.push({ eps, seconds: (performance.now() - t) / 1000 });
    if (eps > 0) counted += n * STEPS;
  }
  const seconds = (performance.now() - t0) / 1000;
  return { images: n, batch, steps: STEPS, eps: epsList, seconds, imageSteps: counted, imageStepsPerSecond: counted / seconds, perEps };
}

const runs = {};
const fast = mlp(matMulFast);
// Cold: the first batch of the first ε, including kernel registration and XNNPACK set-up.
runs.cold = await run(fast, [0.1], 250, 250);
console.log(`cold (250 images, 1 ε): ${runs.cold.imageStepsPerSecond.toFixed(0)} image·steps/s`);
runs.mlpFast = await run(fast, DEFAULT_EPS_LINF, N, 250);
console.log(`mlpFast: ${N} images × ${STEPS} steps × ${DEFAULT_EPS_LINF.length} ε in ${runs.mlpFast.seconds.toFixed(1)} s → ${runs.mlpFast.imageStepsPerSecond.toFixed(0)} image·steps/s`);
runs.batch1000 = await run(fast, [0.1], N, 1000);
console.log(`batch1000 (1 ε): ${runs.batch1000.imageStepsPerSecond.toFixed(0)} image·steps/s`);
fast.dispose();
const slow = mlp(matMulDefault);
runs.mlpTfjs = await run(slow, [0.1], 250, 250);
console.log(`mlpTfjs (250 images, 1 ε): ${runs.mlpTfjs.imageStepsPerSecond.toFixed(0)} image·steps/s`);
slow.dispose();

// 1 vs 2 threads: the whole evaluation (clean pass, PGD at every ε; no critical search, one image for
// the ε = 1 check), wall time including the worker's start-up.
const TN = Number(process.env.ATTACK_BENCH_THREAD_IMAGES ?? 500);
const REPS = Number(process.env.ATTACK_BENCH_REPS ?? 3);
const threadCfg = { images: TN, batch: 250, attacks: ["pgd-linf"], "pgd-linf": { steps: STEPS }, critical: { enabled: false }, sanity: { eps1Images: 1 } };
const counted = TN * STEPS * DEFAULT_EPS_LINF.filter((e) => e > 0).length;
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const model = mlp(matMulFast);
const threadRuns = { 1: [], 2: [] };
const loadBefore = loadavg();
let reference = null;
for (let r = 0; r < REPS; r++) {
  for (const threads of r % 2 ? [2, 1] : [1, 2]) {
    const t = performance.now();
    const rep = await evaluateRobustness(model, { ...test, n: TN }, threadCfg, { threads });
    const seconds = (performance.now() - t) / 1000;
    const acc = JSON.stringify(rep.results.map((c) => c.accuracy));
    reference ??= acc;
    if (acc !== reference) throw new Error(`threads ${threads}: accuracies ${acc} differ from ${reference}`);
    threadRuns[threads].push({ seconds, imageStepsPerSecond: counted / seconds, loadAverage1: loadavg()[0] });
    console.log(`threads ${threads} (rep ${r + 1}): ${TN} images × ${STEPS} steps × ${DEFAULT_EPS_LINF.length} ε in ${seconds.toFixed(1)} s → ${(counted / seconds).toFixed(0)} image·steps/s (load ${loadavg()[0].toFixed(2)})`);
  }
}
model.dispose();
const imagesStepsPerSecond1 = median(threadRuns[1].map((x) => x.imageStepsPerSecond));
const imagesStepsPerSecond2 = median(threadRuns[2].map((x) => x.imageStepsPerSecond));
const speedup = imagesStepsPerSecond2 / imagesStepsPerSecond1;
console.log(`median: 1 thread ${imagesStepsPerSecond1.toFixed(0)}, 2 threads ${imagesStepsPerSecond2.toFixed(0)} image·steps/s → ×${speedup.toFixed(2)}`);

const out = {
  bench: "attack",
  what: "PGD-L∞ 40 steps, 1,000 MNIST test images, ε ∈ {0, 0.01, 0.03, 0.05, 0.1, 0.2, 0.3}, 784-2000-10 relu MLP",
  date: new Date().toISOString(),
  backend: tf.getBackend(),
  versions: versions(),
  runs,
  imagesStepsPerSecond1,
  imagesStepsPerSecond2,
  speedup,
  threads: {
    what: `evaluateRobustness, PGD-L∞ ${STEPS} steps on ${TN} images × ${DEFAULT_EPS_LINF.length} ε (no critical search), batch 250, wall time with worker start-up; ${REPS} alternating runs each, median`,
    images: TN,
    reps: REPS,
    cores: availableParallelism(),
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadavg(),
    runs: threadRuns,
  },
};
mkdirSync(join(here, "results"), { recursive: true });
writeFileSync(join(here, "results", "attack.json"), JSON.stringify(out, null, 2) + "\n");
console.log("wrote bench/results/attack.json");

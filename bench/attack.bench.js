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
// tfjs-wasm is single-threaded per thread; 2 shared cores: noisy. Needs `npm run build`. Writes
// bench/results/attack.json (`--smoke`: 50 images, 2 steps, 2 ε, one run of each).
import { availableParallelism, loadavg } from "node:os";
import { tf, initTf } from "../dist/tf.js";
import { Rng } from "../dist/rng.js";
import { makeAttack } from "../dist/attacks/registry.js";
import { DEFAULT_EPS_LINF } from "../dist/attacks/config.js";
import { evaluateRobustness } from "../dist/attacks/evaluate.js";
import { Mlp } from "../dist/kinds/mlp/model.js";
import { matMulFast, matMulDefault } from "../dist/models/matmul.js";
import { DataConfig } from "../dist/runner/config.js";
import { loadSplit } from "../dist/data/load.js";
import { versions } from "../dist/runner/versions.js";
import { knob, median, size, smoke, writeResult } from "./lib.js";

await initTf();
const N = knob("ATTACK_BENCH_IMAGES", 1000, 50);
const STEPS = size(40, 2);
const EPS = size(DEFAULT_EPS_LINF, [0, 0.1]);
const { test } = await loadSplit(DataConfig.parse({ source: "mnist" }));
if (test.n < N) throw new Error(`need ${N} test images, have ${test.n}`);
const images = test.images.subarray(0, N * 784);
const labels = Int32Array.from(test.labels.subarray(0, N));

/** @param {import("../dist/models/matmul.js").MatMul} matMul */
function mlp(matMul) {
  return new Mlp({ inputDim: 784, hidden: [2000], classes: 10, activation: "relu", noise: null, seed: 1 }, undefined, { matMul });
}

/**
 * PGD over `n` images at each ε in batches; returns seconds per ε and image·steps per second.
 * @param {InstanceType<typeof Mlp>} model
 * @param {readonly number[]} epsList
 * @param {number} n
 * @param {number} batch
 */
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
const B = Math.min(250, N);
runs.cold = await run(fast, [0.1], B, B);
console.log(`cold (${B} images, 1 ε): ${runs.cold.imageStepsPerSecond.toFixed(0)} image·steps/s`);
runs.mlpFast = await run(fast, EPS, N, B);
console.log(`mlpFast: ${N} images × ${STEPS} steps × ${EPS.length} ε in ${runs.mlpFast.seconds.toFixed(1)} s → ${runs.mlpFast.imageStepsPerSecond.toFixed(0)} image·steps/s`);
runs.batch1000 = await run(fast, [0.1], N, 1000);
console.log(`batch1000 (1 ε): ${runs.batch1000.imageStepsPerSecond.toFixed(0)} image·steps/s`);
fast.dispose();
const slow = mlp(matMulDefault);
runs.mlpTfjs = await run(slow, [0.1], B, B);
console.log(`mlpTfjs (${B} images, 1 ε): ${runs.mlpTfjs.imageStepsPerSecond.toFixed(0)} image·steps/s`);
slow.dispose();

// 1 vs 2 threads: the whole evaluation (clean pass, PGD at every ε; no critical search, one image for
// the ε = 1 check), wall time including the worker's start-up.
const TN = knob("ATTACK_BENCH_THREAD_IMAGES", 500, 20);
const REPS = knob("ATTACK_BENCH_REPS", 3, 1);
/** @type {import("../dist/attacks/config.js").AttackEvalInput} */
const threadCfg = { images: TN, batch: Math.min(250, Math.ceil(TN / 2)), attacks: ["pgd-linf"], eps: { linf: [...EPS] }, "pgd-linf": { steps: STEPS }, critical: { enabled: false }, sanity: { eps1Images: 1 } };
const counted = TN * STEPS * EPS.filter((e) => e > 0).length;
const model = mlp(matMulFast);
/** @type {Record<1 | 2, { seconds: number, imageStepsPerSecond: number, loadAverage1: number }[]>} */
const threadRuns = { 1: [], 2: [] };
const loadBefore = loadavg();
let reference = null;
for (let r = 0; r < REPS; r++) {
  for (const threads of /** @type {(1 | 2)[]} */ (r % 2 ? [2, 1] : [1, 2])) {
    const t = performance.now();
    const rep = await evaluateRobustness(model, { ...test, n: TN }, threadCfg, { threads });
    const seconds = (performance.now() - t) / 1000;
    const acc = JSON.stringify(rep.results.map((c) => c.accuracy));
    reference ??= acc;
    if (acc !== reference) throw new Error(`threads ${threads}: accuracies ${acc} differ from ${reference}`);
    threadRuns[threads].push({ seconds, imageStepsPerSecond: counted / seconds, loadAverage1: loadavg()[0] });
    console.log(`threads ${threads} (rep ${r + 1}): ${TN} images × ${STEPS} steps × ${EPS.length} ε in ${seconds.toFixed(1)} s → ${(counted / seconds).toFixed(0)} image·steps/s (load ${loadavg()[0].toFixed(2)})`);
  }
}
model.dispose();
const imagesStepsPerSecond1 = median(threadRuns[1].map((x) => x.imageStepsPerSecond));
const imagesStepsPerSecond2 = median(threadRuns[2].map((x) => x.imageStepsPerSecond));
const speedup = imagesStepsPerSecond2 / imagesStepsPerSecond1;
console.log(`median: 1 thread ${imagesStepsPerSecond1.toFixed(0)}, 2 threads ${imagesStepsPerSecond2.toFixed(0)} image·steps/s → ×${speedup.toFixed(2)}`);

const out = {
  what: `PGD-L∞ ${STEPS} steps, ${N} MNIST test images, ε ∈ {${EPS.join(", ")}}, 784-2000-10 relu MLP`,
  backend: tf.getBackend(),
  versions: versions(),
  runs,
  imagesStepsPerSecond1,
  imagesStepsPerSecond2,
  speedup,
  threads: {
    what: `evaluateRobustness, PGD-L∞ ${STEPS} steps on ${TN} images × ${EPS.length} ε (no critical search), batch ${threadCfg.batch}, wall time with worker start-up; ${REPS} alternating runs each, median`,
    images: TN,
    reps: REPS,
    cores: availableParallelism(),
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadavg(),
    runs: threadRuns,
  },
};
if (smoke) console.log("(smoke run: the sizes are too small to mean anything)");
writeResult("attack", out);

// PGD-L∞ (40 steps, a = 2.5ε/40, random start, best iterate) on 1,000 MNIST test images at the 7
// default ε (0 … 0.3) against a 784-2000-10 relu MLP, in images·steps per second. Alternatives:
//   mlpFast     the MLP on matMulFast (untransposed XNNPACK matMuls in forward and backward)
//   mlpTfjs     the same MLP on tfjs's own matMul, whose gradient transposes (scalar loop on wasm)
//   batch1000   mlpFast with one batch of 1,000 instead of 4 × 250
// ε = 0 costs nothing (the base returns x), so it is timed but its steps are not counted.
// The throughput of a model depends on its weights only through relu sparsity; the MLP is the
// Glorot-initialised seed-1 network (training it first would make the bench minutes longer).
// Single-threaded tfjs-wasm; 2 shared cores: noisy. Needs `npm run build:ts`. Writes bench/results/attack.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = (p) => new URL(`../dist/${p}`, import.meta.url).href;
const { tf, initTf } = await import(dist("tf.js"));
const { Rng } = await import(dist("rng.js"));
const { makeAttack } = await import(dist("attacks/registry.js"));
const { DEFAULT_EPS_LINF } = await import(dist("attacks/config.js"));
const { Mlp } = await import(dist("models/mlp.js"));
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

const out = {
  bench: "attack",
  what: "PGD-L∞ 40 steps, 1,000 MNIST test images, ε ∈ {0, 0.01, 0.03, 0.05, 0.1, 0.2, 0.3}, 784-2000-10 relu MLP",
  date: new Date().toISOString(),
  backend: tf.getBackend(),
  versions: versions(),
  runs,
};
mkdirSync(join(here, "results"), { recursive: true });
writeFileSync(join(here, "results", "attack.json"), JSON.stringify(out, null, 2) + "\n");
console.log("wrote bench/results/attack.json");

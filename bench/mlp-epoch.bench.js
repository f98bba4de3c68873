// One epoch of the vanilla backprop baseline (784-2000-10 relu, Adam 1e-3,
// batch 100, 8,000 MNIST images) on tfjs-wasm, timed two ways:
//   hebblab       every matMul is matMulFast: its gradient transposes explicitly and
//                 multiplies untransposed, so forward and backward stay on XNNPACK
//   tfjsDefault   every matMul is tf.matMul with tfjs's own gradient (transposeA/B:
//                 tfjs-wasm's slow loop)
// Same model init, data order and optimizer; runs alternate between the two so that
// load from other processes hits both alike. The first epoch of each is reported as
// cold, the median of the rest as warm. Also times the single matMuls of one step.
// Since issue 16 matMulFast runs on the dense engine (one thread here), so `hebblab` is the engine's
// one-thread path; bench/backprop.bench.js separates XNNPACK, the engine and PyTorch.
// Needs `npm run build:ts` first. Writes bench/results/mlp-epoch.json (`--smoke`: 400 images, 200 units).
import { tf, initTf } from "../dist/tf.js";
import { Rng } from "../dist/rng.js";
import { DataConfig } from "../dist/runner/config.js";
import { loadSplit } from "../dist/data/load.js";
import { Mlp } from "../dist/kinds/mlp/model.js";
import { MlpTrainer } from "../dist/kinds/mlp/trainer.js";
import { matMulFast, matMulDefault } from "../dist/models/matmul.js";
import { knob, machine, median, size, smoke, writeResult } from "./lib.js";

const N = size(8000, 400);
const H = size(2000, 200);
const B = 100;
const RUNS = knob("MLP_BENCH_RUNS", 3, 2);
const gc = globalThis.gc ?? (() => {});
const machineBefore = machine();

await initTf();
const split = await loadSplit(DataConfig.parse({ source: "mnist", train: N, test: 100 }));
const train = split.train;
const D = train.dim;
console.log(`data: ${train.source}, ${train.n} images; 784-${H}-10 relu, Adam 1e-3, batch ${B}; ${RUNS} epochs per path (first = cold)`);

const variants = {
  hebblab: matMulFast,
  tfjsDefault: matMulDefault,
};
/** @type {Record<string, { model: InstanceType<typeof Mlp>, trainer: InstanceType<typeof MlpTrainer>, seconds: number[], loss: number[] }>} */
const state = {};
for (const [name, matMul] of Object.entries(variants)) {
  const model = new Mlp({ inputDim: D, hidden: [H], classes: 10, activation: "relu", noise: null, seed: 1 }, undefined, { matMul });
  state[name] = { model, trainer: new MlpTrainer(model, new Rng(1), { lr: 1e-3, batch: B }), seconds: [], loss: [] };
}
for (let r = 0; r < RUNS; r++) {
  for (const [name, s] of Object.entries(state)) {
    gc();
    const t0 = performance.now();
    const e = await s.trainer.epoch(train);
    const sec = (performance.now() - t0) / 1000;
    s.seconds.push(sec);
    s.loss.push(e.loss);
    console.log(`  ${name.padEnd(12)} epoch ${r + 1}: ${sec.toFixed(2)} s (loss ${e.loss.toFixed(4)}, tensors ${tf.memory().numTensors})`);
  }
}
for (const s of Object.values(state)) {
  s.trainer.dispose();
  s.model.dispose();
}

// The matMuls of one step of the first layer, alone (ms per call, median of 9).
// tfjs-wasm computes synchronously, so no read-back is needed (and 6 MB copies would dominate).
/** @param {() => tf.Tensor} fn */
function timeOp(fn, reps = size(9, 1)) {
  for (let i = 0; i < 2; i++) tf.tidy(fn);
  const ts = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    tf.tidy(fn);
    ts.push(performance.now() - t0);
  }
  return median(ts);
}
const rng = new Rng(2);
const x = tf.tensor2d(rng.fillUniform(new Float32Array(B * D)), [B, D]);
const w = tf.tensor2d(rng.fillNormal(new Float32Array(D * H), 0, 0.03), [D, H]);
const dy = tf.tensor2d(rng.fillNormal(new Float32Array(B * H)), [B, H]);
const ops = {
  forwardXW: timeOp(() => tf.matMul(x, w)),
  gradW_transposeA: timeOp(() => tf.matMul(x, dy, true, false)),
  gradW_explicitTranspose: timeOp(() => tf.matMul(tf.transpose(x), dy)),
  gradX_transposeB: timeOp(() => tf.matMul(dy, w, false, true)),
  gradX_explicitTranspose: timeOp(() => tf.matMul(dy, tf.transpose(w))),
};
const gflop = (ms) => (2 * B * D * H) / (ms * 1e6);

const hebblabSeconds = median(state.hebblab.seconds.slice(1).length ? state.hebblab.seconds.slice(1) : state.hebblab.seconds);
const tfjsDefaultSeconds = median(state.tfjsDefault.seconds.slice(1).length ? state.tfjsDefault.seconds.slice(1) : state.tfjsDefault.seconds);
const result = {
  machineAtStart: machineBefore,
  what: `one epoch of 784-${H}-10 relu MLP training (Adam 1e-3, batch 100) on tfjs-wasm`,
  images: train.n,
  source: train.source,
  hebblabSeconds,
  tfjsDefaultSeconds,
  speedup: tfjsDefaultSeconds / hebblabSeconds,
  cold: { hebblabSeconds: state.hebblab.seconds[0], tfjsDefaultSeconds: state.tfjsDefault.seconds[0] },
  runs: { hebblab: state.hebblab.seconds, tfjsDefault: state.tfjsDefault.seconds },
  finalLoss: { hebblab: state.hebblab.loss.at(-1), tfjsDefault: state.tfjsDefault.loss.at(-1) },
  stepMatMulMs: Object.fromEntries(Object.entries(ops).map(([k, ms]) => [k, { ms: +ms.toFixed(3), gflops: +gflop(ms).toFixed(2) }])),
  tfjsBackend: tf.getBackend(),
  node: process.version,
};
console.log(
  `hebblab ${hebblabSeconds.toFixed(2)} s vs tfjs default ${tfjsDefaultSeconds.toFixed(2)} s per warm epoch: ${result.speedup.toFixed(2)} × ` +
    `(cold ${result.cold.hebblabSeconds.toFixed(2)} vs ${result.cold.tfjsDefaultSeconds.toFixed(2)} s)`,
);
for (const [k, v] of Object.entries(result.stepMatMulMs)) console.log(`  ${k.padEnd(24)} ${v.ms.toFixed(2)} ms  ${v.gflops} GFLOP/s`);
if (smoke) console.log("(smoke run: the sizes are too small to mean anything)");
writeResult("mlp-epoch", result);

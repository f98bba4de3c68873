// One unsupervised Krotov–Hopfield epoch (8,000 images, 2,000 hidden, batch 100,
// p = 3, k = 7, Δ = 0.4) timed four ways:
//   wasmSimd      the learner (SIMD GEMM + top-1/k-th selection + sparse update of ≤ 200 rows)
//   tsTwin        the same sparse step composed from the plain-TS twins
//   tfjsDense     the dense step written with tfjs-wasm ops (Krotov's notebook, every row)
//   tfjsMatmul    only the epoch's 80 matMuls I = W̃·Xᵀ [2000×784]·[784×100] on tfjs-wasm (XNNPACK, no transposes)
// plus the GEMM alone on our kernel. Medians of several warm runs (the first run is
// reported as cold). Needs `npm run build` first. Writes bench/results/kh-epoch.json
// (`--smoke`: 400 images, 200 units, one run of each).
import { init } from "../dist/wasm/init.js";
import { Rng } from "../dist/rng.js";
import { KhSection } from "../dist/kinds/kh/config.js";
import { DataConfig } from "../dist/data/config.js";
import { KrotovHopfield } from "../dist/kinds/kh/learner.js";
import { linearDecay } from "../dist/kinds/local/schedule.js";
import { loadSplit } from "../dist/data/load.js";
import { gemmF32, transposeF32 } from "../dist/kernels/reference/gemm.js";
import { selectTop1KthF32, khUpdateF32 } from "../dist/kinds/kh/twins.js";
import { synapsePowF32 } from "../dist/kernels/reference/local.js";
import { tf, initTf } from "../dist/tf.js";
import { knob, machine, median, size, smoke, writeResult } from "./lib.js";

const N = size(8000, 400);
const RUNS = knob("KH_BENCH_RUNS", 5, 1);
const TWIN_RUNS = knob("KH_BENCH_TWIN_RUNS", 1, 1);
const machineBefore = machine();
const cfg = KhSection.parse({ hidden: size(2000, 200), batch: 100, p: 3, k: 7, delta: 0.4, R: 1, lr: 0.04, epochs: 1 });
const { hidden: H, batch: B, p, k, delta, R } = cfg;
const eps = linearDecay(cfg.lr, 0, 1);
const gc = globalThis.gc ?? (() => {});

// ---- data: the real MNIST digits of the `mnist` package when the loader is built, else synthetic
let images;
let D = 784;
let dataSource;
try {
  const split = await loadSplit(DataConfig.parse({ source: "mnist", train: N, test: 100 }));
  if (split.train.n < N) throw new Error(`only ${split.train.n} images`);
  images = split.train.images.subarray(0, N * split.train.dim);
  D = split.train.dim;
  dataSource = `${split.train.source} (${N} training digits)`;
} catch (e) {
  // MNIST-like: ~19% of pixels on, values in (0, 1].
  const rng = new Rng(99);
  images = new Float32Array(N * D);
  for (let i = 0; i < images.length; i++) images[i] = rng.uniform() < 0.19 ? 0.2 + 0.8 * rng.uniform() : 0;
  dataSource = `synthetic uniform images, 19% pixels on (MNIST loader unavailable: ${e instanceof Error ? e.message : e})`;
}
const batches = Math.ceil(N / B);
const matmulFlops = batches * 2 * H * D * B;
console.log(`data: ${dataSource}; H=${H} D=${D} B=${B} p=${p} k=${k}; ${RUNS} runs (twin ${TWIN_RUNS})`);

/**
 * @param {string} label
 * @param {number} runs
 * @param {(r: number) => void} fn
 */
function timeRuns(label, runs, fn) {
  const ts = [];
  for (let r = 0; r < runs; r++) {
    gc();
    const t0 = performance.now();
    fn(r);
    ts.push((performance.now() - t0) / 1000);
    console.log(`  ${label} run ${r + 1}: ${ts[r].toFixed(3)} s`);
  }
  return { cold: ts[0], median: median(ts.length > 1 ? ts.slice(1) : ts), all: ts };
}

// ---- 1. WASM (SIMD build): the learner's own epoch, after one warm-up epoch
const w = await init({ build: "simd" });
const learner = KrotovHopfield.create(w, cfg, D, new Rng(1));
const wasmSimd = timeRuns("wasm-simd epoch", RUNS + 1, (r) => learner.train(images, N, { rng: new Rng(100 + r) }));

// The GEMM alone (the epoch's 80 currents), on the learner's W̃ and real batches.
const a = w.arena;
const mark = a.mark();
const pWt = a.putF32(learner.synapses());
const pXt = a.allocF32(N * D);
const pCur = a.allocF32(H * B);
for (let b = 0; b < batches; b++) {
  const px = a.putF32(images.subarray(b * B * D, (b + 1) * B * D));
  w.exports.transpose_f32(pXt + b * B * D * 4, px, B, D);
}
const gemmOnly = timeRuns(`wasm-simd gemm only (${batches}×)`, RUNS + 1, () => {
  for (let b = 0; b < batches; b++) w.exports.gemm_f32(pCur, pWt, pXt + b * B * D * 4, 0, H, B, D);
});
a.release(mark);
learner.dispose();

// ---- 1b. the scalar build, for reference
const ws = await init({ build: "scalar" });
const ls = KrotovHopfield.create(ws, cfg, D, new Rng(1));
const wasmScalar = timeRuns("wasm-scalar epoch", 2, (r) => ls.train(images, N, { rng: new Rng(100 + r) }));
ls.dispose();

// ---- 2. the plain-TS twins composed into the same sparse step
/** @param {InstanceType<typeof Rng>} rng */
function twinEpoch(rng) {
  const W = rng.fillNormal(new Float32Array(H * D));
  const Wt = new Float32Array(H * D);
  synapsePowF32(Wt, W, H * D, p);
  const x = new Float32Array(B * D);
  const xt = new Float32Array(B * D);
  const cur = new Float32Array(H * B);
  const units = new Int32Array(2 * B);
  const gains = new Float32Array([1, -delta]);
  const rows = new Int32Array(2 * B);
  const slot = new Int32Array(H).fill(-1);
  const order = rng.permutation(N);
  for (let b = 0; b < batches; b++) {
    const nb = Math.min(B, N - b * B);
    for (let i = 0; i < nb; i++) x.set(images.subarray(order[b * B + i] * D, (order[b * B + i] + 1) * D), i * D);
    transposeF32(xt, x, nb, D);
    gemmF32(cur, Wt, xt, 0, H, nb, D);
    selectTop1KthF32(units, cur, H, nb, k);
    khUpdateF32(W, Wt, cur, x, units, gains, H, D, nb, 2, p, R ** p, eps, null, null, null, rows, slot);
  }
}
const tsTwin = timeRuns("ts-twin epoch", TWIN_RUNS, (r) => twinEpoch(new Rng(200 + r)));

// ---- 3. tfjs-wasm: the dense step, and the matmuls alone
await initTf();
const Xt = Array.from({ length: batches }, (_, b) => tf.tensor2d(images.subarray(b * B * D, (b + 1) * B * D), [B, D]).transpose());
const X = Array.from({ length: batches }, (_, b) => tf.tensor2d(images.subarray(b * B * D, (b + 1) * B * D), [B, D]));
let W = tf.randomNormal([H, D], 0, 1, "float32", 1);

function tfjsDenseEpoch() {
  for (let b = 0; b < batches; b++) {
    const next = tf.tidy(() => {
      const Wt = tf.mul(tf.sign(W), tf.pow(tf.abs(W), p - 1));
      const I = tf.matMul(Wt, Xt[b]); // [H, B]
      const { indices } = tf.topk(tf.transpose(I), k); // [B, k], sorted descending
      const top = indices.slice([0, 0], [B, 1]).reshape([B]);
      const kth = indices.slice([0, k - 1], [B, 1]).reshape([B]);
      const yl = tf.sub(tf.oneHot(top, H), tf.mul(tf.oneHot(kth, H), delta)).toFloat(); // [B, H]
      const xx = tf.sum(tf.mul(tf.transpose(yl), I), 1, true); // [H, 1]
      const ds = tf.sub(tf.mul(tf.matMul(yl, X[b], true, false), R ** p), tf.mul(xx, W));
      const nc = tf.maximum(tf.max(tf.abs(ds)), 1e-30);
      return tf.add(W, tf.div(tf.mul(ds, eps), nc));
    });
    W.dispose();
    W = next;
  }
  W.dataSync();
}
const tfjsDense = timeRuns("tfjs-wasm dense epoch", size(Math.max(3, Math.ceil(RUNS / 2)) + 1, 1), tfjsDenseEpoch);

const WtT = tf.mul(tf.sign(W), tf.pow(tf.abs(W), p - 1));
const XtC = Xt.map((t) => t.clone()); // materialized [D, B] tensors: no transpose inside the timed matMul
const tfjsMatmul = timeRuns(`tfjs-wasm matMul only (${batches}×)`, RUNS + 1, () => {
  for (let b = 0; b < batches; b++) tf.matMul(WtT, XtC[b]).dispose();
});
const tfjsBackend = tf.getBackend();
[...Xt, ...X, ...XtC, W, WtT].forEach((t) => t.dispose());

// ---- report
const gflops = (s) => matmulFlops / s / 1e9;
const res = {
  machineAtStart: machineBefore,
  node: process.version,
  tfjsBackend,
  data: dataSource,
  config: { images: N, hidden: H, inputDim: D, batch: B, p, k, delta, R, lr: eps },
  runs: { wasm: RUNS, tsTwin: TWIN_RUNS },
  wasmSimdSeconds: wasmSimd.median,
  wasmSimdColdSeconds: wasmSimd.cold,
  wasmScalarSeconds: wasmScalar.median,
  tsTwinSeconds: tsTwin.median,
  tfjsDenseSeconds: tfjsDense.median,
  tfjsMatmulOnlySeconds: tfjsMatmul.median,
  wasmGemmOnlySeconds: gemmOnly.median,
  matmulGflop: matmulFlops / 1e9,
  gflops: {
    wasmGemmOnly: gflops(gemmOnly.median),
    tfjsMatmulOnly: gflops(tfjsMatmul.median),
    wasmSimdEpochEffective: gflops(wasmSimd.median),
  },
  ratios: {
    wasmSimdOverTfjsMatmulOnly: wasmSimd.median / tfjsMatmul.median,
    tsTwinOverWasmSimd: tsTwin.median / wasmSimd.median,
    tfjsDenseOverWasmSimd: tfjsDense.median / wasmSimd.median,
    wasmScalarOverWasmSimd: wasmScalar.median / wasmSimd.median,
    wasmGemmShareOfEpoch: gemmOnly.median / wasmSimd.median,
  },
  targets: { wasmSimdOverTfjsMatmulOnlyAtMost: 1.2, tsTwinOverWasmSimdAtLeast: 10 },
  allRunsSeconds: {
    wasmSimd: wasmSimd.all,
    wasmGemmOnly: gemmOnly.all,
    wasmScalar: wasmScalar.all,
    tsTwin: tsTwin.all,
    tfjsDense: tfjsDense.all,
    tfjsMatmulOnly: tfjsMatmul.all,
  },
};
const targetsMet = res.ratios.wasmSimdOverTfjsMatmulOnly <= 1.2 && res.ratios.tsTwinOverWasmSimd >= 10;

const f = (s) => `${s.toFixed(3)} s`;
console.log(`
wasm-simd epoch      ${f(res.wasmSimdSeconds)} (cold ${f(res.wasmSimdColdSeconds)}); its GEMM alone ${f(res.wasmGemmOnlySeconds)} = ${res.gflops.wasmGemmOnly.toFixed(1)} GFLOP/s
wasm-scalar epoch    ${f(res.wasmScalarSeconds)}
ts-twin epoch        ${f(res.tsTwinSeconds)}
tfjs-wasm dense      ${f(res.tfjsDenseSeconds)}
tfjs-wasm matMul     ${f(res.tfjsMatmulOnlySeconds)} = ${res.gflops.tfjsMatmulOnly.toFixed(1)} GFLOP/s
wasm-simd / tfjs matMul only  ${res.ratios.wasmSimdOverTfjsMatmulOnly.toFixed(2)} (target ≤ 1.2)
ts-twin / wasm-simd           ${res.ratios.tsTwinOverWasmSimd.toFixed(1)} (target ≥ 10)
tfjs dense / wasm-simd        ${res.ratios.tfjsDenseOverWasmSimd.toFixed(1)}
targets met: ${targetsMet}${smoke ? " (smoke run: the sizes are too small to mean anything)" : ""}`);
writeResult("kh-epoch", { ...res, targetsMet });

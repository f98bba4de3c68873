// Kernel threads: the KH currents GEMM and one KH epoch on 1 and 2 threads of the
// worker pool (one shared WASM memory), and the relaxed-SIMD (FMA) GEMM against
// the plain one.
//   gemm      C [2000, 100] = W̃ [2000, 784] · Xᵀ [784, 100] (one mini-batch's currents), split by rows
//   khEpoch   one unsupervised epoch, 8,000 MNIST digits, 2,000 hidden, batch 100 (p = 3, k = 7, Δ = 0.4),
//             as timed by train() itself (the whole call, with the copy of the images, is recorded too)
//   twoProc   the same GEMM single-threaded in two processes at once: what two busy cores of this
//             machine give without any sharing (a VM's second vCPU may add much less than a core)
//   relaxed   the same GEMM on the `relaxed` build, in a child `node --experimental-wasm-relaxed-simd`
//             (Node 20 has relaxed SIMD only behind that flag, and workers cannot turn it on)
// 1- and 2-thread runs alternate so that load from other processes hits both alike;
// medians of the warm runs. Needs `npm run build`. Writes bench/results/threads.json
// (`--smoke`: a 200-unit GEMM and KH layer, 400 digits, one run of each).
import { spawn, spawnSync } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { createPool } from "../dist/wasm/pool.js";
import { Rng } from "../dist/rng.js";
import { KhSection } from "../dist/kinds/kh/config.js";
import { DataConfig } from "../dist/data/config.js";
import { KrotovHopfield } from "../dist/kinds/kh/learner.js";
import { loadSplit } from "../dist/data/load.js";
import { knob, median, size, smoke, writeResult } from "./lib.js";

const M = size(2000, 200); // hidden units: rows of W̃
const K = 784;
const N = 100; // batch
const FLOP = 2 * M * N * K;
/** Child processes get the mode and sizes of their parent. */
const childArgs = smoke ? ["--smoke"] : [];
// CPU seconds of this process (all its threads) since `u0`. CPU per wall second shows how much of
// the machine the run really got: Linux's autogroup gives each login session an equal share, so
// while other sessions keep cores busy a 2-thread run may get one core or less.
const cpuSeconds = (/** @type {NodeJS.CpuUsage} */ u0) => {
  const u = process.cpuUsage(u0);
  return (u.user + u.system) / 1e6;
};

/**
 * GEMM GFLOP/s on `pool`: median over `reps` timings of `inner` calls (after one warm-up timing).
 * @param {import("../dist/wasm/pool.js").KernelPool} pool
 */
function gemmGflops(pool, reps = size(15, 2), inner = size(10, 2)) {
  const a = pool.wasm.arena;
  const mark = a.mark();
  const rng = new Rng(1);
  const pa = a.putF32(rng.fillNormal(new Float32Array(M * K)));
  const pb = a.putF32(Float32Array.from({ length: K * N }, () => (rng.uniform() < 0.19 ? rng.uniform() : 0)));
  const pc = a.allocF32(M * N);
  const ts = [];
  let wall = 0;
  const cpu0 = process.cpuUsage();
  for (let r = 0; r <= reps; r++) {
    const t0 = performance.now();
    for (let i = 0; i < inner; i++) pool.gemm(pc, pa, pb, 0, M, N, K);
    const dt = performance.now() - t0;
    if (r > 0) ts.push(dt / inner / 1000);
    wall += dt;
  }
  const c = a.f32(pc, M * N).slice();
  a.release(mark);
  return { gflops: FLOP / median(ts) / 1e9, best: FLOP / Math.min(...ts) / 1e9, cpuPerWall: cpuSeconds(cpu0) / (wall / 1000), c };
}

// ---- child mode: one single-threaded GEMM loop, for the two-process ceiling (see 3. below)
const CHILD_CALLS = size(100, 10);
if (process.argv.includes("--gemm-child")) {
  const pool = await createPool({ threads: 1, build: "simd" });
  const a = pool.wasm.arena;
  const pa = a.putF32(new Rng(1).fillNormal(new Float32Array(M * K)));
  const pb = a.putF32(new Rng(2).fillNormal(new Float32Array(K * N)));
  const pc = a.allocF32(M * N);
  for (let i = 0; i < 10; i++) pool.gemm(pc, pa, pb, 0, M, N, K);
  process.stdout.write("ready\n");
  process.stdin.once("data", () => {
    const t0 = performance.now();
    for (let i = 0; i < CHILD_CALLS; i++) pool.gemm(pc, pa, pb, 0, M, N, K);
    process.stdout.write(`${performance.now() - t0}\n`);
    process.exit(0);
  });
  await new Promise(() => {});
}

// ---- child mode: the relaxed (FMA) build, only meaningful under --experimental-wasm-relaxed-simd
if (process.argv.includes("--relaxed-child")) {
  /** @type {Record<number, { plain: number, relaxed: number, maxRelDiff: number }>} */
  const out = {};
  for (const T of [1, 2]) {
    const plain = await createPool({ threads: T, build: "simd" });
    const fma = await createPool({ threads: T, build: "relaxed" });
    const p = gemmGflops(plain);
    const f = gemmGflops(fma);
    let maxRel = 0;
    for (let i = 0; i < p.c.length; i++) maxRel = Math.max(maxRel, Math.abs(f.c[i] - p.c[i]) / Math.max(1, Math.abs(p.c[i])));
    out[T] = { plain: p.gflops, relaxed: f.gflops, maxRelDiff: maxRel };
    await plain.dispose();
    await fma.dispose();
  }
  process.stdout.write(JSON.stringify(out));
  process.exit(0);
}

const load0 = loadavg();
console.log(`cores ${availableParallelism()}, load average ${load0.map((x) => x.toFixed(1)).join(" ")}`);

// ---- 1. GEMM, 1 vs 2 threads, alternating
const pool1 = await createPool({ threads: 1, build: "simd" });
const pool2 = await createPool({ threads: 2, build: "simd" });
const g1 = [];
const g2 = [];
const g1best = [];
const g2best = [];
const share1 = [];
const share2 = [];
for (let round = 0; round < size(3, 1); round++) {
  const r1 = gemmGflops(pool1);
  const r2 = gemmGflops(pool2);
  g1.push(r1.gflops);
  g2.push(r2.gflops);
  g1best.push(r1.best);
  g2best.push(r2.best);
  share1.push(r1.cpuPerWall);
  share2.push(r2.cpuPerWall);
  console.log(`  gemm round ${round + 1}: 1 thread ${r1.gflops.toFixed(1)}, 2 threads ${r2.gflops.toFixed(1)} GFLOP/s`);
}

// ---- 2. KH epoch, 1 vs 2 threads, alternating
const NIMG = size(8000, 400);
const split = await loadSplit(DataConfig.parse({ source: "mnist", train: NIMG, test: 100 }));
const images = split.train.images;
const D = split.train.dim;
const cfg = KhSection.parse({ hidden: M, batch: N, p: 3, k: 7, delta: 0.4, R: 1, lr: 0.04, epochs: 1 });
const learners = {
  1: KrotovHopfield.create(pool1.wasm, cfg, D, new Rng(1), { pool: pool1 }),
  2: KrotovHopfield.create(pool2.wasm, cfg, D, new Rng(1), { pool: pool2 }),
};
const RUNS = knob("THREADS_BENCH_RUNS", 7, 1);
// The epoch is what train() itself times (its epochSeconds: shuffle to last step); the whole call adds
// the once-per-call copy and check of the 8,000 images, which a run of many epochs pays once.
const e1 = [];
const e2 = [];
const call1 = [];
const call2 = [];
const eshare1 = [];
const eshare2 = [];
// Before each pair of epochs a short GEMM probe on 1 and 2 threads tells what the machine gives two
// threads at that moment: an epoch cannot scale better than its GEMM does in the same round.
const rounds = [];
for (let r = 0; r <= RUNS; r++) {
  const probe = { 1: gemmGflops(pool1, size(3, 1)).gflops, 2: gemmGflops(pool2, size(3, 1)).gflops };
  const round = { gemmSpeedup: probe[2] / probe[1], epoch1: NaN, epoch2: NaN, epochSpeedup: NaN };
  for (const T of [1, 2]) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const { epochSeconds } = learners[T].train(images, NIMG, { rng: new Rng(100 + r) });
    const s = (performance.now() - t0) / 1000;
    round[T === 1 ? "epoch1" : "epoch2"] = epochSeconds[0];
    if (r > 0) (T === 1 ? e1 : e2).push(epochSeconds[0]);
    if (r > 0) (T === 1 ? call1 : call2).push(s);
    if (r > 0) (T === 1 ? eshare1 : eshare2).push(cpuSeconds(cpu0) / s);
    console.log(`  kh epoch run ${r}${r === 0 ? " (warm-up)" : ""}, ${T} thread${T > 1 ? "s" : ""}: ${epochSeconds[0].toFixed(3)} s (whole call ${s.toFixed(3)} s)`);
  }
  round.epochSpeedup = round.epoch1 / round.epoch2;
  console.log(`  round ${r}: gemm ×${round.gemmSpeedup.toFixed(2)}, epoch ×${round.epochSpeedup.toFixed(2)}`);
  if (r > 0) rounds.push(round);
}
// Same seed, same data: the two learners must hold the same weights after the same epochs.
const w1 = learners[1].weights();
const w2 = learners[2].weights();
const sameWeights = Buffer.from(w1.buffer).equals(Buffer.from(w2.buffer));
learners[1].dispose();
learners[2].dispose();
await pool1.dispose();
await pool2.dispose();

// ---- 3. what this machine gives two busy cores: the same GEMM in two separate processes at once
// (100 calls each, started together). A VM's second vCPU may add much less than a core.
async function twoProcessGflops() {
  const kids = [0, 1].map(() => spawn(process.execPath, [fileURLToPath(import.meta.url), "--gemm-child", ...childArgs]));
  const lines = kids.map((k) => {
    let buf = "";
    /** @type {((line: string) => void)[]} */
    const waiters = [];
    k.stdout.on("data", (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        waiters.shift()?.(line);
      }
    });
    return () => /** @type {Promise<string>} */ (new Promise((r) => waiters.push(r)));
  });
  const next = lines.map((f) => f());
  await Promise.all(next);
  const done = lines.map((f) => f());
  const t0 = performance.now();
  kids.forEach((k) => k.stdin.write("go\n"));
  await Promise.all(done);
  return (2 * CHILD_CALLS * FLOP) / ((performance.now() - t0) / 1000) / 1e9;
}
const twoProc = [];
for (let r = 0; r < size(3, 1); r++) twoProc.push(await twoProcessGflops());
console.log(`  two processes, one GEMM thread each: ${twoProc.map((x) => x.toFixed(1)).join(", ")} GFLOP/s in all`);

// ---- 4. relaxed SIMD (FMA) GEMM in a child with the flag
let relaxed = null;
const child = spawnSync(process.execPath, ["--experimental-wasm-relaxed-simd", fileURLToPath(import.meta.url), "--relaxed-child", ...childArgs], {
  encoding: "utf8",
});
if (child.status === 0) relaxed = JSON.parse(child.stdout);
else console.log(`relaxed child failed: ${child.stderr.slice(0, 500)}`);

const res = {
  node: process.version,
  cores: availableParallelism(),
  loadAverageBefore: load0,
  loadAverageAfter: loadavg(),
  data: `${split.train.source} (${NIMG} training digits)`,
  gemmShape: { M, K, N },
  gemmGflops1: median(g1),
  gemmGflops2: median(g2),
  gemmSpeedup: median(g2) / median(g1),
  // The machine's own ceiling for two busy cores (two processes, no sharing): compare gemmGflops2 with it.
  twoProcessGemmGflops: median(twoProc),
  khEpochSeconds1: median(e1),
  khEpochSeconds2: median(e2),
  khEpochSpeedup: median(e1) / median(e2),
  // The whole train() call of one epoch, with the copy and check of the images.
  khTrainCallSeconds1: median(call1),
  khTrainCallSeconds2: median(call2),
  // Secondary figures for a shared, noisy machine: each round's 1- and 2-thread epochs ran back to back,
  // after a GEMM probe of the same moment; the last figure keeps the rounds whose GEMM scaled ≥ 1.85.
  khEpochSpeedupPairedMedian: median(rounds.map((x) => x.epochSpeedup)),
  khEpochRounds: rounds,
  khEpochSpeedupWhenGemmScaled: (() => {
    const ok = rounds.filter((x) => x.gemmSpeedup >= 1.85);
    return { rounds: ok.length, of: rounds.length, medianEpochSpeedup: ok.length ? median(ok.map((x) => x.epochSpeedup)) : null };
  })(),
  bestOfRuns: {
    gemmGflops1: Math.max(...g1best),
    gemmGflops2: Math.max(...g2best),
    khEpochSeconds1: Math.min(...e1),
    khEpochSeconds2: Math.min(...e2),
  },
  sameWeights1vs2: sameWeights,
  // CPU seconds per wall second (medians): ≈ 1 and ≈ 2 when the machine was free for this run.
  cpuPerWall: { gemm1: median(share1), gemm2: median(share2), khEpoch1: median(eshare1), khEpoch2: median(eshare2) },
  relaxed: relaxed && {
    gemmGflops1Plain: relaxed[1].plain,
    gemmGflops1Fma: relaxed[1].relaxed,
    gemmGflops2Plain: relaxed[2].plain,
    gemmGflops2Fma: relaxed[2].relaxed,
    maxRelDiffFmaVsPlain: Math.max(relaxed[1].maxRelDiff, relaxed[2].maxRelDiff),
  },
  targets: { gemmGflops1AtLeast: 30, gemmGflops2AtLeast: 55, khEpochSpeedupAtLeast: 1.8 },
  allRuns: { gemmGflops1: g1, gemmGflops2: g2, khEpochSeconds1: e1, khEpochSeconds2: e2, khTrainCallSeconds1: call1, khTrainCallSeconds2: call2, twoProcessGemmGflops: twoProc },
};
const targetsMet = { gemm1: res.gemmGflops1 >= 30, gemm2: res.gemmGflops2 >= 55, khEpoch: res.khEpochSpeedup >= 1.8 };

console.log(`
GEMM ${M}×${K}×${N}: 1 thread ${res.gemmGflops1.toFixed(1)} GFLOP/s (target ≥ 30), 2 threads ${res.gemmGflops2.toFixed(1)} (target ≥ 55), ×${res.gemmSpeedup.toFixed(2)}; two separate processes ${res.twoProcessGemmGflops.toFixed(1)} in all
KH epoch: 1 thread ${res.khEpochSeconds1.toFixed(3)} s, 2 threads ${res.khEpochSeconds2.toFixed(3)} s, ×${res.khEpochSpeedup.toFixed(2)} (target ≥ 1.8); same weights: ${sameWeights}
  rounds whose GEMM probe scaled ≥ 1.85: ${res.khEpochSpeedupWhenGemmScaled.rounds} of ${res.khEpochSpeedupWhenGemmScaled.of}${res.khEpochSpeedupWhenGemmScaled.medianEpochSpeedup === null ? "" : `, epoch ×${res.khEpochSpeedupWhenGemmScaled.medianEpochSpeedup.toFixed(2)} in them (median)`}
${res.relaxed ? `FMA GEMM: 1 thread ${res.relaxed.gemmGflops1Fma.toFixed(1)} vs plain ${res.relaxed.gemmGflops1Plain.toFixed(1)}; 2 threads ${res.relaxed.gemmGflops2Fma.toFixed(1)} vs ${res.relaxed.gemmGflops2Plain.toFixed(1)} GFLOP/s; max rel diff ${res.relaxed.maxRelDiffFmaVsPlain.toExponential(2)}` : "FMA GEMM: not measured"}
CPU per wall second: gemm ${res.cpuPerWall.gemm1.toFixed(2)} / ${res.cpuPerWall.gemm2.toFixed(2)}, epoch ${res.cpuPerWall.khEpoch1.toFixed(2)} / ${res.cpuPerWall.khEpoch2.toFixed(2)} (1 / 2 threads)
load average after: ${res.loadAverageAfter.map((x) => x.toFixed(1)).join(" ")}`);

writeResult("threads", { ...res, targetsMet });

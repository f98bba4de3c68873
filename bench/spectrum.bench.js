// Power-law spectrum pipeline (issue 3), timed on this machine:
//   total        analyzeSpectrum on a 10,000 × 2,000 f32 representation with an
//                n^−1 covariance spectrum: covariance + all eigenvalues + both fits
//                (target ≤ 3 s), split into its parts;
//   eigensolver  hebblab's symmetricEigen (values only, and with vectors) against
//                ml-matrix's EigenvalueDecomposition (always computes vectors) at
//                n = 500, 1,000, 2,000 on a symmetric matrix with an n^−2 spectrum
//                (target: ≥ 20× at 2,000);
//   covariance   covarianceAt on the same 10,000 × 2,000 matrix on 1 thread (simd
//                build) and on a pool of 2 (stripes split by tile count), runs
//                alternated, medians (issue 6); the two results must be the same bytes.
// Medians of several warm runs; the first run is reported as cold. Needs
// `npm run build` first. Writes bench/results/spectrum.json.
// SPECTRUM_BENCH_RUNS (default 3) sets the warm runs; SPECTRUM_BENCH_ML2000=0
// extrapolates ml-matrix at 2,000 from 1,000 by n³ instead of timing it (~1–2 min).
// `--smoke`: 1,000 × 200, eigensolvers at n = 50 and 100, one warm run.
import { cpus, loadavg } from "node:os";
import { Matrix, EigenvalueDecomposition } from "ml-matrix";
import { init } from "../dist/wasm/init.js";
import { Rng } from "../dist/rng.js";
import { analyzeSpectrum } from "../dist/analysis/spectrum.js";
import { symmetricEigen } from "../dist/kernels/eigen.js";
import { covarianceAt } from "../dist/kernels/covariance.js";
import { createPool } from "../dist/wasm/pool.js";
import { versions } from "../dist/runner/versions.js";
import { knob, machine, median, size, smoke, writeResult } from "./lib.js";

const RUNS = knob("SPECTRUM_BENCH_RUNS", 3, 1);
const TIME_ML_2000 = process.env.SPECTRUM_BENCH_ML2000 !== "0";
/** The eigensolver sizes; the last one is compared with ml-matrix (the target is set at 2,000). */
const EIG_N = size([500, 1000, 2000], [50, 100]);
const EIG_LAST = EIG_N[EIG_N.length - 1];
const gc = globalThis.gc ?? (() => {});
const secs = (/** @type {number} */ t0) => (performance.now() - t0) / 1e3;
const r3 = (/** @type {number} */ x) => Math.round(x * 1000) / 1000;
const machineBefore = machine();

/** @typedef {InstanceType<typeof Rng>} RngT */

/**
 * @param {RngT} rng
 * @param {number} d
 */
function unit(rng, d) {
  const u = rng.fillNormal(new Float64Array(d));
  const s = Math.sqrt(u.reduce((a, v) => a + v * v, 0));
  return u.map((v) => v / s);
}
/**
 * @param {Float64Array} x
 * @param {Float64Array} u
 */
function reflect(x, u, off = 0) {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i] * x[off + i];
  s *= 2;
  for (let i = 0; i < u.length; i++) x[off + i] -= s * u[i];
}

/**
 * Gaussian [n, d] f32 rows with covariance eigenvalues k^−α along random directions.
 * @param {RngT} rng
 * @param {number} n
 * @param {number} d
 * @param {number} alpha
 */
function representation(rng, n, d, alpha) {
  const sd = Float64Array.from({ length: d }, (_, k) => (k + 1) ** (-alpha / 2));
  const u1 = unit(rng, d);
  const u2 = unit(rng, d);
  const x = new Float32Array(n * d);
  const row = new Float64Array(d);
  for (let s = 0; s < n; s++) {
    for (let j = 0; j < d; j++) row[j] = sd[j] * rng.normal();
    reflect(row, u1);
    reflect(row, u2);
    x.set(row, s * d);
  }
  return x;
}

/**
 * Dense symmetric [n, n] with eigenvalues k^−α: H₄…H₁·diag·H₁…H₄.
 * @param {RngT} rng
 * @param {number} n
 * @param {number} alpha
 */
function symmetricWithSpectrum(rng, n, alpha) {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = (i + 1) ** -alpha;
  const col = new Float64Array(n);
  for (let r = 0; r < 4; r++) {
    const u = unit(rng, n);
    for (let i = 0; i < n; i++) reflect(a, u, i * n);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) col[i] = a[i * n + j];
      reflect(col, u);
      for (let i = 0; i < n; i++) a[i * n + j] = col[i];
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[i * n + j] = a[j * n + i];
  return a;
}

const w = await init();
console.log(`backend ${w.build}, ${cpus()[0]?.model ?? "?"}, ${RUNS} warm runs`);

// ---- total: covariance + eigenvalues + fits on 10,000 × 2,000
const N = size(10000, 1000);
const D = size(2000, 200);
const x = representation(new Rng(1), N, D, 1);
const totals = [];
for (let r = 0; r <= RUNS; r++) {
  gc();
  const t0 = performance.now();
  const res = analyzeSpectrum(w, x, N, D);
  const total = secs(t0);
  totals.push({ total, ...res.seconds, alphaWeighted: res.alphaWeighted, alphaUnweighted: res.alphaUnweighted });
  console.log(
    `${r === 0 ? "cold" : "warm"} total ${total.toFixed(2)} s (covariance ${res.seconds.covariance.toFixed(2)}, eigenvalues ${res.seconds.eigen.toFixed(2)}, fit ${res.seconds.fit.toFixed(3)}); α weighted ${res.alphaWeighted.toFixed(3)}, unweighted ${res.alphaUnweighted.toFixed(3)}`,
  );
}
const warm = totals.slice(1);
const part = (/** @type {"covariance" | "eigen" | "fit"} */ k) => r3(median(warm.map((t) => t[k])));

// ---- covariance on 1 and 2 threads (issue 6), alternated so drifts in the machine's load hit both
const covLoadBefore = loadavg();
const pool2 = await createPool({ threads: 2, build: "simd" });
/**
 * @param {import("../dist/wasm/init.js").Wasm} wk
 * @param {import("../dist/wasm/pool.js").KernelPool | undefined} pool
 */
const covOn = (wk, pool) => {
  const xp = wk.arena.putF32(x);
  const mean = wk.arena.allocF64(D);
  const out = wk.arena.allocF64(D * D);
  return {
    run() {
      gc();
      const t0 = performance.now();
      covarianceAt(wk, xp, N, D, mean, out, { pool });
      return secs(t0);
    },
    bytes: () => new Uint8Array(wk.memory.buffer, out, 8 * D * D),
  };
};
const cov1 = covOn(w, undefined);
const cov2 = covOn(pool2.wasm, pool2);
/** @type {{ 1: number[], 2: number[] }} */
const covRuns = { 1: [], 2: [] };
for (let r = 0; r <= RUNS; r++) {
  /** @type {[1 | 2, typeof cov1][]} */
  const order = r % 2 ? [[2, cov2], [1, cov1]] : [[1, cov1], [2, cov2]];
  for (const [T, c] of order) covRuns[T].push(c.run());
  console.log(`covariance ${N} × ${D}: 1 thread ${covRuns[1][r].toFixed(3)} s, 2 threads ${covRuns[2][r].toFixed(3)} s${r === 0 ? " (cold)" : ""}`);
}
const covIdentical = Buffer.compare(cov1.bytes(), cov2.bytes()) === 0;
await pool2.dispose();
const covLoadAfter = loadavg();
const covarianceSeconds1 = r3(median(covRuns[1].slice(1)));
const covarianceSeconds2 = r3(median(covRuns[2].slice(1)));
const covarianceSpeedup = Math.round((covarianceSeconds1 / covarianceSeconds2) * 100) / 100;
console.log(
  `covariance medians: 1 thread ${covarianceSeconds1} s, 2 threads ${covarianceSeconds2} s, ×${covarianceSpeedup}; identical bytes: ${covIdentical}; load average ${covLoadBefore.map((v) => v.toFixed(2)).join(" ")} → ${covLoadAfter.map((v) => v.toFixed(2)).join(" ")}`,
);
if (!covIdentical) throw new Error("covariance on 2 threads differs from 1 thread");

// ---- eigensolver against ml-matrix
/** @type {Record<number, { hebblabValuesSeconds: number, hebblabValuesColdSeconds: number, hebblabVectorsSeconds: number, mlMatrixSeconds: number, mlMatrixExtrapolated: boolean, speedupValues: number, speedupVectors: number }>} */
const eig = {};
for (const [ni, n] of EIG_N.entries()) {
  const a = symmetricWithSpectrum(new Rng(n), n, 2);
  const values = [];
  const vectors = [];
  for (let r = 0; r <= RUNS; r++) {
    gc();
    let t0 = performance.now();
    symmetricEigen(w, a, n);
    values.push(secs(t0));
    if (r < 2 || n < EIG_LAST) {
      gc();
      t0 = performance.now();
      symmetricEigen(w, a, n, { vectors: true });
      vectors.push(secs(t0));
    }
  }
  let ml = 0;
  let mlExtrapolated = false;
  if (n < EIG_LAST || TIME_ML_2000) {
    const m = new Matrix(Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, i * n + n))));
    gc();
    const t0 = performance.now();
    new EigenvalueDecomposition(m, { assumeSymmetric: true });
    ml = secs(t0);
  } else {
    const prev = EIG_N[ni - 1];
    ml = eig[prev].mlMatrixSeconds * (n / prev) ** 3;
    mlExtrapolated = true;
  }
  eig[n] = {
    hebblabValuesSeconds: r3(median(values.slice(1))),
    hebblabValuesColdSeconds: r3(values[0]),
    hebblabVectorsSeconds: r3(median(vectors.length > 1 ? vectors.slice(1) : vectors)),
    mlMatrixSeconds: r3(ml),
    mlMatrixExtrapolated: mlExtrapolated,
    speedupValues: 0,
    speedupVectors: 0,
  };
  // From the unrounded medians (a small n rounds to 0 s).
  eig[n].speedupValues = Math.round((ml / median(values.slice(1))) * 10) / 10;
  eig[n].speedupVectors = Math.round((ml / median(vectors.length > 1 ? vectors.slice(1) : vectors)) * 10) / 10;
  console.log(
    `n=${n}: hebblab values ${eig[n].hebblabValuesSeconds} s, values+vectors ${eig[n].hebblabVectorsSeconds} s; ml-matrix ${eig[n].mlMatrixSeconds} s${mlExtrapolated ? ` (extrapolated by n³ from n=${EIG_N[ni - 1]})` : ""}; speedup ${eig[n].speedupValues}× (values), ${eig[n].speedupVectors}× (with vectors)`,
  );
}

const out = {
  machineAtStart: machineBefore,
  totalSeconds: r3(median(warm.map((t) => t.total))),
  totalSecondsCold: r3(totals[0].total),
  target: { totalSeconds: 3, mlMatrixSpeedup2000: 20 },
  parts: { covarianceSeconds: part("covariance"), eigenvaluesSeconds: part("eigen"), fitSeconds: part("fit") },
  shape: { samples: N, units: D, spectrum: "k^-1 Gaussian" },
  alpha: { weighted: r3(warm[0].alphaWeighted), unweighted: r3(warm[0].alphaUnweighted), true: 1 },
  covarianceSeconds1,
  covarianceSeconds2,
  covarianceSpeedup,
  covarianceThreads: {
    runs1: covRuns[1].map(r3),
    runs2: covRuns[2].map(r3),
    identicalBytes: covIdentical,
    loadavgBefore: covLoadBefore.map((v) => Math.round(v * 100) / 100),
    loadavgAfter: covLoadAfter.map((v) => Math.round(v * 100) / 100),
  },
  // At n = 2,000 (the target's size); a smoke run's largest n is smaller.
  mlMatrixSpeedup2000: eig[EIG_LAST].speedupValues,
  mlMatrixSpeedup2000WithVectors: eig[EIG_LAST].speedupVectors,
  mlMatrix2000Extrapolated: eig[EIG_LAST].mlMatrixExtrapolated,
  eigensolverLargestN: EIG_LAST,
  eigensolver: eig,
  notes: [
    "mlMatrixSpeedup2000 = ml-matrix EigenvalueDecomposition seconds / hebblab symmetricEigen (values only) seconds at n = 2,000; ml-matrix always computes eigenvectors, so the with-vectors ratio is given too.",
    "Medians of warm runs in one process; 2 cores shared with other work, so timings are noisy.",
    "covarianceSeconds1/2: covarianceAt (column means + covariance, data already in WASM memory) on 1 thread (simd build) and a pool of 2 (threads build), runs alternated, medians of the warm runs (runs1/runs2[0] is cold); covarianceSpeedup = 1 thread / 2 threads; loadavg = os.loadavg() (1, 5, 15 min) around that part.",
  ],
  runs: totals.map((t) => ({ total: r3(t.total), covariance: r3(t.covariance), eigen: r3(t.eigen), fit: r3(t.fit) })),
  backend: w.build,
  cpu: cpus()[0]?.model,
  versions: versions(),
};
console.log(`totalSeconds ${out.totalSeconds} (target ≤ 3), ml-matrix / hebblab at n = ${EIG_LAST}: ${out.mlMatrixSpeedup2000} (target ≥ 20 at 2,000)${smoke ? " (smoke run: the sizes are too small to mean anything)" : ""}`);
writeResult("spectrum", out);

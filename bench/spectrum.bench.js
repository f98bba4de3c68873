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
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = (p) => new URL(`../dist/${p}`, import.meta.url).href;
const require = createRequire(import.meta.url);
const { Matrix, EigenvalueDecomposition } = require("ml-matrix");

const { init } = await import(dist("wasm/init.js"));
const { Rng } = await import(dist("rng.js"));
const { analyzeSpectrum } = await import(dist("analysis/spectrum.js"));
const { symmetricEigen } = await import(dist("kernels/eigen.js"));
const { covarianceAt } = await import(dist("kernels/covariance.js"));
const { createPool } = await import(dist("wasm/pool.js"));
const { versions } = await import(dist("runner/versions.js"));

const RUNS = Number(process.env.SPECTRUM_BENCH_RUNS ?? 3);
const TIME_ML_2000 = process.env.SPECTRUM_BENCH_ML2000 !== "0";
const gc = globalThis.gc ?? (() => {});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const secs = (t0) => (performance.now() - t0) / 1e3;
const r3 = (x) => Math.round(x * 1000) / 1000;

function unit(rng, d) {
  const u = rng.fillNormal(new Float64Array(d));
  const s = Math.sqrt(u.reduce((a, v) => a + v * v, 0));
  return u.map((v) => v / s);
}
function reflect(x, u, off = 0) {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i] * x[off + i];
  s *= 2;
  for (let i = 0; i < u.length; i++) x[off + i] -= s * u[i];
}

/** Gaussian [n, d] f32 rows with covariance eigenvalues k^−α along random directions. */
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

/** Dense symmetric [n, n] with eigenvalues k^−α: H₄…H₁·diag·H₁…H₄. */
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
const N = 10000;
const D = 2000;
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
const part = (k) => r3(median(warm.map((t) => t[k])));

// ---- covariance on 1 and 2 threads (issue 6), alternated so drifts in the machine's load hit both
const covLoadBefore = loadavg();
const pool2 = await createPool({ threads: 2, build: "simd" });
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
const covRuns = { 1: [], 2: [] };
for (let r = 0; r <= RUNS; r++) {
  for (const [T, c] of r % 2 ? [[2, cov2], [1, cov1]] : [[1, cov1], [2, cov2]]) covRuns[T].push(c.run());
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
const eig = {};
for (const n of [500, 1000, 2000]) {
  const a = symmetricWithSpectrum(new Rng(n), n, 2);
  const values = [];
  const vectors = [];
  for (let r = 0; r <= RUNS; r++) {
    gc();
    let t0 = performance.now();
    symmetricEigen(w, a, n);
    values.push(secs(t0));
    if (r < 2 || n < 2000) {
      gc();
      t0 = performance.now();
      symmetricEigen(w, a, n, { vectors: true });
      vectors.push(secs(t0));
    }
  }
  let ml = null;
  let mlExtrapolated = false;
  if (n < 2000 || TIME_ML_2000) {
    const m = new Matrix(Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, i * n + n))));
    gc();
    const t0 = performance.now();
    new EigenvalueDecomposition(m, { assumeSymmetric: true });
    ml = secs(t0);
  } else {
    ml = eig[1000].mlMatrixSeconds * 8;
    mlExtrapolated = true;
  }
  eig[n] = {
    hebblabValuesSeconds: r3(median(values.slice(1))),
    hebblabValuesColdSeconds: r3(values[0]),
    hebblabVectorsSeconds: r3(median(vectors.length > 1 ? vectors.slice(1) : vectors)),
    mlMatrixSeconds: r3(ml),
    mlMatrixExtrapolated: mlExtrapolated,
  };
  eig[n].speedupValues = Math.round((ml / eig[n].hebblabValuesSeconds) * 10) / 10;
  eig[n].speedupVectors = Math.round((ml / eig[n].hebblabVectorsSeconds) * 10) / 10;
  console.log(
    `n=${n}: hebblab values ${eig[n].hebblabValuesSeconds} s, values+vectors ${eig[n].hebblabVectorsSeconds} s; ml-matrix ${eig[n].mlMatrixSeconds} s${mlExtrapolated ? " (extrapolated ×8 from n=1,000)" : ""}; speedup ${eig[n].speedupValues}× (values), ${eig[n].speedupVectors}× (with vectors)`,
  );
}

const out = {
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
  mlMatrixSpeedup2000: eig[2000].speedupValues,
  mlMatrixSpeedup2000WithVectors: eig[2000].speedupVectors,
  mlMatrix2000Extrapolated: eig[2000].mlMatrixExtrapolated,
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
  date: new Date().toISOString(),
};
mkdirSync(join(here, "results"), { recursive: true });
writeFileSync(join(here, "results", "spectrum.json"), JSON.stringify(out, null, 2) + "\n");
console.log(`totalSeconds ${out.totalSeconds} (target ≤ 3), mlMatrixSpeedup2000 ${out.mlMatrixSpeedup2000} (target ≥ 20) → bench/results/spectrum.json`);

// Power-law spectrum pipeline (issue 3), timed on this machine:
//   total        analyzeSpectrum on a 10,000 × 2,000 f32 representation with an
//                n^−1 covariance spectrum: covariance + all eigenvalues + both fits
//                (target ≤ 3 s), split into its parts;
//   eigensolver  hebblab's symmetricEigen (values only, and with vectors) against
//                ml-matrix's EigenvalueDecomposition (always computes vectors) at
//                n = 500, 1,000, 2,000 on a symmetric matrix with an n^−2 spectrum
//                (target: ≥ 20× at 2,000).
// Medians of several warm runs; the first run is reported as cold. Needs
// `npm run build` first. Writes bench/results/spectrum.json.
// SPECTRUM_BENCH_RUNS (default 3) sets the warm runs; SPECTRUM_BENCH_ML2000=0
// extrapolates ml-matrix at 2,000 from 1,000 by n³ instead of timing it (~1–2 min).
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus } from "node:os";
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
console.log(`backend ${w.flavour}, ${cpus()[0]?.model ?? "?"}, ${RUNS} warm runs`);

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
  mlMatrixSpeedup2000: eig[2000].speedupValues,
  mlMatrixSpeedup2000WithVectors: eig[2000].speedupVectors,
  mlMatrix2000Extrapolated: eig[2000].mlMatrixExtrapolated,
  eigensolver: eig,
  notes: [
    "mlMatrixSpeedup2000 = ml-matrix EigenvalueDecomposition seconds / hebblab symmetricEigen (values only) seconds at n = 2,000; ml-matrix always computes eigenvectors, so the with-vectors ratio is given too.",
    "Medians of warm runs in one process; 2 cores shared with other work, so timings are noisy.",
  ],
  runs: totals.map((t) => ({ total: r3(t.total), covariance: r3(t.covariance), eigen: r3(t.eigen), fit: r3(t.fit) })),
  backend: w.flavour,
  cpu: cpus()[0]?.model,
  versions: versions(),
  date: new Date().toISOString(),
};
mkdirSync(join(here, "results"), { recursive: true });
writeFileSync(join(here, "results", "spectrum.json"), JSON.stringify(out, null, 2) + "\n");
console.log(`totalSeconds ${out.totalSeconds} (target ≤ 3), mlMatrixSpeedup2000 ${out.mlMatrixSpeedup2000} (target ≥ 20) → bench/results/spectrum.json`);

import { colMeanF32, covF32, crossCovF32 } from "../../../src/kernels/reference/covariance.js";
import type { Rng } from "../../../src/rng.js";
import type { Wasm } from "../../../src/wasm/init.js";
import { TOL } from "../../tolerances.js";
import { plant, type Fill, type TwinCase } from "./types.js";

/** Rows: n + 2 (a covariance needs two); kb = 8 so 17 or 66 rows span several f32 blocks. */
const KB = 8;

/** Normal data with an offset of 3 per column, so centring matters. */
function data(rng: Rng, rows: number, d: number, fill: Fill): Float32Array {
  const x = rng.fillNormal(new Float32Array(rows * d), 3, 1);
  plant(x, rng, fill);
  return x;
}

function workBytes(d: number): number {
  return 16 * KB * ((Math.ceil(d / 4) + 1) & ~1);
}

function runCov(w: Wasm, rng: Rng, fill: Fill, rows: number, d: number) {
  const x = data(rng, rows, d, fill);
  const px = w.arena.putF32(x);
  const mean = w.arena.allocF64(d);
  const out = w.arena.allocF64(d * d);
  const work = w.arena.alloc(workBytes(d));
  w.exports.col_mean_f32(px, rows, d, mean);
  w.exports.cov_f32(px, rows, d, mean, out, 1 / (rows - 1), work, KB);
  const twin = covF32(x, rows, d, colMeanF32(x, rows, d), 1 / (rows - 1));
  return { wasm: w.arena.f64(out, d * d).slice(), twin, tol: TOL.covF32 };
}

function runCross(w: Wasm, rng: Rng, fill: Fill, rows: number, d: number) {
  const x = data(rng, rows, d, fill);
  const y = data(rng, rows, d, "random");
  const px = w.arena.putF32(x);
  const py = w.arena.putF32(y);
  const mx = w.arena.allocF64(d);
  const my = w.arena.allocF64(d);
  const out = w.arena.allocF64(d * d);
  const work = w.arena.alloc(2 * workBytes(d));
  w.exports.col_mean_f32(px, rows, d, mx);
  w.exports.col_mean_f32(py, rows, d, my);
  w.exports.crosscov_f32(px, py, rows, d, mx, my, out, 1 / (rows - 1), work, KB);
  const twin = crossCovF32(x, y, rows, d, colMeanF32(x, rows, d), colMeanF32(y, rows, d), 1 / (rows - 1));
  return { wasm: w.arena.f64(out, d * d).slice(), twin, tol: TOL.covF32 };
}

export const covarianceCases: TwinCase[] = [
  {
    kernel: "col_mean_f32",
    label: "[n+1, n+3]",
    run(w, rng, n, fill) {
      const rows = n + 1;
      const d = n + 3;
      const x = data(rng, rows, d, fill);
      const px = w.arena.putF32(x);
      const mean = w.arena.allocF64(d);
      w.exports.col_mean_f32(px, rows, d, mean);
      return { wasm: w.arena.f64(mean, d).slice(), twin: colMeanF32(x, rows, d), tol: TOL.f64 };
    },
  },
  { kernel: "cov_f32", label: "[n+2, n]", run: (w, rng, n, fill) => runCov(w, rng, fill, n + 2, n) },
  { kernel: "cov_f32", label: "[3n+5, n+6]", run: (w, rng, n, fill) => runCov(w, rng, fill, 3 * n + 5, n + 6) },
  { kernel: "crosscov_f32", label: "[n+2, n+1]", run: (w, rng, n, fill) => runCross(w, rng, fill, n + 2, n + 1) },
];

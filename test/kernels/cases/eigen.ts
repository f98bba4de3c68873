import { householderApplyF64, quadformF64, tridiagF64, tridiagQlF64 } from "../../../src/kernels/reference/eigen.js";
import { TOL } from "../../tolerances.js";
import type { TwinCase } from "./types.js";
import { randomSymmetric } from "../../analysis/powerlaw.js";

// The eigen kernels run behind wrappers that reject NaN/±Inf (symmetricEigen,
// analyzeSpectrum; tested in test/analysis/eigen.test.ts), so their twin cases
// use random fills only.

/** Upper triangle (j ≥ i) of a row-major [n, n] matrix: the part tridiag_f64 defines. */
function upper(a: ArrayLike<number>, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) out.push(a[i * n + j]);
  return out;
}

function tridiagCase(nb: number): TwinCase {
  return {
    kernel: "tridiag_f64",
    label: `nb=${nb}`,
    fills: ["random"],
    run(w, rng, n) {
      const a = randomSymmetric(rng, n);
      const pa = w.arena.putF64(a);
      const d = w.arena.allocF64(n);
      const e = w.arena.allocF64(n);
      const tau = w.arena.allocF64(n);
      const work = w.arena.allocF64(nb * n + 2 * nb);
      w.exports.tridiag_f64(pa, n, d, e, tau, work, nb);
      const t = tridiagF64(a, n);
      const wasm = [...w.arena.f64(d, n), ...w.arena.f64(e, n), ...w.arena.f64(tau, n), ...upper(w.arena.f64(pa, n * n), n)];
      const twin = [...t.d, ...t.e, ...t.tau, ...upper(t.a, n)];
      return { wasm, twin, tol: TOL.eigenF64 };
    },
  };
}

function qlCase(vectors: boolean, batch: number): TwinCase {
  return {
    kernel: "tridiag_ql_f64",
    label: vectors ? `with vectors, batch ${batch}` : "values only",
    fills: ["random"],
    run(w, rng, n) {
      const d = rng.fillNormal(new Float64Array(n));
      const e = rng.fillNormal(new Float64Array(n));
      const pd = w.arena.putF64(d);
      const pe = w.arena.putF64(e);
      const pz = w.arena.allocF64(n * n);
      const work = w.arena.allocF64(batch * (2 * n + 2));
      const sweeps = w.exports.tridiag_ql_f64(pd, pe, n, pz, vectors ? 1 : 0, work, batch);
      const t = tridiagQlF64(d, e, n, vectors);
      const wasm = [sweeps, ...w.arena.f64(pd, n), ...(vectors ? w.arena.f64(pz, n * n) : [])];
      const twin = [t.sweeps, ...t.values, ...(t.z ?? [])];
      return { wasm, twin, tol: TOL.eigenF64 };
    },
  };
}

export const eigenCases: TwinCase[] = [
  tridiagCase(4),
  tridiagCase(32),
  qlCase(false, 1),
  qlCase(true, 1),
  qlCase(true, 7),
  {
    kernel: "householder_apply_f64",
    label: "m = n + 3 rows",
    fills: ["random"],
    run(w, rng, n) {
      const t = tridiagF64(randomSymmetric(rng, n), n);
      const m = n + 3;
      const z = rng.fillNormal(new Float64Array(m * n));
      const pa = w.arena.putF64(t.a);
      const ptau = w.arena.putF64(t.tau);
      const pz = w.arena.putF64(z);
      w.exports.householder_apply_f64(pa, n, ptau, pz, m);
      return { wasm: w.arena.f64(pz, m * n).slice(), twin: householderApplyF64(t.a, n, t.tau, z, m), tol: TOL.eigenF64 };
    },
  },
  {
    kernel: "quadform_f64",
    label: "m = n + 2 rows",
    fills: ["random"],
    run(w, rng, n) {
      const s = rng.fillNormal(new Float64Array(n * n));
      const m = n + 2;
      const z = rng.fillNormal(new Float64Array(m * n));
      const ps = w.arena.putF64(s);
      const pz = w.arena.putF64(z);
      const out = w.arena.allocF64(m);
      w.exports.quadform_f64(ps, n, pz, m, out);
      return { wasm: w.arena.f64(out, m).slice(), twin: quadformF64(s, n, z, m), tol: TOL.eigenF64 };
    },
  },
];

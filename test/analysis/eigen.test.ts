import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { eigs } from "mathjs";
import { describe, expect, it } from "vitest";
import { symmetricEigen } from "../../src/kernels/eigen.js";
import { tridiagF64, tridiagQlF64 } from "../../src/kernels/reference/eigen.js";
import { Rng } from "../../src/rng.js";
import { init, type KernelBuild } from "../../src/wasm/init.js";
import { TOL } from "../tolerances.js";
import { powerLaw, randomSymmetric, withSpectrum } from "./powerlaw.js";

const toRows = (a: Float64Array, n: number) => Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, i * n + n)));
const desc = (v: Iterable<number>) => Float64Array.from(v).sort().reverse();

/** Largest |got − ref| / (|ref| + atol·max|ref|) over all eigenvalues. */
function relErr(got: ArrayLike<number>, ref: ArrayLike<number>, count = ref.length): number {
  let worst = 0;
  for (let i = 0; i < count; i++) worst = Math.max(worst, Math.abs(got[i] - ref[i]) / Math.abs(ref[i]));
  return worst;
}

for (const build of ["simd", "scalar"] as KernelBuild[]) {
  describe(`symmetricEigen on ${build}`, () => {
    it("agrees with ml-matrix EigenvalueDecomposition and mathjs eigs (small symmetric matrices)", async () => {
      const w = await init({ build });
      const rng = new Rng(31);
      for (const n of [1, 2, 3, 5, 8, 17, 40, 65]) {
        const a = randomSymmetric(rng, n);
        const got = symmetricEigen(w, a, n).values;
        const ml = desc(new EigenvalueDecomposition(new Matrix(toRows(a, n)), { assumeSymmetric: true }).realEigenvalues);
        const mj = desc((eigs(toRows(a, n)).values as number[]).map(Number));
        expect(relErr(got, ml), `n=${n} vs ml-matrix`).toBeLessThan(TOL.eigenvalues.rtol);
        expect(relErr(got, mj), `n=${n} vs mathjs`).toBeLessThan(TOL.eigenvalues.rtol);
      }
    });

    it("satisfies trace = Σλ, VᵀV = I and AV = VD", async () => {
      const w = await init({ build });
      const rng = new Rng(32);
      for (const n of [1, 4, 33, 97]) {
        const a = randomSymmetric(rng, n);
        const { values, vectors } = symmetricEigen(w, a, n, { vectors: true });
        const v = vectors!;
        let norm = 0;
        for (const x of a) norm = Math.max(norm, Math.abs(x));
        const tol = TOL.eigenInvariant.atol * n * norm;
        let trace = 0;
        for (let i = 0; i < n; i++) trace += a[i * n + i];
        expect(Math.abs(trace - values.reduce((s, x) => s + x, 0))).toBeLessThan(tol);
        for (let i = 1; i < n; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
        let orth = 0;
        let resid = 0;
        for (let p = 0; p < n; p++) {
          for (let q = 0; q < n; q++) {
            let s = 0;
            for (let k = 0; k < n; k++) s += v[k * n + p] * v[k * n + q];
            orth = Math.max(orth, Math.abs(s - (p === q ? 1 : 0)));
          }
          for (let i = 0; i < n; i++) {
            let s = 0;
            for (let k = 0; k < n; k++) s += a[i * n + k] * v[k * n + p];
            resid = Math.max(resid, Math.abs(s - values[p] * v[i * n + p]));
          }
        }
        expect(orth, `VᵀV − I, n=${n}`).toBeLessThan(TOL.eigenInvariant.atol * n);
        expect(resid, `AV − VD, n=${n}`).toBeLessThan(tol);
      }
    });

    it("recovers a known power-law spectrum (α = 2) and matches the f64 twin", async () => {
      const w = await init({ build });
      const n = 300;
      const lambda = powerLaw(n, 2);
      const a = withSpectrum(new Rng(33), lambda);
      const got = symmetricEigen(w, a, n).values;
      const t = tridiagF64(a, n);
      const twin = desc(tridiagQlF64(t.d, t.e, n, false).values);
      expect(relErr(got, lambda, 100)).toBeLessThan(TOL.eigenvalues.rtol);
      expect(relErr(got, twin, 100)).toBeLessThan(TOL.eigenvalues.rtol);
    });
  });
}

describe("symmetricEigen at n = 2,000", () => {
  it("top 500 eigenvalues of an α = 2 spectrum agree with the exact f64 spectrum to 1e-6 relative", async () => {
    const w = await init();
    const n = 2000;
    const lambda = powerLaw(n, 2);
    // Reference: the spectrum the matrix was built with (rounding of the construction ≈ 1e-15·‖A‖).
    const a = withSpectrum(new Rng(34), lambda, 4);
    const t0 = performance.now();
    const got = symmetricEigen(w, a, n).values;
    const seconds = (performance.now() - t0) / 1e3;
    expect(relErr(got, lambda, 500)).toBeLessThan(TOL.eigenvalues.rtol);
    expect(seconds).toBeLessThan(30);
  });
});

describe("symmetricEigen input checks", () => {
  it("rejects NaN/Inf, naming the position, and bad shapes", async () => {
    const w = await init();
    const a = randomSymmetric(new Rng(35), 4);
    a[1 * 4 + 2] = NaN;
    expect(() => symmetricEigen(w, a, 4)).toThrow(/non-finite value NaN at row 1, column 2/);
    a[1 * 4 + 2] = Infinity;
    expect(() => symmetricEigen(w, a, 4)).toThrow(/non-finite value Infinity/);
    expect(() => symmetricEigen(w, new Float64Array(5), 2)).toThrow(/expected 2×2/);
    expect(symmetricEigen(w, new Float64Array(0), 0).values.length).toBe(0);
  });
});

import { gatherRowsF32, gemmF32, gemmPackedF32, packBF32, packBtF32, transposeF32 } from "../../../src/kernels/reference/gemm.js";
import type { Rng } from "../../../src/rng.js";
import type { Wasm } from "../../../src/wasm/init.js";
import { TOL } from "../../tolerances.js";
import { plant, type Fill, type TwinCase } from "./types.js";

/**
 * Runs gemm_f32 and its twin on C [M, N] prefilled with 7 (rows outside [m0, m1)
 * must keep it), A [M, K] and B [K, N] normal, with a NaN/Inf planted in A and in B.
 */
function runGemm(w: Wasm, rng: Rng, fill: Fill, M: number, N: number, K: number, m0: number, m1: number) {
  const a = rng.fillNormal(new Float32Array(M * K));
  const b = rng.fillNormal(new Float32Array(K * N));
  plant(a, rng, fill);
  plant(b, rng, fill);
  const c = new Float32Array(M * N).fill(7);
  const pa = w.arena.putF32(a);
  const pb = w.arena.putF32(b);
  const pc = w.arena.putF32(c);
  w.exports.gemm_f32(pc, pa, pb, m0, m1, N, K);
  const got = w.arena.f32(pc, M * N).slice();
  gemmF32(c, a, b, m0, m1, N, K);
  return { wasm: got, twin: c, tol: TOL.f32Dot };
}

/**
 * Packs B [K, N] (or Bᵀ from bt [N, K]) with the kernel and the twin, panels [p0, p1) of a buffer
 * prefilled with 7 (panels outside the range must keep it).
 */
function runPack(w: Wasm, rng: Rng, fill: Fill, K: number, N: number, transposed: boolean, p0: number, p1: number) {
  const b = rng.fillNormal(new Float32Array(K * N));
  plant(b, rng, fill);
  const size = 8 * K * Math.ceil(N / 8);
  const po = w.arena.putF32(new Float32Array(size).fill(7));
  w.exports[transposed ? "pack_bt_f32" : "pack_b_f32"](po, w.arena.putF32(b), p0, p1, K, N);
  const twin = new Float32Array(size).fill(7);
  (transposed ? packBtF32 : packBF32)(twin, b, p0, p1, K, N);
  return { wasm: w.arena.f32(po, size).slice(), twin, tol: TOL.exact };
}

/**
 * Runs gemm_packed_f32 (B packed by pack_b_f32) and its twin as runGemm does, and checks it gives
 * gemm_f32's bits exactly (the dense engine relies on it: the packed layout changes no sum).
 */
function runGemmPacked(w: Wasm, rng: Rng, fill: Fill, M: number, N: number, K: number, m0: number, m1: number) {
  const a = rng.fillNormal(new Float32Array(M * K));
  const b = rng.fillNormal(new Float32Array(K * N));
  plant(a, rng, fill);
  plant(b, rng, fill);
  const c = new Float32Array(M * N).fill(7);
  const pa = w.arena.putF32(a);
  const pb = w.arena.putF32(b);
  const panels = Math.ceil(N / 8);
  const pp = w.arena.allocF32(8 * K * panels);
  w.exports.pack_b_f32(pp, pb, 0, panels, K, N);
  const pc = w.arena.putF32(c);
  w.exports.gemm_packed_f32(pc, pa, pp, m0, m1, N, K);
  const got = w.arena.f32(pc, M * N).slice();
  const pc2 = w.arena.putF32(c);
  w.exports.gemm_f32(pc2, pa, pb, m0, m1, N, K);
  const plain = w.arena.f32(pc2, M * N);
  for (let i = 0; i < got.length; i++) {
    if (!Object.is(got[i], plain[i])) throw new Error(`gemm_packed_f32 differs from gemm_f32 at ${i}: ${got[i]} vs ${plain[i]}`);
  }
  const bp = new Float32Array(8 * K * panels);
  packBF32(bp, b, 0, panels, K, N);
  gemmPackedF32(c, a, bp, m0, m1, N, K);
  return { wasm: got, twin: c, tol: TOL.f32Dot };
}

export const gemmCases: TwinCase[] = [
  // B as stored [K, N] and transposed [N, K]: every panel with a tail, and a middle range of panels.
  ...([false, true] as const).flatMap((t): TwinCase[] => [
    {
      kernel: t ? "pack_bt_f32" : "pack_b_f32",
      label: `${t ? "bt [2n+5, n+2]" : "K=n+2, N=2n+5 (a tail panel)"}, all panels`,
      run: (w, rng, n, fill) => runPack(w, rng, fill, n + 2, 2 * n + 5, t, 0, Math.ceil((2 * n + 5) / 8)),
    },
    {
      kernel: t ? "pack_bt_f32" : "pack_b_f32",
      label: "panels [1, last) of N=8n+3",
      run: (w, rng, n, fill) => runPack(w, rng, fill, n + 1, 8 * n + 3, t, 1, Math.ceil((8 * n + 3) / 8) - 1),
    },
  ]),
  {
    kernel: "gemm_packed_f32",
    label: "M=n, N=2n mod 13 + n, K=n+3; gemm_f32's bits",
    run: (w, rng, n, fill) => runGemmPacked(w, rng, fill, n, ((2 * n) % 13) + n, n + 3, 0, n),
  },
  {
    kernel: "gemm_packed_f32",
    label: "row range [2, M−3) of M=n+6, across a 64-row block; gemm_f32's bits",
    sizes: [1, 5, 17, 70],
    run: (w, rng, n, fill) => runGemmPacked(w, rng, fill, n + 6, n + 9, n + 1, 2, n + 3),
  },
  {
    kernel: "gemm_packed_f32",
    label: "K=0 zeroes the rows",
    fills: ["random"],
    run: (w, rng, n) => runGemmPacked(w, rng, "random", n + 2, n + 4, 0, 1, n + 2),
  },
  {
    kernel: "gemm_packed_f32",
    label: "PGD shape M=n, N=2000 (tail of 0), K=784; gemm_f32's bits",
    sizes: [5, 69],
    run: (w, rng, n, fill) => runGemmPacked(w, rng, fill, n, 2000, 784, 0, n),
  },
  {
    kernel: "gemm_f32",
    label: "M=n, N=2n mod 13 + n, K=n+3",
    run: (w, rng, n, fill) => runGemm(w, rng, fill, n, ((2 * n) % 13) + n, n + 3, 0, n),
  },
  {
    kernel: "gemm_f32",
    label: "row range [2, M−3) of M=n+6",
    run: (w, rng, n, fill) => runGemm(w, rng, fill, n + 6, n + 9, n + 1, 2, n + 3),
  },
  {
    kernel: "gemm_f32",
    label: "K=0 zeroes the rows",
    fills: ["random"],
    run: (w, rng, n) => runGemm(w, rng, "random", n + 2, n + 4, 0, 1, n + 2),
  },
  {
    kernel: "gemm_f32",
    label: "KH shape M=2n+1, N=100, K=784",
    sizes: [3, 64],
    run: (w, rng, n, fill) => runGemm(w, rng, fill, 2 * n + 1, 100, 784, 0, 2 * n + 1),
  },
  {
    kernel: "transpose_f32",
    label: "[n, n+11]",
    run(w, rng, n, fill) {
      const rows = n;
      const cols = n + 11;
      const x = rng.fillNormal(new Float32Array(rows * cols));
      plant(x, rng, fill);
      const px = w.arena.putF32(x);
      const po = w.arena.allocF32(rows * cols);
      w.exports.transpose_f32(po, px, rows, cols);
      const twin = new Float32Array(rows * cols);
      transposeF32(twin, x, rows, cols);
      return { wasm: w.arena.f32(po, rows * cols).slice(), twin, tol: TOL.exact };
    },
  },
  {
    kernel: "gather_rows_f32",
    label: "n rows of [2n+3, n+5], repeats allowed",
    run(w, rng, n, fill) {
      const rows = 2 * n + 3;
      const d = n + 5;
      const src = rng.fillNormal(new Float32Array(rows * d));
      plant(src, rng, fill);
      const idx = Int32Array.from({ length: n }, () => rng.int(rows));
      const po = w.arena.putF32(new Float32Array(n * d).fill(7));
      w.exports.gather_rows_f32(po, w.arena.putF32(src), w.arena.putI32(idx), n, d);
      const twin = new Float32Array(n * d).fill(7);
      gatherRowsF32(twin, src, idx, n, d);
      return { wasm: w.arena.f32(po, n * d).slice(), twin, tol: TOL.exact };
    },
  },
];

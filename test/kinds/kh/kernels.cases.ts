import { khApplyF32, khDeltaF32, khRowsI32, khUpdateF32, selectTop1KthF32 } from "../../../src/kinds/kh/twins.js";
import { synapsePowF32 } from "../../../src/kernels/reference/local.js";
import { selectScratchBytes } from "../../../src/kinds/kh/kernels.js";
import type { Rng } from "../../../src/rng.js";
import { TOL } from "../../tolerances.js";
import { plant, type Fill, type TwinCase } from "../../kernels/cases/types.js";

/** Currents [h, nb]: normal, or coarsely rounded so that ties are common; NaN/Inf planted, or many NaN/−Inf. */
function selectCase(label: string, k: number, hOf: (n: number) => number, make: (rng: Rng, len: number) => Float32Array, fills?: Fill[]): TwinCase {
  return {
    kernel: "select_top1_kth_f32",
    label,
    fills,
    run(w, rng, n, fill) {
      const nb = n;
      const h = hOf(n);
      const cur = make(rng, h * nb);
      for (let t = 0; t < 3; t++) plant(cur, rng, fill);
      const pc = w.arena.putF32(cur);
      const pu = w.arena.putI32(new Int32Array(2 * nb).fill(-5));
      const ps = w.arena.alloc(selectScratchBytes(nb, k));
      w.exports.select_top1_kth_f32(pu, pc, h, nb, k, ps);
      const twin = new Int32Array(2 * nb).fill(-5);
      selectTop1KthF32(twin, cur, h, nb, k);
      return { wasm: w.arena.i32(pu, 2 * nb).slice(), twin, tol: TOL.exact };
    },
  };
}

const normal = (rng: Rng, len: number) => rng.fillNormal(new Float32Array(len));
const coarse = (rng: Rng, len: number) => normal(rng, len).map((v) => Math.round(v * 1.5));
const mostlyNaN = (rng: Rng, len: number) =>
  normal(rng, len).map((v) => (v < 0.3 ? NaN : v < 0.8 ? -Infinity : v));

/** Sparse update on h = max(1, ⌊n/2⌋) units so that rows repeat within and across samples. */
const khUpdateCase: TwinCase = {
  kernel: "kh_update_f32",
  label: "p=3, R^p=1.5, s=2, repeated rows",
  run(w, rng, n, fill) {
    const nb = n;
    const h = Math.max(1, n >> 1);
    const d = n + 7;
    const s = 2;
    const [p, rp, eps] = [3, 1.5, 0.04];
    const W = rng.fillNormal(new Float32Array(h * d));
    const x = rng.fillUniform(new Float32Array(nb * d));
    const cur = rng.fillNormal(new Float32Array(h * nb), 0, 5);
    plant(x, rng, fill);
    plant(cur, rng, fill);
    plant(W, rng, fill);
    const Wt = new Float32Array(h * d);
    synapsePowF32(Wt, W, h * d, p);
    const units = new Int32Array(nb * s).map(() => rng.int(h));
    const gains = new Float32Array([1, -0.4]);
    const a = w.arena;
    const pw = a.putF32(W);
    const pwt = a.putF32(Wt);
    const pcur = a.putF32(cur);
    const px = a.putF32(x);
    const pu = a.putI32(units);
    const pg = a.putF32(gains);
    const pds = a.allocF32(nb * s * d);
    const pcoef = a.allocF32(nb * s);
    const prowmax = a.allocF32(nb * s);
    const prows = a.putI32(new Int32Array(nb * s).fill(-9));
    const pslot = a.putI32(new Int32Array(h).fill(-1));
    const count = w.exports.kh_update_f32(pw, pwt, pcur, px, pu, pg, h, d, nb, s, p, rp, eps, pds, pcoef, prowmax, prows, pslot);
    const got = [...a.f32(pw, h * d), ...a.f32(pwt, h * d), ...a.i32(prows, nb * s), count, ...a.i32(pslot, h)];
    const rows = new Int32Array(nb * s).fill(-9);
    const slot = new Int32Array(h).fill(-1);
    const tc = khUpdateF32(W, Wt, cur, x, units, gains, h, d, nb, s, p, rp, eps, null, null, null, rows, slot);
    return { wasm: got, twin: [...W, ...Wt, ...rows, tc, ...slot], tol: TOL.f32 };
  },
};

/** The selected units of a mini-batch as kh_update_f32's cases draw them: rows repeat within and across samples. */
function updateInputs(rng: Rng, n: number, fill: Fill) {
  const nb = n;
  const h = Math.max(1, n >> 1);
  const d = n + 7;
  const s = 2;
  const units = new Int32Array(nb * s).map(() => rng.int(h));
  const rows = new Int32Array(nb * s).fill(-9);
  const slot = new Int32Array(h).fill(-1);
  const nrows = khRowsI32(units, nb, s, h, slot, rows);
  // A middle range of rows, so the kernels are seen to leave the others alone.
  const r0 = Math.floor(nrows / 3);
  const r1 = Math.max(r0, Math.ceil((2 * nrows) / 3));
  const W = rng.fillNormal(new Float32Array(h * d));
  plant(W, rng, fill);
  return { nb, h, d, s, units, rows, slot, nrows, r0, r1, W };
}

const khRowsCase: TwinCase = {
  kernel: "kh_rows_i32",
  label: "repeated units",
  fills: ["random"],
  run(w, rng, n) {
    const nb = n;
    const h = Math.max(1, n >> 1);
    const units = new Int32Array(nb * 2).map(() => rng.int(h));
    const a = w.arena;
    const pu = a.putI32(units);
    const pslot = a.putI32(new Int32Array(h).fill(-1));
    const prows = a.putI32(new Int32Array(nb * 2).fill(-9));
    const count = w.exports.kh_rows_i32(pu, nb, 2, h, pslot, prows);
    const slot = new Int32Array(h).fill(-1);
    const rows = new Int32Array(nb * 2).fill(-9);
    const tc = khRowsI32(units, nb, 2, h, slot, rows);
    return { wasm: [count, ...a.i32(prows, nb * 2), ...a.i32(pslot, h)], twin: [tc, ...rows, ...slot], tol: TOL.exact };
  },
};

const khDeltaCase: TwinCase = {
  kernel: "kh_delta_f32",
  label: "middle third of the rows, R^p=1.5",
  run(w, rng, n, fill) {
    const { nb, h, d, s, units, rows, slot, r0, r1, W } = updateInputs(rng, n, fill);
    const rp = 1.5;
    const x = rng.fillUniform(new Float32Array(nb * d));
    const cur = rng.fillNormal(new Float32Array(h * nb), 0, 5);
    plant(x, rng, fill);
    plant(cur, rng, fill);
    const gains = new Float32Array([1, -0.4]);
    const m = nb * s;
    // Untouched rows keep this sentinel.
    const ds = new Float32Array(m * d).fill(7);
    const coef = new Float32Array(m).fill(7);
    const rowmax = new Float32Array(m).fill(7);
    const a = w.arena;
    const [pds, pcoef, prowmax] = [a.putF32(ds), a.putF32(coef), a.putF32(rowmax)];
    w.exports.kh_delta_f32(a.putF32(W), a.putF32(cur), a.putF32(x), a.putI32(units), a.putF32(gains), nb, s, d, rp,
      pds, pcoef, prowmax, a.putI32(rows), a.putI32(slot), r0, r1);
    const got = [...a.f32(pds, m * d), ...a.f32(pcoef, m), ...a.f32(prowmax, m)];
    khDeltaF32(W, cur, x, units, gains, nb, s, d, rp, ds, coef, rowmax, rows, slot, r0, r1);
    return { wasm: got, twin: [...ds, ...coef, ...rowmax], tol: TOL.f32 };
  },
};

const khApplyCase: TwinCase = {
  kernel: "kh_apply_f32",
  label: "middle third of the rows, p=3",
  run(w, rng, n, fill) {
    const { nb, h, d, s, rows, slot, nrows, r0, r1, W } = updateInputs(rng, n, fill);
    const [p, eps] = [3, 0.04];
    const m = nb * s;
    const ds = rng.fillNormal(new Float32Array(m * d));
    const rowmax = rng.fillUniform(new Float32Array(m), 0, 3);
    plant(ds, rng, fill);
    plant(rowmax, rng, fill);
    const Wt = new Float32Array(h * d);
    synapsePowF32(Wt, W, h * d, p);
    const a = w.arena;
    const [pw, pwt, pslot] = [a.putF32(W), a.putF32(Wt), a.putI32(slot)];
    w.exports.kh_apply_f32(pw, pwt, a.putF32(ds), a.putF32(rowmax), a.putI32(rows), pslot, nrows, r0, r1, d, p, eps);
    const got = [...a.f32(pw, h * d), ...a.f32(pwt, h * d), ...a.i32(pslot, h)];
    khApplyF32(W, Wt, ds, rowmax, rows, slot, nrows, r0, r1, d, p, eps);
    return { wasm: got, twin: [...W, ...Wt, ...slot], tol: TOL.f32 };
  },
};


/** Twin cases of Krotov–Hopfield's own kernels (src/kinds/kh/assembly/kh.ts); the twins test finds every `*.cases.ts`. */
export const cases: TwinCase[] = [
  selectCase("k=7, h=3n+8", 7, (n) => 3 * n + 8, normal),
  selectCase("ties, k=3, h=2n+3", 3, (n) => 2 * n + 3, coarse),
  selectCase("k=1, h=n+1", 1, (n) => n + 1, normal),
  selectCase("k=h", 4, () => 4, coarse),
  selectCase("mostly NaN and −Inf, k=5", 5, (n) => 4 * n + 5, mostlyNaN, ["random"]),
  khUpdateCase,
  khRowsCase,
  khDeltaCase,
  khApplyCase,
];

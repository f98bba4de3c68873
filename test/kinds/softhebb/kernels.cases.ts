import { synapsePowF32 } from "../../../src/kernels/reference/local.js";
import { softhebbApplyF32, softhebbDeltaF32, softmaxUnitsF32 } from "../../../src/kinds/softhebb/twins.js";
import { TOL } from "../../tolerances.js";
import { plant, type TwinCase } from "../../kernels/cases/types.js";

/** The middle third [r0, r1) of m rows (all rows when m < 3), so the cases check ranges too. */
const third = (m: number) => (m < 3 ? [0, m] : [Math.floor(m / 3), Math.floor((2 * m) / 3)]);

function softmaxCase(tinv: number): TwinCase {
  return {
    kernel: "softmax_units_f32",
    label: `1/τ=${tinv}, h=n+2, middle third of the samples`,
    run(w, rng, n, fill) {
      const [h, nb] = [n + 2, Math.max(n, 1)];
      const cur = rng.fillNormal(new Float32Array(h * nb), 0, 0.5);
      plant(cur, rng, fill);
      const [b0, b1] = third(nb);
      const y = new Float32Array(h * nb).fill(7);
      const win = new Int32Array(nb).fill(-9);
      const a = w.arena;
      const [py, pw] = [a.putF32(y), a.putI32(win)];
      w.exports.softmax_units_f32(py, pw, a.putF32(cur), h, nb, tinv, b0, b1);
      const got = [...a.f32(py, h * nb), ...a.i32(pw, nb)];
      softmaxUnitsF32(y, win, cur, h, nb, tinv, b0, b1);
      return { wasm: got, twin: [...y, ...win], tol: TOL.f32 };
    },
  };
}

const deltaCase: TwinCase = {
  kernel: "softhebb_delta_f32",
  label: "middle third of the rows",
  run(w, rng, n, fill) {
    const [h, nb, d] = [Math.max(n, 1), 5, n + 3];
    const W = rng.fillNormal(new Float32Array(h * d));
    const y = rng.fillUniform(new Float32Array(h * nb));
    const cur = rng.fillNormal(new Float32Array(h * nb));
    const ds = rng.fillNormal(new Float32Array(h * d));
    plant(W, rng, fill);
    plant(cur, rng, fill);
    const rowmax = new Float32Array(h).fill(7);
    const [r0, r1] = third(h);
    const a = w.arena;
    const [pds, prm] = [a.putF32(ds), a.putF32(rowmax)];
    w.exports.softhebb_delta_f32(pds, a.putF32(W), a.putF32(y), a.putF32(cur), nb, d, prm, r0, r1);
    const got = [...a.f32(pds, h * d), ...a.f32(prm, h)];
    softhebbDeltaF32(ds, W, y, cur, nb, d, rowmax, r0, r1);
    return { wasm: got, twin: [...ds, ...rowmax], tol: TOL.f32 };
  },
};

function applyCase(p: number): TwinCase {
  return {
    kernel: "softhebb_apply_f32",
    label: `p=${p}, middle third of the rows`,
    run(w, rng, n, fill) {
      const [h, d] = [Math.max(n, 1), n + 3];
      const W = rng.fillNormal(new Float32Array(h * d), 0, 0.3);
      const ds = rng.fillNormal(new Float32Array(h * d));
      const rowmax = rng.fillUniform(new Float32Array(h), 0, 3);
      plant(ds, rng, fill);
      plant(rowmax, rng, fill);
      const Wt = new Float32Array(h * d);
      synapsePowF32(Wt, W, h * d, p);
      const [r0, r1] = third(h);
      const a = w.arena;
      const [pw, pwt] = [a.putF32(W), a.putF32(Wt)];
      w.exports.softhebb_apply_f32(pw, pwt, a.putF32(ds), a.putF32(rowmax), h, d, p, 0.045, 0.2, r0, r1);
      const got = [...a.f32(pw, h * d), ...a.f32(pwt, h * d)];
      softhebbApplyF32(W, Wt, ds, rowmax, h, d, p, 0.045, 0.2, r0, r1);
      return { wasm: got, twin: [...W, ...Wt], tol: TOL.f32 };
    },
  };
}

/** Twin cases of SoftHebb's own kernels (src/kinds/softhebb/assembly/softhebb.ts); the twins test finds every `*.cases.ts`. */
export const cases: TwinCase[] = [softmaxCase(12), softmaxCase(1), deltaCase, applyCase(2), applyCase(3)];

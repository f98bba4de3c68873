import { adamF32 } from "../../../src/kernels/reference/optim.js";
import type { Rng } from "../../../src/rng.js";
import type { Wasm } from "../../../src/wasm/init.js";
import { TOL } from "../../tolerances.js";
import { plant, type Fill, type TwinCase } from "./types.js";

const f = Math.fround;

/** adam_f32 against its twin at step t = 3 of tfjs's defaults (β₁ 0.9, β₂ 0.999, ε 1e-7, lr 1e-3): bit for bit. */
function runAdam(w: Wasm, rng: Rng, n: number, fill: Fill, inPlace: boolean) {
  const wv = rng.fillNormal(new Float32Array(n));
  const mv = rng.fillNormal(new Float32Array(n), 0, 0.1);
  const vv = Float32Array.from(rng.fillNormal(new Float32Array(n), 0, 0.01), (x) => x * x);
  const gv = rng.fillNormal(new Float32Array(n));
  plant(gv, rng, fill);
  const acc1 = f(f(0.9 * 0.9) * 0.9);
  const acc2 = f(f(0.999 * 0.999) * 0.999);
  const s = [f(0.9), f(1 - 0.9), f(0.999), f(1 - 0.999), f(1 - acc1), f(1 - acc2), f(1e-7), f(-1e-3)] as const;
  const [pw, pm, pv, pg] = [wv, mv, vv, gv].map((x) => w.arena.putF32(x));
  const outs = inPlace ? [pw, pm, pv] : [w.arena.allocF32(n), w.arena.allocF32(n), w.arena.allocF32(n)];
  w.exports.adam_f32(outs[0], outs[1], outs[2], pw, pm, pv, pg, n, ...s);
  const got = outs.flatMap((p) => Array.from(w.arena.f32(p, n)));
  const tw = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  adamF32(tw[0], tw[1], tw[2], wv, mv, vv, gv, n, ...s);
  return { wasm: got, twin: tw.flatMap((x) => Array.from(x)), tol: TOL.exact };
}

export const optimCases: TwinCase[] = [
  { kernel: "adam_f32", label: "into new arrays", run: (w, rng, n, fill) => runAdam(w, rng, n, fill, false) },
  { kernel: "adam_f32", label: "in place", run: (w, rng, n, fill) => runAdam(w, rng, n, fill, true) },
];

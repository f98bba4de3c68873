// FAB's projections against literal transcriptions of `fab_projections.py` (projection_linf,
// projection_l2: sort, cumulative sums, bisection over the sorted breakpoints), on random rows with
// coordinates at the bounds, zero weights, reachable and unreachable hyperplanes; plus their
// defining properties (on the hyperplane inside the box, or at the corner towards it when out of reach).
import { describe, expect, it } from "vitest";
import { projectionL2, projectionLinf, ProjectionScratch, solveCapped } from "../../src/attacks/fabProjections.js";
import { Rng } from "../../src/rng.js";
import { mismatch, TOL } from "../tolerances.js";

const argsort = (a: number[]) => a.map((v, i) => [v, i]).sort((p, q) => p[0] - q[0] || p[1] - q[1]).map(([, i]) => i);
const cumsum = (a: number[]) => a.reduce<number[]>((o, v) => [...o, (o.at(-1) ?? 0) + v], []);
const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);

/** `projection_linf` for one row, transcribed line by line (f64). */
function referenceLinf(t: number[], w0: number[], b0in: number): number[] {
  const D = t.length;
  const sign = dot(w0, t) - b0in >= 0 ? 1 : -1;
  const w = w0.map((v) => v * sign);
  let b = b0in * sign;
  const a = w.map((v) => (v < 0 ? 1 : 0));
  let d = a.map((ai, i) => (ai - t[i]) * (w[i] !== 0 ? 1 : 0));
  const p = a.map((ai, i) => ai - t[i] * (2 * ai - 1));
  const indp = argsort(p);
  b = b - dot(w, t);
  const b0 = dot(w, d);
  const indp2 = [...indp].reverse();
  const ws = indp2.map((i) => w[i]);
  const bs2 = indp2.map((i, k) => -ws[k] * d[i]);
  const s = cumsum(ws.map(Math.abs));
  const sb = cumsum(bs2).map((v) => v + b0);
  const b2 = sb[D - 1] - s[D - 1] * p[indp[0]];
  const cl = b - b2 > 0;
  const c2 = b - b0 > 0 && !cl;
  let lb = 0;
  let ub = D - 1;
  for (let k = 0; k < Math.ceil(Math.log2(D)); k++) {
    const c4 = Math.floor((lb + ub) / 2);
    const indcurr = indp[D - 1 - c4];
    const bb2 = sb[c4] - s[c4] * p[indcurr];
    if (b - bb2 > 0) lb = c4;
    else ub = c4;
  }
  if (cl) {
    const lm = Math.max((b - sb[D - 1]) / -s[D - 1], 0);
    d = a.map((ai) => (2 * ai - 1) * lm);
  }
  if (c2) {
    const lm = Math.max((b - sb[lb]) / -s[lb], 0);
    d = d.map((di, i) => Math.min(lm, di) * a[i] + Math.max(-lm, di) * (1 - a[i]));
  }
  return d.map((di, i) => (w[i] !== 0 ? di : 0));
}

/** `projection_l2` for one row, transcribed line by line (f64). */
function referenceL2(t: number[], w0: number[], bIn: number): number[] {
  const D = t.length;
  let c = dot(w0, t) - bIn;
  const ind2 = c >= 0 ? 1 : -1;
  const w = w0.map((v) => v * ind2);
  c *= ind2;
  const r = w.map((wi, i) => {
    let v = Math.max(t[i] / wi, (t[i] - 1) / wi);
    v = Math.min(Math.max(v, -1e12), 1e12);
    if (Math.abs(wi) < 1e-8 || Number.isNaN(v)) v = 1e12;
    return v === -1e12 ? 1e12 : v;
  });
  const indr = argsort(r);
  const rs = indr.map((i) => r[i]);
  const rs2 = [...rs.slice(1), 0];
  for (let i = 0; i < D; i++) {
    if (rs[i] === 1e12) rs[i] = 0;
    if (rs2[i] === 1e12) rs2[i] = 0;
  }
  const w3s = indr.map((i) => w[i] ** 2);
  const w5 = w.reduce((s, v) => s + v * v, 0);
  const ws = cumsum(w3s).map((v) => w5 - v);
  let d = r.map((ri, i) => -(ri * w[i]) * (Math.abs(w[i]) > 1e-8 ? 1 : 0));
  const s = [-w5 * rs[0], ...cumsum(rs.map((v, i) => (-rs2[i] + v) * ws[i])).map((v) => v - w5 * rs[0])];
  const c4 = s[0] + c < 0;
  const c3 = dot(d, w) + c > 0;
  const c2 = !(c4 || c3);
  let lb = 0;
  let ub = D - 1;
  for (let k = 0; k < Math.ceil(Math.log2(D)); k++) {
    const m = Math.floor((lb + ub) / 2);
    if (s[m] + c > 0) lb = m;
    else ub = m;
  }
  if (c4) d = w.map((v) => -(c / w5) * v);
  if (c2) {
    let alpha = (s[lb] + c) / ws[lb] + rs[lb];
    if (ws[lb] === 0) alpha = 0;
    d = d.map((di, i) => (alpha > r[i] ? di : -alpha * w[i]));
  }
  return d.map((di, i) => (Math.abs(w[i]) > 1e-8 ? di : 0));
}

/** Random rows: pixels with some exactly at 0 or 1, weights with some zeros, b from reachable to unreachable. */
function cases(seed: number): { t: number[]; w: number[]; b: number; what: string }[] {
  const rng = new Rng(seed);
  const out: { t: number[]; w: number[]; b: number; what: string }[] = [];
  for (const D of [1, 2, 3, 7, 28, 100]) {
    for (let k = 0; k < 12; k++) {
      const t = Array.from({ length: D }, (_, i) => (i % 5 === 1 ? 0 : i % 5 === 3 ? 1 : rng.uniform()));
      const w = Array.from({ length: D }, (_, i) => (D > 2 && i % 7 === 4 ? 0 : rng.normal()));
      // b between w·t (d = 0) and well past the box's reach on either side.
      const reach = w.reduce((s, v) => s + Math.abs(v), 0);
      const b = dot(w, t) + (rng.uniform() * 2.4 - 1.2) * reach * (k % 3 === 0 ? 0.05 : 1);
      out.push({ t, w, b, what: `D ${D} #${k}` });
    }
  }
  return out;
}

describe.each([
  ["linf", projectionLinf, referenceLinf],
  ["l2", projectionL2, referenceL2],
] as const)("FAB's %s projection", (norm, mine, reference) => {
  it("equals the transcription of fab_projections.py on random rows", () => {
    for (const c of cases(norm === "linf" ? 3 : 4)) {
      const out = new Float64Array(c.t.length);
      mine(c.t, c.w, c.b, out, new ProjectionScratch(c.t.length));
      const ref = reference(c.t, c.w, c.b);
      expect(ref.every(Number.isFinite), c.what).toBe(true);
      expect(mismatch(out, ref, TOL.fabProjection), c.what).toBeNull();
    }
  });

  it("lands on the hyperplane inside the box when it can, and at the box's corner towards it when it cannot", () => {
    for (const c of cases(7)) {
      const D = c.t.length;
      const d = new Float64Array(D);
      mine(c.t, c.w, c.b, d, new ProjectionScratch(D));
      const z = c.t.map((v, i) => v + d[i]);
      for (const v of z) expect(v >= -1e-12 && v <= 1 + 1e-12, c.what).toBe(true);
      const sign = dot(c.w, c.t) - c.b >= 0 ? 1 : -1;
      // The farthest the box lets w·z move towards b.
      const best = c.t.reduce((s, v, i) => s + c.w[i] * ((sign * c.w[i] < 0 ? 1 : 0) - v), dot(c.w, c.t));
      const reachable = sign * (best - c.b) <= 0;
      if (reachable) expect(Math.abs(dot(c.w, z) - c.b), c.what).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(c.b)));
      else expect(Math.abs(dot(c.w, z) - best), c.what).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(best)));
    }
  });
});

describe("solveCapped", () => {
  it("finds the λ with Σ vᵢ·min(λ, βᵢ) = target, 0 below and +∞ beyond the reachable range", () => {
    const v = Float64Array.from([1, 2, 0, 3]);
    const beta = Float64Array.from([0.5, 0.1, 0.9, 0.3]);
    const s = new Float64Array(4);
    // F(λ) = min(λ,.5) + 2 min(λ,.1) + 3 min(λ,.3): F(0.1) = 0.6, F(0.3) = 0.3 + 0.2 + 0.9 = 1.4, F(∞) = 0.5 + 0.2 + 0.9 = 1.6.
    expect(solveCapped(v, beta, 4, 0.3, s)).toBeCloseTo(0.05, 14);
    expect(solveCapped(v, beta, 4, 1.0, s)).toBeCloseTo(0.1 + 0.4 / 4, 14);
    expect(solveCapped(v, beta, 4, 1.5, s)).toBeCloseTo(0.3 + 0.1, 14);
    expect(solveCapped(v, beta, 4, 0, s)).toBe(0);
    expect(solveCapped(v, beta, 4, 1.6, s)).toBe(Infinity);
  });
});

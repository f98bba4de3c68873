import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { base64, bwr, receptiveFieldsPng, receptiveFieldsSvg, unitsByWins } from "../../src/report/receptiveFields.js";
import { Rng } from "../../src/rng.js";

const D = 784;

function decode(bytes: Uint8Array): PNG {
  expect(Array.from(bytes.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return PNG.sync.read(Buffer.from(bytes));
}

function rgb(png: PNG, x: number, y: number): [number, number, number] {
  const p = 4 * (y * png.width + x);
  return [png.data[p], png.data[p + 1], png.data[p + 2]];
}

/** H units of random weights; unit `u` set to a known pattern: +s on the left half, −s/2 on the right, 0 in row 0. */
function weights(H: number, u: number, s: number): Float32Array {
  const W = new Rng(3).fillNormal(new Float32Array(H * D));
  for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) W[u * D + r * 28 + c] = r === 0 ? 0 : c < 14 ? s : -s / 2;
  return W;
}

describe("bwr", () => {
  it("maps −1, 0, +1 to blue, white, red and is linear between", () => {
    expect(bwr(-1)).toEqual([0, 0, 255]);
    expect(bwr(0)).toEqual([255, 255, 255]);
    expect(bwr(1)).toEqual([255, 0, 0]);
    expect(bwr(0.5)).toEqual([255, 128, 128]);
    expect(bwr(-3)).toEqual([0, 0, 255]);
  });
});

describe("receptiveFieldsPng", () => {
  it("draws the first 100 units as a 10×10 grid with 1-px gaps", () => {
    const png = decode(receptiveFieldsPng(weights(150, 0, 1), 150));
    expect([png.width, png.height]).toEqual([10 * 28 + 9, 10 * 28 + 9]);
    expect(rgb(png, 28, 5)).toEqual([0, 0, 0]); // gap column between tiles 0 and 1
  });

  it("colors a known tile by the sign of its weights, scaled by the unit's max |W|", () => {
    // unit 37 → grid row 3, column 7; its scale (1e-3) must not matter.
    const png = decode(receptiveFieldsPng(weights(100, 37, 1e-3), 100));
    const x0 = 7 * 29;
    const y0 = 3 * 29;
    expect(rgb(png, x0 + 3, y0 + 0)).toEqual([255, 255, 255]); // zero weight → white
    expect(rgb(png, x0 + 3, y0 + 10)).toEqual([255, 0, 0]); // +max → saturated red
    expect(rgb(png, x0 + 20, y0 + 10)).toEqual([128, 128, 255]); // −max/2 → half blue
    for (let r = 1; r < 28; r++) {
      for (let c = 0; c < 28; c++) {
        const [R, G, B] = rgb(png, x0 + c, y0 + r);
        if (c < 14) expect(R > B, `(${r},${c})`).toBe(true);
        else expect(B > R, `(${r},${c})`).toBe(true);
      }
    }
  });

  it("draws a chosen list of units, upscaled, in the given order", () => {
    const W = weights(20, 5, 2);
    const png = decode(receptiveFieldsPng(W, 20, { units: [9, 5, 2], scale: 3 }));
    expect([png.width, png.height]).toEqual([3 * 84 + 2, 84]);
    const x0 = 84 + 1; // second tile is unit 5
    expect(rgb(png, x0 + 3 * 3 + 2, 3 * 10 + 1)).toEqual([255, 0, 0]);
    expect(rgb(png, x0 + 3 * 20, 3 * 10)).toEqual([128, 128, 255]);
    expect(rgb(png, x0 + 3 * 3 + 1, 2)).toEqual([255, 255, 255]);
  });

  it("global scaling compares magnitudes across units", () => {
    const W = new Float32Array(2 * D);
    W.fill(1, 0, D);
    W.fill(0.5, D, 2 * D);
    const unit = decode(receptiveFieldsPng(W, 2));
    const glob = decode(receptiveFieldsPng(W, 2, { scaling: "global" }));
    expect(rgb(unit, 29, 0)).toEqual([255, 0, 0]);
    expect(rgb(glob, 29, 0)).toEqual([255, 128, 128]);
  });

  it("draws an all-zero unit white, not NaN", () => {
    const png = decode(receptiveFieldsPng(new Float32Array(D), 1));
    expect([png.width, png.height]).toEqual([28, 28]);
    expect(rgb(png, 14, 14)).toEqual([255, 255, 255]);
  });

  it("rejects wrong shapes, bad units and non-finite weights with named errors", () => {
    expect(() => receptiveFieldsPng(new Float32Array(D + 1), 1)).toThrow(/weights has 785 values, expected H·D = 1·28·28 = 784/);
    expect(() => receptiveFieldsPng(new Float32Array(D), 1, { units: [1] })).toThrow(/unit 1 is outside \[0, 1\)/);
    const W = new Float32Array(2 * D);
    W[D + 30] = NaN;
    expect(() => receptiveFieldsPng(W, 2)).toThrow(/weights of unit 1: non-finite value NaN at index 30/);
    expect(() => receptiveFieldsPng(W, 2, { scale: 1.5 })).toThrow(/scale must be an integer ≥ 1/);
  });
});

describe("receptive fields a person can read (issue 10)", () => {
  it("unitsByWins ranks units by the rows they win, ties by index, rows without a positive value win nothing", () => {
    // 4 rows × 3 units: unit 2 wins rows 0 and 2, unit 0 wins row 1, row 3 is all ≤ 0.
    const f = new Float32Array([0.1, 0, 0.9, 0.8, 0.2, 0.1, 0, 0.3, 0.4, 0, 0, -1]);
    expect(unitsByWins(f, 4, 3)).toEqual([2, 0, 1]);
    expect(() => unitsByWins(f, 5, 3)).toThrow(/expected 5×3/);
  });

  it("the SVG holds the grid as an inline PNG, a caption and the color-scale legend", () => {
    const H = 3;
    const w = new Float32Array(H * 4).map((_, i) => (i % 5) - 2);
    const svg = receptiveFieldsSvg(w, H, { tileRows: 2, tileCols: 2, units: [2, 0], caption: "a < b & c" });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain("a &lt; b &amp; c");
    expect(svg).toMatch(/−max\|W\|[\s\S]*>0<[\s\S]*\+max\|W\|/);
    const b64 = /href="data:image\/png;base64,([^"]+)"/.exec(svg)![1];
    const png = Buffer.from(b64, "base64");
    expect(new Uint8Array(png)).toEqual(receptiveFieldsPng(w, H, { tileRows: 2, tileCols: 2, units: [2, 0] }));
  });

  it("base64 matches Node's encoder on every tail length", () => {
    for (const n of [0, 1, 2, 3, 4, 5, 255]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 255);
      expect(base64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
    }
  });
});

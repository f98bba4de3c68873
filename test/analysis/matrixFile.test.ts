import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encodeHbm, parseCsv, parseHbm, parseNpy, readMatrix, writeHbm } from "../../src/analysis/matrixFile.js";
import { runSpectrum } from "../../src/cli/spectrum.js";
import { Rng } from "../../src/rng.js";
import { gaussianWithSpectrum, powerLaw } from "./powerlaw.js";

/** A .npy file as NumPy writes it (format 1.0, header padded to 64 bytes). */
function npy(descr: string, rows: number, cols: number, values: number[], fortran = false): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': ${fortran ? "True" : "False"}, 'shape': (${rows}, ${cols}), }`;
  header += " ".repeat(63 - ((10 + header.length) % 64)) + "\n";
  const size = descr === "<f8" ? 8 : 4;
  const bytes = new Uint8Array(10 + header.length + size * values.length);
  bytes.set([0x93, ...Array.from("NUMPY", (c) => c.charCodeAt(0)), 1, 0]);
  new DataView(bytes.buffer).setUint16(8, header.length, true);
  bytes.set(Array.from(header, (c) => c.charCodeAt(0)), 10);
  const dv = new DataView(bytes.buffer, 10 + header.length);
  values.forEach((v, i) => (size === 8 ? dv.setFloat64(8 * i, v, true) : dv.setFloat32(4 * i, v, true)));
  return bytes;
}

describe("matrix files", () => {
  it("HBM: round-trips, and names what is wrong", () => {
    const data = Float32Array.from([1, 2.5, -3, 4, 5, 6]);
    const bytes = encodeHbm(data, 2, 3);
    expect(Array.from(bytes.subarray(0, 4), (b) => String.fromCharCode(b)).join("")).toBe("HBMX");
    const m = parseHbm(bytes);
    expect([m.rows, m.cols, m.format]).toEqual([2, 3, "hbm"]);
    expect(Array.from(m.data)).toEqual(Array.from(data));
    expect(() => parseHbm(bytes.subarray(0, 30), "f.hbm")).toThrow(/f\.hbm: HBM header says 2×3 f32 \(48 bytes\), file has 30/);
    const bad = bytes.slice();
    bad[0] = 0x41;
    expect(() => parseHbm(bad)).toThrow(/not an HBM file/);
  });

  it("NPY: reads float32 and float64 C-order 2-D arrays, refuses others", () => {
    const m = parseNpy(npy("<f8", 2, 2, [1, 2, 3, 4.5]));
    expect([m.rows, m.cols]).toEqual([2, 2]);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4.5]);
    expect(Array.from(parseNpy(npy("<f4", 1, 3, [7, 8, 9])).data)).toEqual([7, 8, 9]);
    expect(() => parseNpy(npy("<i4", 1, 1, [1]))).toThrow(/dtype <i4/);
    expect(() => parseNpy(npy("<f4", 1, 1, [1], true))).toThrow(/Fortran/);
  });

  it("CSV: header, delimiters, NaN tokens; errors name line and field", () => {
    const m = parseCsv("u1,u2,u3\n1,2,3\n\n4,5,6\n");
    expect([m.rows, m.cols]).toEqual([2, 3]);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(parseCsv("1\t2\n3\t4").data)).toEqual([1, 2, 3, 4]);
    expect(Array.from(parseCsv("1  2\n3 4\n").data)).toEqual([1, 2, 3, 4]);
    expect(Number.isNaN(parseCsv("1,NaN\n2,3").data[1])).toBe(true);
    expect(() => parseCsv("1,2\n3\n", "x.csv")).toThrow(/x\.csv: line 2 has 1 fields, expected 2/);
    expect(() => parseCsv("1,2\n3,abc\n")).toThrow(/line 2, field 2: "abc" is not a number/);
    expect(() => parseCsv("a,b\n")).toThrow(/no numeric rows/);
  });
});

describe("hebblab spectrum", () => {
  it("writes results JSON and a log-log SVG for one file, and cvPCA for two", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hebblab-spectrum-"));
    const n = 300;
    const d = 40;
    const x = gaussianWithSpectrum(new Rng(80), n, powerLaw(d, 1));
    await writeHbm(join(dir, "a.hbm"), x, n, d);
    const csv = Array.from({ length: n }, (_, s) => Array.from(x.subarray(s * d, s * d + d)).join(",")).join("\n");
    await writeFile(join(dir, "b.csv"), "header," + "u,".repeat(d - 2) + "u\n" + csv);
    expect((await readMatrix(join(dir, "b.csv"))).rows).toBe(n);

    const summary = await runSpectrum({ files: [join(dir, "a.hbm")], out: join(dir, "one"), ranks: [2, 30], constantColumns: "drop", build: "auto" });
    expect(summary).toMatch(/weighted \(1\/n\): α = /);
    const one = JSON.parse(await readFile(join(dir, "one", "spectrum.json"), "utf8"));
    expect(one.kind).toBe("spectrum");
    expect(one.eigenvalues).toHaveLength(d);
    expect(one.fitWeighted.ranks).toEqual([2, 30]);
    expect(Number.isFinite(one.alphaWeighted)).toBe(true);
    const svg = await readFile(join(dir, "one", "spectrum.svg"), "utf8");
    expect(svg).toMatch(/^<svg/);
    expect(svg).toMatch(/weighted fit/);

    await runSpectrum({ files: [join(dir, "a.hbm"), join(dir, "b.csv")], out: join(dir, "two"), ranks: [2, 30], constantColumns: "drop", build: "auto" });
    const two = JSON.parse(await readFile(join(dir, "two", "spectrum.json"), "utf8"));
    expect(two.kind).toBe("cvpca");
    expect(two.ss).toHaveLength(d);
    expect(two.alphaWeighted).toBeCloseTo(one.alphaWeighted, 4);
  });

  it("--threads: the covariance on 1 and 2 threads gives the same numbers, and the JSON records the threads", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hebblab-spectrum-threads-"));
    const n = 257;
    const d = 45;
    await writeHbm(join(dir, "a.hbm"), gaussianWithSpectrum(new Rng(81), n, powerLaw(d, 1)), n, d);
    const run = async (threads: number) => {
      const summary = await runSpectrum({ files: [join(dir, "a.hbm")], out: join(dir, `t${threads}`), ranks: [2, 30], constantColumns: "drop", build: "simd", threads });
      expect(summary).toMatch(new RegExp(`covariance on ${threads} thread`));
      return JSON.parse(await readFile(join(dir, `t${threads}`, "spectrum.json"), "utf8"));
    };
    const [one, two] = [await run(1), await run(2)];
    expect([one.threads, two.threads]).toEqual([1, 2]);
    expect(two.eigenvalues).toEqual(one.eigenvalues);
    expect(two.alphaWeighted).toBe(one.alphaWeighted);
  });
});

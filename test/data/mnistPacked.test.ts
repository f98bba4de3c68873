// Issue 15: the embedded digits packed for the browser (palette + one byte per pixel) are exactly the JSON values.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { packMnistDigits, unpackMnistDigits } from "../../src/data/mnistPacked.js";
import { readMnistDigits } from "../../src/data/mnistNode.js";

describe("packed MNIST digits", () => {
  it("unpack(pack(digits)) gives the package's values bit for bit, in under 8 MB", async () => {
    const digits = await readMnistDigits();
    const bytes = packMnistDigits(digits);
    expect(bytes.length).toBeLessThan(8e6);
    const back = unpackMnistDigits(bytes);
    expect(back.map((a) => a.length)).toEqual(digits.map((a) => a.length));
    back.forEach((a, k) => expect(Buffer.from(a.buffer).equals(Buffer.from(digits[k].buffer)), `digit ${k}`).toBe(true));
    // The file the build wrote (npm run build:data) is this packing.
    const built = new URL("../../build/mnist-digits.bin", import.meta.url);
    if (existsSync(built)) expect(Buffer.from(readFileSync(built)).equals(Buffer.from(bytes))).toBe(true);
  });

  it("rejects damaged files, naming the problem", () => {
    const good = packMnistDigits(Array.from({ length: 10 }, (_, k) => new Float32Array(784).fill(k / 10)));
    expect(() => unpackMnistDigits(new Uint8Array(20), "f")).toThrow(/f: not a packed digits file \(wrong magic\)/);
    expect(() => unpackMnistDigits(good.subarray(0, good.length - 1), "f")).toThrow(/f: expected \d+ bytes for 1\+1\+1/);
    const badPalette = good.slice();
    new DataView(badPalette.buffer).setFloat64(12, 2, true);
    expect(() => unpackMnistDigits(badPalette, "f")).toThrow(/palette value 0 is 2, outside \[0, 1\]/);
    const badIndex = good.slice();
    badIndex[badIndex.length - 1] = 200;
    expect(() => unpackMnistDigits(badIndex, "f")).toThrow(/digit 9, pixel 783: palette index 200 ≥ 10/);
    expect(() => packMnistDigits([new Float32Array(5)])).toThrow(/expected 10 digit arrays/);
    expect(() => packMnistDigits(Array.from({ length: 10 }, (_, k) => Float32Array.from({ length: 784 }, (_, i) => (k * 784 + i) / 1e4)))).toThrow(/distinct pixel values do not fit one byte/);
  });
});

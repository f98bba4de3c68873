// Writes a 60,000/10,000 MNIST-sized IDX set built from the embedded digits (the `mnist` package
// holds 10,000): the 8,000 training digits of the default split, each also shifted by one pixel in
// the 8 directions (60,000 rows cycled from those 9 versions), and the 2,000 test digits likewise
// to 10,000. Not real MNIST — a stand-in of the same size, for measuring memory and epoch time at
// full scale (`hebblab train --data idx:DIR`) where no full MNIST copy is at hand.
//   node bench/mnist60k-idx.js DIR [--train 60000] [--test 10000]
// (`npm run bench -- --smoke` runs it with a few images, so it cannot rot unnoticed.)
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadMnistSplit } from "../dist/data/mnistNode.js";

const dir = process.argv[2];
if (!dir || dir.startsWith("-")) throw new Error("usage: node bench/mnist60k-idx.js DIR [--train N] [--test N]");
/** The value of flag `name` as a positive integer, else `fallback`. */
function count(/** @type {string} */ name, /** @type {number} */ fallback) {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} ${process.argv[i + 1]}: a positive integer is needed`);
  return n;
}
const nTrain = count("--train", 60000);
const nTest = count("--test", 10000);
mkdirSync(dir, { recursive: true });
const { train, test } = await loadMnistSplit({ seed: 0 });
const shifts = [[0, 0], [1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [-1, -1], [1, -1], [-1, 1]];

/**
 * @param {{ images: Float32Array, labels: ArrayLike<number>, n: number }} ds
 * @param {number} n
 */
function grow(ds, n) {
  const px = new Uint8Array(n * 784);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const src = i % ds.n;
    const [dx, dy] = shifts[Math.floor(i / ds.n) % shifts.length];
    labels[i] = ds.labels[src];
    for (let r = 0; r < 28; r++)
      for (let c = 0; c < 28; c++) {
        const rr = r - dy;
        const cc = c - dx;
        const v = rr >= 0 && rr < 28 && cc >= 0 && cc < 28 ? ds.images[src * 784 + rr * 28 + cc] : 0;
        px[i * 784 + r * 28 + c] = Math.round(v * 255);
      }
  }
  return { px, labels, n };
}

/**
 * @param {string} name
 * @param {{ px: Uint8Array, labels: Uint8Array, n: number }} g
 */
function write(name, g) {
  const hi = Buffer.alloc(16);
  hi.writeUInt32BE(2051, 0), hi.writeUInt32BE(g.n, 4), hi.writeUInt32BE(28, 8), hi.writeUInt32BE(28, 12);
  writeFileSync(join(dir, `${name}-images-idx3-ubyte`), Buffer.concat([hi, Buffer.from(g.px)]));
  const hl = Buffer.alloc(8);
  hl.writeUInt32BE(2049, 0), hl.writeUInt32BE(g.n, 4);
  writeFileSync(join(dir, `${name}-labels-idx1-ubyte`), Buffer.concat([hl, Buffer.from(g.labels)]));
}
write("train", grow(train, nTrain));
write("t10k", grow(test, nTest));
console.log(`wrote ${dir}: ${nTrain.toLocaleString("en")} train and ${nTest.toLocaleString("en")} test images (shifted copies of the embedded digits)`);

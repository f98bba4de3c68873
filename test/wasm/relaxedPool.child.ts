// Run by relaxed.test.ts in `node --experimental-wasm-relaxed-simd` (through vite-node, so it can
// import the TypeScript sources): trains one small KH learner on the relaxed (FMA) build with 1, 2
// and 3 pool threads and with `auto`, and prints what it found as JSON.
import { KrotovHopfield } from "../../src/kinds/kh/learner.js";
import { KhSection } from "../../src/kinds/kh/config.js";
import { Rng } from "../../src/rng.js";
import { createPool, type PoolOptions } from "../../src/wasm/pool.js";

const cfg = KhSection.parse({ hidden: 61, epochs: 2, batch: 50, k: 3 });
const D = 64;
const n = 230;
const rng = new Rng(11);
const images = new Float32Array(n * D);
for (let i = 0; i < images.length; i++) images[i] = rng.uniform() < 0.3 ? rng.uniform() : 0;

async function train(opts: PoolOptions): Promise<{ build: string; threads: number; weights: string }> {
  const pool = await createPool(opts);
  const l = KrotovHopfield.create(pool.wasm, cfg, D, new Rng(3), { pool });
  try {
    l.train(images, n, { rng: new Rng(4) });
    const w = l.weights();
    return { build: pool.wasm.build, threads: pool.threads, weights: Buffer.from(w.buffer, w.byteOffset, w.byteLength).toString("base64") };
  } finally {
    l.dispose();
    await pool.dispose();
  }
}

const runs = [
  await train({ threads: 1, build: "relaxed" }),
  await train({ threads: 2, build: "relaxed" }),
  await train({ threads: 3, build: "relaxed" }),
  await train({ threads: 2 }),
  await train({ threads: 1, build: "simd" }),
];
process.stdout.write(`\n@@${JSON.stringify(runs)}@@\n`);

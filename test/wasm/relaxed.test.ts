import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { gemmF32 } from "../../src/kernels/reference/gemm.js";
import { Rng } from "../../src/rng.js";
import { mismatch, TOL } from "../tolerances.js";

const BUILD = fileURLToPath(new URL("../../build/", import.meta.url));
const VITE_NODE = fileURLToPath(new URL("../../node_modules/vite-node/vite-node.mjs", import.meta.url));
const POOL_CHILD = fileURLToPath(new URL("./relaxedPool.child.ts", import.meta.url));

/**
 * Runs gemm_f32 of the `relaxed` (FMA) and the plain `threads` build on the
 * same inputs. Node 20 has relaxed SIMD only behind a V8 flag that cannot be
 * set from NODE_OPTIONS or for a worker, so this runs in a child
 * `node --experimental-wasm-relaxed-simd` on the raw binaries.
 * stdin: JSON {M, N, K, a, b} (base64 f32); stdout: JSON {plain, fma} (base64 f32).
 */
const CHILD = `
const fs = require("node:fs");
const inp = JSON.parse(fs.readFileSync(0, "utf8"));
const f32 = (s) => new Float32Array(new Uint8Array(Buffer.from(s, "base64")).buffer);
const run = (file) => {
  const memory = new WebAssembly.Memory({ initial: 64, maximum: 32768, shared: true });
  const mod = new WebAssembly.Module(fs.readFileSync(${JSON.stringify(BUILD)} + file));
  const ex = new WebAssembly.Instance(mod, { env: { memory, abort() { throw new Error("abort"); } } }).exports;
  const { M, N, K } = inp;
  const a = f32(inp.a), b = f32(inp.b);
  const pa = 1 << 20, pb = pa + 4 * M * K + 64, pc = pb + 4 * K * N + 64;
  new Float32Array(memory.buffer, pa, M * K).set(a);
  new Float32Array(memory.buffer, pb, K * N).set(b);
  ex.gemm_f32(pc, pa, pb, 0, M, N, K);
  return Buffer.from(new Uint8Array(memory.buffer, pc, 4 * M * N).slice()).toString("base64");
};
process.stdout.write(JSON.stringify({ plain: run("hebblab.threads.wasm"), fma: run("hebblab.relaxed.wasm") }));
`;

describe("relaxed-SIMD (FMA) GEMM build", () => {
  it("matches the plain build and the f64 twin within the f32 dot-product tolerance, and is fused", () => {
    const M = 37;
    const N = 45;
    const K = 784;
    const rng = new Rng(21);
    const a = rng.fillNormal(new Float32Array(M * K));
    const b = rng.fillNormal(new Float32Array(K * N));
    const b64 = (x: Float32Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString("base64");
    const r = spawnSync(process.execPath, ["--experimental-wasm-relaxed-simd", "-e", CHILD], {
      input: JSON.stringify({ M, N, K, a: b64(a), b: b64(b) }),
      encoding: "utf8",
      maxBuffer: 1 << 26,
    });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { plain: string; fma: string };
    const f32 = (s: string) => new Float32Array(new Uint8Array(Buffer.from(s, "base64")).buffer);
    const plain = f32(out.plain);
    const fma = f32(out.fma);
    const twin = new Float32Array(M * N);
    gemmF32(twin, a, b, 0, M, N, K);
    expect(mismatch(fma, twin, TOL.f32Dot)).toBeNull();
    expect(mismatch(plain, twin, TOL.f32Dot)).toBeNull();
    expect(mismatch(fma, plain, TOL.f32Dot)).toBeNull();
    // On an x86-64 or arm64 host V8 lowers relaxed_madd to one FMA: some sums round differently.
    const differ = fma.some((v, i) => v !== plain[i]);
    expect(differ).toBe(true);
  });

  it("is chosen by `auto` where relaxed SIMD is available, and trains the same weights on 1, 2 and 3 threads", () => {
    const r = spawnSync(process.execPath, ["--experimental-wasm-relaxed-simd", VITE_NODE, POOL_CHILD], { encoding: "utf8", maxBuffer: 1 << 26 });
    expect(r.status, r.stderr).toBe(0);
    const m = /@@(.*)@@/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    const runs = JSON.parse(m![1]) as { build: string; threads: number; weights: string }[];
    expect(runs.map((x) => [x.build, x.threads])).toEqual([
      ["relaxed", 1],
      ["relaxed", 2],
      ["relaxed", 3],
      ["relaxed", 2],
      ["simd", 1],
    ]);
    for (const x of runs.slice(1, 4)) expect(x.weights).toBe(runs[0].weights);
    // The FMA build's sums round differently from the plain build's: other weights (within tolerance).
    expect(runs[4].weights).not.toBe(runs[0].weights);
    const f32 = (s: string) => new Float32Array(new Uint8Array(Buffer.from(s, "base64")).buffer);
    // Here they differ by about one f32 ulp after two epochs; a flipped near-tie in the ranking could do more.
    expect(mismatch(f32(runs[0].weights), f32(runs[4].weights), TOL.f32Dot)).toBeNull();
  }, 60_000);
});

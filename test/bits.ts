import { afterAll, beforeAll } from "vitest";
import { init, type Wasm } from "../src/wasm/init.js";
import { createPool, type KernelPool } from "../src/wasm/pool.js";

/** Bit patterns of an f32 or f64 array, so −0/+0 and NaN payloads count as different. */
function bits(a: Float32Array | Float64Array): Uint32Array | BigUint64Array {
  return a instanceof Float32Array ? new Uint32Array(a.buffer, a.byteOffset, a.length) : new BigUint64Array(a.buffer, a.byteOffset, a.length);
}

/** First index where two arrays of the same type differ bit for bit; −1 when identical. */
export function firstBitDiff<T extends Float32Array | Float64Array>(a: T, b: T): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  const x = bits(a);
  const y = bits(b);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
  return -1;
}

/**
 * For a describe block that compares one thread with several: a private-memory `simd` build and
 * pools of 2 (`simd` on shared memory) and 3 (`threads`) threads, created before and disposed after
 * the block's tests. Read the fields inside tests.
 */
export function serialAndPools(): { serial: Wasm; pools: KernelPool[] } {
  const ctx = { serial: undefined as unknown as Wasm, pools: [] as KernelPool[] };
  beforeAll(async () => {
    ctx.serial = await init({ build: "simd" });
    ctx.pools = [await createPool({ threads: 2, build: "simd" }), await createPool({ threads: 3, build: "threads" })];
  });
  afterAll(async () => {
    for (const p of ctx.pools) await p.dispose();
  });
  return ctx;
}

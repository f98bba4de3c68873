// Run by pool.test.ts: uses a 2-thread pool and exits without disposing it; the process must end.
import { createPool } from "../../src/wasm/pool.js";

const pool = await createPool({ threads: 2, build: "simd" });
const p = pool.wasm.arena.allocF32(64);
pool.gemm(p, p, p, 0, 8, 4, 4);
process.stdout.write("used the pool\n");

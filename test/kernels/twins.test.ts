/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import { NON_KERNEL_EXPORTS } from "../../src/kernels/registry.js";
import { allKernels } from "../../src/kinds/registry.js";
import { Rng } from "../../src/rng.js";
import { compile, init, type KernelBuild } from "../../src/wasm/init.js";
import { mismatch } from "../tolerances.js";
import { TWIN_CASES as SHARED_CASES } from "./cases/index.js";
import { TAIL_SIZES, type TwinCase } from "./cases/types.js";

/** The shared families' cases and every kind's own (`test/kinds/<kind>/*.cases.ts`, found, not listed). */
const KIND_CASES = import.meta.glob<{ cases: TwinCase[] }>("../kinds/**/*.cases.ts", { eager: true });
const TWIN_CASES: TwinCase[] = [...SHARED_CASES, ...Object.values(KIND_CASES).flatMap((m) => m.cases)];
const KERNELS = allKernels();

const BUILDS: KernelBuild[] = ["simd", "scalar"];

describe("kernel registry", () => {
  it("lists exactly the module's exports", async () => {
    const exported = WebAssembly.Module.exports(await compile("simd"))
      .map((e) => e.name)
      .filter((n) => !(NON_KERNEL_EXPORTS as readonly string[]).includes(n))
      .sort();
    expect(KERNELS.map((k) => k.name).sort()).toEqual(exported);
  });

  it("every build exports the same kernels", async () => {
    const names = async (f: KernelBuild) => WebAssembly.Module.exports(await compile(f)).map((e) => e.name).sort();
    expect(await names("scalar")).toEqual(await names("simd"));
    expect(await names("threads")).toEqual(await names("simd"));
  });

  it("finds the kinds' own kernels and their cases (Krotov–Hopfield's and SoftHebb's at least)", () => {
    for (const name of ["kh_update_f32", "softmax_units_f32"]) {
      expect(KERNELS.some((k) => k.name === name), name).toBe(true);
      expect(TWIN_CASES.some((c) => c.kernel === name), name).toBe(true);
    }
  });

  it("every kernel has a twin and at least one twin case", () => {
    for (const k of KERNELS) {
      expect(typeof k.twin, k.name).toBe("function");
      expect(TWIN_CASES.some((c) => c.kernel === k.name), `no twin case for ${k.name}`).toBe(true);
    }
  });
});

for (const build of BUILDS) {
  describe(`twins on ${build}`, () => {
    for (const c of TWIN_CASES) {
      const sizes = c.sizes ?? [...TAIL_SIZES, 64];
      for (const fill of c.fills ?? (["random", "nan", "inf"] as const)) {
        it(`${c.kernel}${c.label ? ` (${c.label})` : ""} ${fill} n∈{${sizes.join(",")}}`, async () => {
          const w = await init({ build });
          for (const n of sizes) {
            const rng = new Rng(1000 + n);
            const mark = w.arena.mark();
            const { wasm, twin, tol } = c.run(w, rng, n, fill);
            w.arena.release(mark);
            const bad = mismatch(wasm, twin, tol);
            expect(bad, `${c.kernel} n=${n} fill=${fill}: ${bad}`).toBeNull();
          }
        });
      }
    }
  });
}

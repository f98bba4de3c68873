// The shared kernel families, exported from one module. The build adds every
// model kind's own kernels (src/kinds/<kind>/assembly/*.ts) as further entry
// files (scripts/buildWasm.mjs); the TS side lists all of them (src/kernels/
// registry.ts and each kind's `kernels`) and a test checks the lists agree with
// the module's exports.
export * from "./vec";
export * from "./gemm";
export * from "./local";
export * from "./covariance";
export * from "./eigen";
export * from "./optim";

/** First byte after AssemblyScript's static data: the host arena starts at or above it. */
export function heap_base(): usize {
  return __heap_base;
}

// Every kernel family exported from one module; the TS side lists the same
// names in src/kernels/registry.ts and a test checks the two lists agree.
export * from "./vec";
export * from "./gemm";
export * from "./krotov";
export * from "./covariance";
export * from "./eigen";
export * from "./softhebb";
export * from "./optim";

/** First byte after AssemblyScript's static data: the host arena starts at or above it. */
export function heap_base(): usize {
  return __heap_base;
}

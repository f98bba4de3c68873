import type { TwinCase } from "./types.js";
import { vecCases } from "./vec.js";
import { gemmCases } from "./gemm.js";
import { localCases } from "./local.js";
import { covarianceCases } from "./covariance.js";
import { eigenCases } from "./eigen.js";
import { optimCases } from "./optim.js";

/** The shared kernel families' twin cases, one line per family (a kind's own are in its `test/kinds/<kind>/*.cases.ts`). */
export const TWIN_CASES: TwinCase[] = [
  ...vecCases,
  ...gemmCases,
  ...localCases,
  ...covarianceCases,
  ...eigenCases,
  ...optimCases,
];

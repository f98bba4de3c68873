import type { TwinCase } from "./types.js";
import { vecCases } from "./vec.js";
import { gemmCases } from "./gemm.js";
import { krotovCases } from "./krotov.js";
import { covarianceCases } from "./covariance.js";
import { eigenCases } from "./eigen.js";
import { softhebbCases } from "./softhebb.js";
import { optimCases } from "./optim.js";

/** Every kernel's twin cases; one line per kernel family. */
export const TWIN_CASES: TwinCase[] = [
  ...vecCases,
  ...gemmCases,
  ...krotovCases,
  ...covarianceCases,
  ...eigenCases,
  ...softhebbCases,
  ...optimCases,
];

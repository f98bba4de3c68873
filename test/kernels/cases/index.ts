import type { TwinCase } from "./types.js";
import { vecCases } from "./vec.js";

/** Every kernel's twin cases; one line per kernel family. */
export const TWIN_CASES: TwinCase[] = [
  ...vecCases,
];

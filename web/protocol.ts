import type { ProgressEvent } from "../src/progress.js";

/** Page → training worker: the settings of one run. */
export interface RunRequest {
  type: "run";
  /** A raw hebblab config (validated by the runner). */
  config: Record<string, unknown>;
}

/** Training worker → page. */
export type WorkerMessage =
  | { type: "progress"; event: ProgressEvent }
  | { type: "status"; text: string }
  | {
      type: "done";
      testAccuracy: number;
      backend: { kernels: string; tfjs: string; threads: number };
      totalSeconds: number;
      /** Receptive-field grid with caption and colour-scale legend (SVG text), units ranked by wins. */
      fieldsSvg: string;
      /** Fraction of units on the p-sphere and whether the LocalLearning criterion holds (KH runs). */
      convergence?: { fractionConverged: number; converged: boolean; epochsRun: number };
      /** What the run warns about (e.g. a layer that did not converge). */
      warnings: string[];
    }
  | { type: "error"; message: string };

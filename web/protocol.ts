import type { ProgressEvent } from "../src/runner/progress.js";

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
      /** Receptive-field grid (PNG bytes). */
      fields: Uint8Array<ArrayBuffer>;
    }
  | { type: "error"; message: string };

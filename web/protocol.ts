import type { ProgressEvent } from "../src/progress.js";

/** Page → training worker: the settings of one run, or a request for the config's schema. */
export type RunRequest =
  | {
      type: "run";
      /** A raw hebblab config (validated by the runner); `preset` may name a shipped preset. */
      config: Record<string, unknown>;
    }
  | { type: "schema" }
  /** Attack the model of the last run with the default evaluation (as `hebblab attack`), at most `images` test images. */
  | { type: "attack"; images: number }
  /** Load a saved model (`model.json` + `weights.bin`, from the CLI or this page) to evaluate or attack it. */
  | { type: "load"; json: string; bin: Uint8Array<ArrayBuffer> };

/** A JSON Schema node, as much of it as the page reads to build its controls. */
export interface SchemaNode {
  type?: string;
  enum?: unknown[];
  default?: unknown;
  /** The field's doc (`.describe` in the config schema): the page shows it as the control's tooltip. */
  description?: string;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, SchemaNode>;
  [k: string]: unknown;
}

/** Training worker → page. */
export type WorkerMessage =
  | {
      type: "schema";
      schema: SchemaNode;
      presets: { name: string; title: string; version: number }[];
      /** Every model kind (from the kinds' registry) and the config sections it reads. */
      kinds: { name: string; title: string; sections: string[] }[];
      /** Every data source and the `data` subsection of its own settings (null: none). */
      sources: { name: string; settings: string | null }[];
    }
  | { type: "progress"; event: ProgressEvent }
  | { type: "status"; text: string }
  /** Live views while training: the fields now, the latest spectrum (log-log, α in its title), the per-epoch curves. */
  | { type: "live"; view: "fields" | "spectrum" | "curves"; svgs: string[]; epoch: number; alpha?: { weighted: number | null; unweighted: number | null } }
  | {
      type: "done";
      testAccuracy: number;
      backend: { kernels: string; tfjs: string; threads: number };
      totalSeconds: number;
      /** Receptive-field grid with caption and color-scale legend (SVG text), units ranked by wins. */
      fieldsSvg: string;
      /** α of the representation the results record (weighted, Stringer / unweighted), null when not fittable. */
      alpha: { weighted: number | null; unweighted: number | null; representation: string } | null;
      /** Fraction of units on the p-sphere and whether the LocalLearning criterion holds (KH runs). */
      convergence?: { fractionConverged: number; converged: boolean; epochsRun: number };
      /** What the run warns about (e.g. a layer that did not converge). */
      warnings: string[];
      /** Files to download: the results JSON, and the model as the CLI saves it (`--save`). */
      files: { "results.json": string; "model.json": string; "weights.bin": Uint8Array<ArrayBuffer> };
    }
  | {
      type: "attacked";
      /** Accuracy-vs-ε plots (SVG), one per norm; the report's results rows; whether the sanity checks passed. */
      plots: string[];
      results: { attack: string; eps: number; accuracy: number }[];
      sanityPassed: boolean;
      /** Median critical L∞ ε (null beyond range). */
      criticalMedian: number | null;
      /** The critical-perturbation curve (SVG), or null without a critical search. */
      criticalSvg: string | null;
    }
  | { type: "loaded"; kind: string; testAccuracy: number; testImages: number }
  | { type: "error"; message: string };

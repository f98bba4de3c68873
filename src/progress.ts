/**
 * Progress of long work, as plain events: the CLI draws a bar from them, the
 * browser page posts them from its worker.
 */
export interface ProgressEvent {
  /** What is running, e.g. `kh`, `features`, `readout`, `attack:pgd-linf`. */
  stage: string;
  /** Units done and total in this stage (items are images unless `unit` says otherwise). */
  done: number;
  total: number;
  unit: string;
  /** Current epoch (1-based) and epoch count, for epoch-structured stages. */
  epoch?: number;
  epochs?: number;
  /** Free-form figures to show (e.g. loss). */
  info?: Record<string, number>;
}

/**
 * What one stage of a job will cost, for a study's ETA (never for results), in one currency: the
 * gradient pass of one image through a 784-2000-10 network ("passes"; `runner/study/cost.ts`).
 */
export interface StageCost {
  /** The progress events' `stage` (`kh`, `mlp`, `readout`, `geometry`, `attack:pgd-linf`…). */
  stage: string;
  passes: number;
  /**
   * The relative cost of each of the stage's progress units in the order they are done, when they
   * differ (geometry: an analysis of 50 exemplar manifolds costs ~20 of 10 class manifolds); absent:
   * units cost alike. Progress `done` of `units.length` then counts the first `done` weights.
   */
  units?: number[];
}

/** Receives progress events; must be cheap (called up to a few times per batch). */
export type ProgressFn = (e: ProgressEvent) => void;

/** A progress callback that does nothing. */
export const noProgress: ProgressFn = () => {};

/**
 * What a run shows while it trains, for live views (the browser page): pictures and figures that
 * are never part of the results and never change them (computing them draws no random numbers).
 */
export type LiveEvent =
  /** Receptive fields of the units that have won the most so far (SVG), redrawn every few batches. */
  | { kind: "fields"; stage: string; epoch: number; done: number; svg: string }
  /** Covariance eigenspectrum of the representation on the first test images, after an epoch, with its fitted α (null: not fittable). */
  | {
      kind: "spectrum";
      stage: string;
      epoch: number;
      representation: string;
      images: number;
      eigenvalues: number[];
      alphaWeighted: number | null;
      alphaUnweighted: number | null;
      error?: string;
    }
  /** Figures of an epoch just finished: loss, test accuracy, the fraction of units on the sphere, norm quantiles… */
  | { kind: "epoch"; stage: string; epoch: number; epochs: number; figures: Record<string, number> };

/** Options of live views (see {@link LiveEvent}). */
export interface LiveOptions {
  onLive: (e: LiveEvent) => void;
  /** Least milliseconds between two receptive-field pictures (default 1000). */
  fieldsEveryMs?: number;
  /** Test images of the per-epoch spectrum (default 500; 0: no live spectrum). */
  spectrumImages?: number;
}

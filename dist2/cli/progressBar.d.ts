import type { ProgressFn } from "../progress.js";
/**
 * A terminal progress bar driven by progress events: one bar per stage that
 * spans all of its epochs (so the ETA is for the stage), showing the epoch,
 * throughput and ETA. When stderr is not a terminal (CI logs) it prints one
 * line per finished epoch instead, unless `force` draws the bar anyway.
 */
export declare function terminalProgress(force?: boolean): {
    onProgress: ProgressFn;
    stop: () => void;
};

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
/** Receives progress events; must be cheap (called up to a few times per batch). */
export type ProgressFn = (e: ProgressEvent) => void;
/** A progress callback that does nothing. */
export declare const noProgress: ProgressFn;

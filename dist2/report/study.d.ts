/**
 * The report of a study (issue 11), built from results files alone: one table
 * (mean ± sd over seeds per arm), plots, the sanity checks, the settings to
 * reproduce each job, and what the seed papers reported beside this run's
 * numbers. Platform-neutral: the Node side reads the files and writes
 * `report.md`, `report.html`, `results.csv` and `results.json`.
 */
/** What the report reads of one job's `results.json` (a training results record with `attack` and `job`). */
export interface JobResults {
    job: {
        arm: string;
        baseArm?: string;
        seed: number;
        id: string;
    };
    configHash: string;
    seed: number;
    config: {
        model: string;
        preset?: {
            name: string;
            version: number;
        };
    };
    backend: {
        kernels: string;
        tfjs: string;
        threads: number;
    };
    versions: Record<string, string>;
    metrics: {
        testAccuracy: number;
        isometry?: number;
        jacobianFro2?: number;
        spectrum?: {
            alphaWeighted: number | null;
            alphaUnweighted: number | null;
            eigenvalues?: number[];
            fitUnweighted?: {
                ranks: readonly number[];
            };
        };
        convergence?: {
            converged: boolean;
            final: {
                fractionConverged: number;
            };
        };
    };
    timings: {
        totalSeconds: number;
        attackSeconds?: number;
    };
    warnings?: string[];
    attack?: {
        results: {
            attack: string;
            eps: number;
            accuracy: number;
        }[];
        critical: CriticalLike | null;
        criticalAlso?: CriticalLike[];
        sanity: {
            passed: boolean;
            checks: {
                name: string;
                passed: boolean;
                skipped?: boolean;
                detail: string;
            }[];
        };
        eotSamples: number;
        data: {
            images: number;
        };
        config: {
            pgd: {
                steps: number;
                restarts: number;
            };
        };
    };
}
interface CriticalLike {
    attack: string;
    images: number;
    medianEps: number | null;
    medianL2: number | null;
    eps: (number | null)[];
}
/** A study's results as the report sees them. */
export interface StudyData {
    name: string;
    description?: string;
    arms: {
        name: string;
        description?: string;
    }[];
    jobs: JobResults[];
    /** Receptive-field SVGs by job id (local-learner arms). */
    fields: Record<string, string>;
    /** Jobs planned but without results (failed or not run). */
    missing: string[];
}
/** One column of the table: a value per job, how to print it. */
interface Column {
    key: string;
    head: string;
    value: (r: JobResults) => number | null | undefined;
    fmt: (v: number) => string;
    /** Sanity checks whose failure casts doubt on this column. */
    doubtedBy?: string[];
}
/** The table's columns (those with no value in any job are dropped). */
export declare const COLUMNS: Column[];
/** Mean and sample standard deviation of the finite values (null when there are none). */
export declare function meanSd(values: (number | null | undefined)[]): {
    mean: number;
    sd: number | null;
    n: number;
} | null;
/** The summary table as rows of cells (arm first), with ⚠ where a failed sanity check casts doubt on a number. */
export declare function summaryTable(d: StudyData): {
    head: string[];
    rows: string[][];
    columns: Column[];
};
/** Published figures for the same comparison, by arm (REFERENCES §1, §3, §5). */
export declare const PUBLISHED: {
    arm: string;
    what: string;
    value: number;
    source: string;
    column: string;
}[];
/**
 * Sentences comparing this run with the papers: for each published ordering of arms (α, critical
 * ‖δ‖₂), whether this run orders the same arms the same way. Stated plainly either way.
 */
export declare function comparisonWithPapers(d: StudyData): string[];
/** Survival curve of critical perturbations: fraction of images still correct at each ε (unflipped images survive every ε). */
export declare function survival(eps: (number | null)[], grid: number[]): number[];
/** The report's plots as inline SVG strings. */
export declare function studyPlots(d: StudyData): Promise<Record<string, string>>;
/** results.csv: one row per job. */
export declare function resultsCsv(d: StudyData): string;
/** results.json: every job's row and each arm's mean ± sd. */
export declare function resultsJson(d: StudyData): unknown;
/** The sections of the report as markdown (the HTML report renders the same content with its plots inline). */
export declare function reportMarkdown(d: StudyData, plotFiles?: string[]): string;
/** A self-contained HTML report: the markdown's content with the plots and receptive fields inline. */
export declare function reportHtml(d: StudyData): Promise<string>;
export {};

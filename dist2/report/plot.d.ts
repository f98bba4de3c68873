/** One named curve of a line plot. */
export interface Series {
    name: string;
    x: ArrayLike<number>;
    y: ArrayLike<number>;
    /** Draw as a dashed line without points (e.g. a fitted law). */
    dashed?: boolean;
}
/** Options of {@link linePlotSvg}. */
export interface LinePlotOptions {
    title?: string;
    xLabel: string;
    yLabel: string;
    logX?: boolean;
    logY?: boolean;
    width?: number;
    height?: number;
    /** Fixed y domain, e.g. [0, 1] for accuracies. */
    yDomain?: [number, number];
}
/**
 * Renders line plots to a standalone SVG string with Vega-Lite (no DOM or
 * canvas needed, so it works in Node and in a browser). Non-positive values
 * are dropped from log axes rather than breaking the scale.
 */
export declare function linePlotSvg(series: Series[], o: LinePlotOptions): Promise<string>;

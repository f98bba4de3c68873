import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

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
export async function linePlotSvg(series: Series[], o: LinePlotOptions): Promise<string> {
  const rows: { series: string; x: number; y: number; dashed: boolean }[] = [];
  for (const s of series) {
    const n = Math.min(s.x.length, s.y.length);
    for (let i = 0; i < n; i++) {
      const x = s.x[i];
      const y = s.y[i];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if ((o.logX && x <= 0) || (o.logY && y <= 0)) continue;
      rows.push({ series: s.name, x, y, dashed: !!s.dashed });
    }
  }
  const spec: TopLevelSpec = {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: o.title,
    width: o.width ?? 420,
    height: o.height ?? 300,
    background: "white",
    data: { values: rows },
    mark: { type: "line", point: series.length <= 12 && rows.length <= 400, clip: true },
    encoding: {
      x: { field: "x", type: "quantitative", title: o.xLabel, scale: o.logX ? { type: "log" } : { zero: false } },
      y: {
        field: "y",
        type: "quantitative",
        title: o.yLabel,
        scale: o.logY ? { type: "log" } : o.yDomain ? { domain: o.yDomain } : { zero: false },
      },
      color: { field: "series", type: "nominal", title: null },
      strokeDash: { field: "dashed", type: "nominal", legend: null, scale: { domain: [false, true], range: [[1, 0], [6, 4]] } },
    },
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  // Vega numbers clip paths with a counter global to the process, so the same plot would differ between
  // runs (and two inline plots may clash): name them after the plot instead.
  const prefix = `p${fnv1a(`${o.title ?? ""}|${o.xLabel}|${o.yLabel}`)}-`;
  const seen = new Map<string, number>();
  return svg.replace(/\b(id="|url\(#)clip(\d+)/g, (_m, lead: string, n: string) => {
    if (!seen.has(n)) seen.set(n, seen.size + 1);
    return `${lead}${prefix}clip${seen.get(n)}`;
  });
}

/** 32-bit FNV-1a of a string, in hex. */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16);
}

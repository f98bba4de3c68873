import * as vega from "vega";
import { compile } from "vega-lite";
/**
 * Renders line plots to a standalone SVG string with Vega-Lite (no DOM or
 * canvas needed, so it works in Node and in a browser). Non-positive values
 * are dropped from log axes rather than breaking the scale.
 */
export async function linePlotSvg(series, o) {
    const rows = [];
    for (const s of series) {
        const n = Math.min(s.x.length, s.y.length);
        for (let i = 0; i < n; i++) {
            const x = s.x[i];
            const y = s.y[i];
            if (!Number.isFinite(x) || !Number.isFinite(y))
                continue;
            if ((o.logX && x <= 0) || (o.logY && y <= 0))
                continue;
            rows.push({ series: s.name, x, y, dashed: !!s.dashed });
        }
    }
    const spec = {
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
    return svg;
}
//# sourceMappingURL=plot.js.map
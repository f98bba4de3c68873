import { describe, expect, it } from "vitest";
import { miniPlotSvg } from "../../src/report/miniPlot.js";

/** The polyline's points as numbers. */
const points = (svg: string) =>
  (/<polyline points="([^"]*)"/.exec(svg)?.[1] ?? "")
    .split(" ")
    .filter(Boolean)
    .map((p) => p.split(",").map(Number));

describe("miniPlotSvg (the page's live plots)", () => {
  it("places points linearly, and a power law on log-log axes on a straight line", () => {
    const lin = points(miniPlotSvg([0, 1, 2], [0, 5, 10], { title: "t", xLabel: "x", yLabel: "y", width: 158, height: 156 }));
    // Plot area: x from 48 to 148, y from 122 (bottom) to 22 (top).
    expect(lin).toEqual([
      [48, 122],
      [98, 72],
      [148, 22],
    ]);
    const n = Array.from({ length: 50 }, (_, i) => i + 1);
    const pl = points(miniPlotSvg(n, n.map((k) => k ** -1.5), { title: "t", xLabel: "x", yLabel: "y", logX: true, logY: true }));
    const slope = (a: number[], b: number[]) => (b[1] - a[1]) / (b[0] - a[0]);
    for (let i = 2; i < pl.length; i++) expect(slope(pl[0], pl[i])).toBeCloseTo(slope(pl[0], pl[1]), 1);
  });

  it("skips non-finite points and non-positive ones on log axes, escapes text, and draws an empty frame without data", () => {
    const svg = miniPlotSvg([1, 2, 3, 4], [1, NaN, 0, 4], { title: "a < b", xLabel: "x", yLabel: "y", logY: true });
    expect(points(svg)).toHaveLength(2);
    expect(svg).toContain("a &lt; b");
    expect(miniPlotSvg([], [], { title: "none", xLabel: "x", yLabel: "y" })).not.toContain("<polyline");
  });
});

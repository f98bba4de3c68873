/** Options of {@link miniPlotSvg}. */
export interface MiniPlotOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  logX?: boolean;
  logY?: boolean;
  /** Fixed y range (linear axes), e.g. [0, 1] for accuracies. */
  yDomain?: [number, number];
  width?: number;
  height?: number;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const fmt = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-2 && v !== 0) ? v.toExponential(0) : String(+v.toPrecision(3)));

/**
 * A small line plot as SVG text, built synchronously (no Vega, no DOM): for live views that must
 * redraw between the steps of a synchronous training loop. Points with non-finite coordinates, or
 * non-positive ones on a log axis, are skipped. Axes show the data's range (powers of ten on log axes).
 * @param x, y the curve's coordinates (equal lengths).
 */
export function miniPlotSvg(x: ArrayLike<number>, y: ArrayLike<number>, o: MiniPlotOptions): string {
  const W = o.width ?? 320;
  const H = o.height ?? 200;
  const m = { l: 48, r: 10, t: 22, b: 34 };
  const tx = (v: number) => (o.logX ? Math.log10(v) : v);
  const ty = (v: number) => (o.logY ? Math.log10(v) : v);
  const pts: [number, number][] = [];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const a = x[i];
    const b = y[i];
    if (!Number.isFinite(a) || !Number.isFinite(b) || (o.logX && a <= 0) || (o.logY && b <= 0)) continue;
    pts.push([tx(a), ty(b)]);
  }
  const span = (vals: number[], fixed?: [number, number]): [number, number] => {
    if (fixed) return fixed;
    if (!vals.length) return [0, 1];
    let lo = Math.min(...vals);
    let hi = Math.max(...vals);
    if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
    return [lo, hi];
  };
  const [x0, x1] = span(pts.map((p) => p[0]));
  const [y0, y1] = span(
    pts.map((p) => p[1]),
    o.yDomain && !o.logY ? o.yDomain : undefined,
  );
  const px = (v: number) => m.l + ((v - x0) / (x1 - x0)) * (W - m.l - m.r);
  const py = (v: number) => H - m.b - ((v - y0) / (y1 - y0)) * (H - m.t - m.b);
  const tick = (v: number, log?: boolean) => fmt(log ? 10 ** v : v);
  const line = pts.map(([a, b]) => `${px(a).toFixed(1)},${py(b).toFixed(1)}`).join(" ");
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="10">` +
    `<rect width="${W}" height="${H}" fill="white"/>` +
    `<text x="${W / 2}" y="13" text-anchor="middle" font-size="11">${esc(o.title)}</text>` +
    `<path d="M${m.l},${m.t}V${H - m.b}H${W - m.r}" fill="none" stroke="#888"/>` +
    `<text x="${m.l}" y="${H - m.b + 12}" text-anchor="middle">${tick(x0, o.logX)}</text>` +
    `<text x="${W - m.r}" y="${H - m.b + 12}" text-anchor="end">${tick(x1, o.logX)}</text>` +
    `<text x="${m.l - 4}" y="${H - m.b}" text-anchor="end">${tick(y0, o.logY)}</text>` +
    `<text x="${m.l - 4}" y="${m.t + 8}" text-anchor="end">${tick(y1, o.logY)}</text>` +
    `<text x="${(m.l + W - m.r) / 2}" y="${H - 6}" text-anchor="middle">${esc(o.xLabel)}${o.logX ? " (log)" : ""}</text>` +
    `<text transform="translate(11 ${(m.t + H - m.b) / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}${o.logY ? " (log)" : ""}</text>` +
    (pts.length ? `<polyline points="${line}" fill="none" stroke="#1f77b4" stroke-width="1.5"/>` : "") +
    (pts.length <= 60 ? pts.map(([a, b]) => `<circle cx="${px(a).toFixed(1)}" cy="${py(b).toFixed(1)}" r="2" fill="#1f77b4"/>`).join("") : "") +
    `</svg>`
  );
}

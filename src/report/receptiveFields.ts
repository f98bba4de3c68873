import { PNG } from "pngjs";
import { assertFiniteArray } from "../kernels/vec.js";

/** Options of {@link receptiveFieldsPng}. */
export interface ReceptiveFieldOptions {
  /** Units to draw, in order (default: the first min(100, H)). */
  units?: readonly number[];
  /** Tile height in weights (default 28); `tileRows · tileCols` must equal D. */
  tileRows?: number;
  /** Tile width in weights (default 28). */
  tileCols?: number;
  /**
   * Color channels per pixel, interleaved (default 1; `tileRows · tileCols · channels` must equal D).
   * With 3 each pixel is drawn in color, 0.5 + W/(2·max|W|) per channel (Krotov & Hopfield's CIFAR
   * fields); any other count is drawn as the channels' mean in blue–white–red.
   */
  channels?: number;
  /** Tiles per grid row (default 10: 100 units make a 10×10 grid). */
  gridCols?: number;
  /** Integer upscaling of every weight to a `scale`×`scale` block (default 1). */
  scale?: number;
  /** Pixels between tiles (default 1, not scaled). */
  gap?: number;
  /** RGB of the gaps and of unused grid cells (default black, distinct from white = 0). */
  gapColor?: readonly [number, number, number];
  /**
   * `unit` (default): each tile scaled by its own max |W|, as in Krotov &
   * Hopfield 2019 Fig. 3, so weak units stay visible; `global`: one max over
   * all drawn units, so tiles compare in magnitude.
   */
  scaling?: "unit" | "global";
}

/**
 * Diverging blue–white–red color of `v` ∈ [−1, 1] (matplotlib `bwr`):
 * −1 → (0, 0, 255), 0 → white, +1 → (255, 0, 0); linear in between, clamped.
 */
export function bwr(v: number): [number, number, number] {
  const t = Math.max(-1, Math.min(1, v));
  const fade = Math.round(255 * (1 - Math.abs(t)));
  return t >= 0 ? [255, fade, fade] : [fade, fade, 255];
}

/**
 * Draws the receptive fields (weight rows) of hidden units as a grid of tiles
 * in a PNG, the picture of Krotov & Hopfield 2019 (PNAS, Fig. 3): each unit's
 * D = tileRows·tileCols weights laid out as an image, colored by {@link bwr}
 * of W / max|W| (red excitatory, blue inhibitory, white zero). A unit whose
 * weights are all zero is drawn white.
 * @param weights W, [H, D] row-major f32.
 * @param hidden H, the number of units (rows of W).
 * @returns PNG file bytes (RGBA 8-bit); the caller writes the file.
 *   Size: width = c·tileCols·scale + (c−1)·gap with c = min(gridCols, units),
 *   height likewise over ⌈units / gridCols⌉ rows.
 * @throws if W's length is not H·D, a unit index is out of range, or a drawn
 *   weight is non-finite (named by unit and weight index).
 */
export function receptiveFieldsPng(weights: Float32Array, hidden: number, o: ReceptiveFieldOptions = {}): Uint8Array {
  const tr = o.tileRows ?? 28;
  const tc = o.tileCols ?? 28;
  const ch = o.channels ?? 1;
  const D = tr * tc * ch;
  const scale = o.scale ?? 1;
  const gap = o.gap ?? 1;
  const gridCols = o.gridCols ?? 10;
  const gapColor = o.gapColor ?? [0, 0, 0];
  for (const [k, v, min] of [["hidden", hidden, 1], ["tileRows", tr, 1], ["tileCols", tc, 1], ["channels", ch, 1], ["scale", scale, 1], ["gap", gap, 0], ["gridCols", gridCols, 1]] as const) {
    if (!Number.isInteger(v) || v < min) throw new Error(`receptiveFieldsPng: ${k} must be an integer ≥ ${min}, got ${v}`);
  }
  if (weights.length !== hidden * D) {
    throw new Error(`receptiveFieldsPng: weights has ${weights.length} values, expected H·D = ${hidden}·${tr}·${tc}${ch > 1 ? `·${ch}` : ""} = ${hidden * D}`);
  }
  const units = o.units ?? Array.from({ length: Math.min(100, hidden) }, (_, i) => i);
  if (units.length === 0) throw new Error("receptiveFieldsPng: no units to draw");
  for (const u of units) {
    if (!Number.isInteger(u) || u < 0 || u >= hidden) throw new Error(`receptiveFieldsPng: unit ${u} is outside [0, ${hidden})`);
    assertFiniteArray(weights.subarray(u * D, (u + 1) * D), `receptiveFieldsPng: weights of unit ${u}`);
  }

  const maxAbs = (u: number): number => {
    let m = 0;
    for (let i = u * D; i < (u + 1) * D; i++) m = Math.max(m, Math.abs(weights[i]));
    return m;
  };
  const globalMax = o.scaling === "global" ? Math.max(...units.map(maxAbs)) : 0;

  const cols = Math.min(gridCols, units.length);
  const rows = Math.ceil(units.length / gridCols);
  const tw = tc * scale;
  const th = tr * scale;
  const width = cols * tw + (cols - 1) * gap;
  const height = rows * th + (rows - 1) * gap;
  const png = new PNG({ width, height, colorType: 6 });
  const px = png.data;
  for (let i = 0; i < width * height; i++) {
    px[4 * i] = gapColor[0];
    px[4 * i + 1] = gapColor[1];
    px[4 * i + 2] = gapColor[2];
    px[4 * i + 3] = 255;
  }
  units.forEach((u, t) => {
    const m = o.scaling === "global" ? globalMax : maxAbs(u);
    const x0 = (t % gridCols) * (tw + gap);
    const y0 = Math.floor(t / gridCols) * (th + gap);
    for (let r = 0; r < tr; r++) {
      for (let c = 0; c < tc; c++) {
        const at = u * D + (r * tc + c) * ch;
        let R: number, G: number, B: number;
        if (ch === 3) [R, G, B] = [0, 1, 2].map((k) => Math.round(255 * (0.5 + (m > 0 ? weights[at + k] / m : 0) / 2)));
        else {
          let s = 0;
          for (let k = 0; k < ch; k++) s += weights[at + k];
          [R, G, B] = bwr(m > 0 ? s / ch / m : 0);
        }
        for (let dy = 0; dy < scale; dy++) {
          let p = 4 * ((y0 + r * scale + dy) * width + x0 + c * scale);
          for (let dx = 0; dx < scale; dx++, p += 4) {
            px[p] = R;
            px[p + 1] = G;
            px[p + 2] = B;
          }
        }
      }
    }
  });
  const buf = PNG.sync.write(png);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/**
 * Units ordered by how many rows of `features` [n, H] row-major they win (largest value
 * in the row; rows whose values are all ≤ 0 have no winner), most wins first, ties by
 * unit index. Returns all H unit indices.
 */
export function unitsByWins(features: Float32Array, n: number, hidden: number): number[] {
  if (features.length !== n * hidden) throw new Error(`unitsByWins: ${features.length} values, expected ${n}×${hidden}`);
  const wins = new Float64Array(hidden);
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bv = 0;
    for (let u = 0; u < hidden; u++) {
      const v = features[i * hidden + u];
      if (v > bv) {
        bv = v;
        best = u;
      }
    }
    if (best >= 0) wins[best]++;
  }
  return Array.from({ length: hidden }, (_, u) => u).sort((a, b) => wins[b] - wins[a] || a - b);
}

/** Options of {@link receptiveFieldsSvg}: those of the PNG plus a caption. */
export interface ReceptiveFieldSvgOptions extends ReceptiveFieldOptions {
  /** One line above the grid (escaped). */
  caption?: string;
}

/**
 * The receptive-field grid of {@link receptiveFieldsPng} in an SVG with a caption and a
 * legend: the color bar of {@link bwr} from −max|W_μ| (blue) through 0 (white) to +max|W_μ|
 * (red), and how tiles are scaled and ordered. Self-contained (the grid is an inline PNG).
 */
export function receptiveFieldsSvg(weights: Float32Array, hidden: number, o: ReceptiveFieldSvgOptions = {}): string {
  const png = receptiveFieldsPng(weights, hidden, o);
  const { width, height } = pngSize(png);
  const global = o.scaling === "global";
  const pad = 10;
  const top = o.caption ? 34 : pad;
  const W = Math.max(width + 2 * pad, 420);
  const legendY = top + height + 14;
  const H = legendY + 58;
  const barW = Math.min(260, W - 2 * pad - 120);
  const esc = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const scaleText = global ? "one scale for all tiles: ±max over the drawn units of |W|" : "each tile scaled to its own max |W_μ| (symmetric)";
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    o.caption ? `<text x="${pad}" y="20" font-size="12">${esc(o.caption)}</text>` : "",
    `<image x="${pad}" y="${top}" width="${width}" height="${height}" style="image-rendering:pixelated" href="data:image/png;base64,${base64(png)}"/>`,
    `<defs><linearGradient id="bwr"><stop offset="0" stop-color="#0000ff"/><stop offset="0.5" stop-color="#ffffff"/><stop offset="1" stop-color="#ff0000"/></linearGradient></defs>`,
    `<rect x="${pad}" y="${legendY}" width="${barW}" height="10" fill="url(#bwr)" stroke="#888"/>`,
    `<text x="${pad}" y="${legendY + 22}">−max|W|</text>`,
    `<text x="${pad + barW / 2}" y="${legendY + 22}" text-anchor="middle">0</text>`,
    `<text x="${pad + barW}" y="${legendY + 22}" text-anchor="end">+max|W|</text>`,
    `<text x="${pad + barW + 12}" y="${legendY + 9}">${o.channels === 3 ? "color: 0.5 + W/(2·max|W|) per RGB channel (bar: each channel alone)" : "red: excitatory, blue: inhibitory"}</text>`,
    `<text x="${pad}" y="${legendY + 40}">${esc(scaleText)}; order: left to right, top to bottom, as given (the runner: most training images won first)</text>`,
    `</svg>`,
    "",
  ].join("\n");
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: v.getUint32(16), height: v.getUint32(20) };
}

/** Standard base64 of bytes (platform-neutral: no Buffer, no btoa). */
export function base64(bytes: Uint8Array): string {
  const A = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += A[v >> 18] + A[(v >> 12) & 63] + A[(v >> 6) & 63] + A[v & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const v = bytes[i] << 16;
    out += A[v >> 18] + A[(v >> 12) & 63] + "==";
  } else if (rest === 2) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += A[v >> 18] + A[(v >> 12) & 63] + A[(v >> 6) & 63] + "=";
  }
  return out;
}

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
 * Diverging blue–white–red colour of `v` ∈ [−1, 1] (matplotlib `bwr`):
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
 * D = tileRows·tileCols weights laid out as an image, coloured by {@link bwr}
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
  const D = tr * tc;
  const scale = o.scale ?? 1;
  const gap = o.gap ?? 1;
  const gridCols = o.gridCols ?? 10;
  const gapColor = o.gapColor ?? [0, 0, 0];
  for (const [k, v, min] of [["hidden", hidden, 1], ["tileRows", tr, 1], ["tileCols", tc, 1], ["scale", scale, 1], ["gap", gap, 0], ["gridCols", gridCols, 1]] as const) {
    if (!Number.isInteger(v) || v < min) throw new Error(`receptiveFieldsPng: ${k} must be an integer ≥ ${min}, got ${v}`);
  }
  if (weights.length !== hidden * D) {
    throw new Error(`receptiveFieldsPng: weights has ${weights.length} values, expected H·D = ${hidden}·${tr}·${tc} = ${hidden * D}`);
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
        const [R, G, B] = bwr(m > 0 ? weights[u * D + r * tc + c] / m : 0);
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

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
export declare function bwr(v: number): [number, number, number];
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
export declare function receptiveFieldsPng(weights: Float32Array, hidden: number, o?: ReceptiveFieldOptions): Uint8Array;
/**
 * Units ordered by how many rows of `features` [n, H] row-major they win (largest value
 * in the row; rows whose values are all ≤ 0 have no winner), most wins first, ties by
 * unit index. Returns all H unit indices.
 */
export declare function unitsByWins(features: Float32Array, n: number, hidden: number): number[];
/** Options of {@link receptiveFieldsSvg}: those of the PNG plus a caption. */
export interface ReceptiveFieldSvgOptions extends ReceptiveFieldOptions {
    /** One line above the grid (escaped). */
    caption?: string;
}
/**
 * The receptive-field grid of {@link receptiveFieldsPng} in an SVG with a caption and a
 * legend: the colour bar of {@link bwr} from −max|W_μ| (blue) through 0 (white) to +max|W_μ|
 * (red), and how tiles are scaled and ordered. Self-contained (the grid is an inline PNG).
 */
export declare function receptiveFieldsSvg(weights: Float32Array, hidden: number, o?: ReceptiveFieldSvgOptions): string;
/** Standard base64 of bytes (platform-neutral: no Buffer, no btoa). */
export declare function base64(bytes: Uint8Array): string;

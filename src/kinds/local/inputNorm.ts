import { unitLpRows } from "../../data/normalize.js";

/**
 * Input normalization of local learners (issue 10): every image scaled to unit
 * L^p norm, x / ‖x‖_p with ‖x‖_p = (Σ_i |x_i|^p)^(1/p), as `holzhauk/LocalLearning`
 * (`Data.py`, `LpUnitMNIST`, p = 3 = the KH p) and Krotov's advice (Biological_Learning
 * issue 4: "normalize the inputs to unit vectors") do before learning. The models apply
 * the same map in their forward pass ({@link LocalModel}), so everything downstream
 * still takes pixels in [0, 1] and attack budgets stay in pixel units.
 *
 * `"none"` leaves images as they are; a number p ≥ 1 selects unit L^p.
 */
export type InputNorm = "none" | number;

export { NORM_SUM_FLOOR } from "../../data/normalize.js";

/**
 * Rows of `images` [n, d] row-major f32 scaled to unit L^p norm, into a new array
 * (f64 sums; the data layer's {@link unitLpRows}). `"none"` returns `images` itself.
 * @throws on a bad p, a wrong length, or a non-finite value (named by image and index).
 */
export function normalizeInputs(images: Float32Array, n: number, d: number, norm: InputNorm): Float32Array {
  return norm === "none" ? images : unitLpRows(images, n, d, norm);
}

/** Short label of a normalization for results and pictures: `none`, `unit L3`. */
export function inputNormLabel(norm: InputNorm): string {
  return norm === "none" ? "none" : `unit L${norm}`;
}

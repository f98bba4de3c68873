/**
 * Input normalisation of local learners (issue 10): every image scaled to unit
 * L^p norm, x / ‖x‖_p with ‖x‖_p = (Σ_i |x_i|^p)^(1/p), as `holzhauk/LocalLearning`
 * (`Data.py`, `LpUnitMNIST`, p = 3 = the KH p) and Krotov's advice (Biological_Learning
 * issue 4: "normalise the inputs to unit vectors") do before learning. The models apply
 * the same map in their forward pass ({@link KhPipeline}), so everything downstream
 * still takes pixels in [0, 1] and attack budgets stay in pixel units.
 *
 * `"none"` leaves images as they are; a number p ≥ 1 selects unit L^p.
 */
export type InputNorm = "none" | number;
/**
 * The smallest Σ|x_i|^p divided by: an all-zero image stays zero instead of 0/0
 * (the model's forward uses the same floor, so both paths agree).
 */
export declare const NORM_SUM_FLOOR = 1e-30;
/**
 * Rows of `images` [n, d] row-major f32 scaled to unit L^p norm, into a new array
 * (f64 sums). `"none"` returns `images` itself.
 * @throws on a bad p, a wrong length, or a non-finite value (named by image and index).
 */
export declare function normalizeInputs(images: Float32Array, n: number, d: number, norm: InputNorm): Float32Array;
/** Short label of a normalisation for results and pictures: `none`, `unit L3`. */
export declare function inputNormLabel(norm: InputNorm): string;

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

/**
 * The smallest Σ|x_i|^p divided by: an all-zero image stays zero instead of 0/0
 * (the model's forward uses the same floor, so both paths agree).
 */
export const NORM_SUM_FLOOR = 1e-30;

/**
 * Rows of `images` [n, d] row-major f32 scaled to unit L^p norm, into a new array
 * (f64 sums). `"none"` returns `images` itself.
 * @throws on a bad p, a wrong length, or a non-finite value (named by image and index).
 */
export function normalizeInputs(images: Float32Array, n: number, d: number, norm: InputNorm): Float32Array {
  if (norm === "none") return images;
  const p = norm;
  if (!(p >= 1) || !Number.isFinite(p)) throw new Error(`input normalization: p must be a finite number ≥ 1, got ${p}`);
  if (images.length !== n * d) throw new Error(`input normalization: expected n × d = ${n} × ${d} values, got ${images.length}`);
  const out = new Float32Array(n * d);
  const pow = powFn(p);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    let s = 0;
    for (let j = 0; j < d; j++) {
      const v = images[row + j];
      if (!Number.isFinite(v)) throw new Error(`input normalization: image ${i} has a non-finite value (${v}) at index ${j}`);
      s += pow(Math.abs(v));
    }
    const inv = 1 / Math.pow(Math.max(s, NORM_SUM_FLOOR), 1 / p);
    for (let j = 0; j < d; j++) out[row + j] = images[row + j] * inv;
  }
  return out;
}

/** |v|^p with exact products for the integer p the papers use (p = 2, 3). */
function powFn(p: number): (a: number) => number {
  if (p === 1) return (a) => a;
  if (p === 2) return (a) => a * a;
  if (p === 3) return (a) => a * a * a;
  return (a) => Math.pow(a, p);
}

/** Short label of a normalization for results and pictures: `none`, `unit L3`. */
export function inputNormLabel(norm: InputNorm): string {
  return norm === "none" ? "none" : `unit L${norm}`;
}

/**
 * Isometry score (REFERENCES §6; Beshkov et al. 2022): the Pearson
 * correlation between input distances ‖x_i − x_j‖ and representation
 * distances ‖h_i − h_j‖ over all same-class pairs i < j. 1 means the
 * representation preserves same-class distances up to scale. f64 throughout.
 * @param x [n, d] row-major. @param h [n, hDim] row-major. @param labels [n].
 * @returns NaN when there is no same-class pair or a distance has zero variance.
 */
export function isometryScore(x: ArrayLike<number>, h: ArrayLike<number>, labels: ArrayLike<number>, n: number, d: number, hDim: number): number {
  let m = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (labels[i] !== labels[j]) continue;
      const a = dist(x, i * d, j * d, d);
      const b = dist(h, i * hDim, j * hDim, hDim);
      m++;
      sx += a;
      sy += b;
      sxx += a * a;
      syy += b * b;
      sxy += a * b;
    }
  }
  if (m < 2) return NaN;
  const cov = sxy - (sx * sy) / m;
  const vx = sxx - (sx * sx) / m;
  const vy = syy - (sy * sy) / m;
  return vx > 0 && vy > 0 ? cov / Math.sqrt(vx * vy) : NaN;
}

function dist(a: ArrayLike<number>, i: number, j: number, len: number): number {
  let s = 0;
  for (let k = 0; k < len; k++) {
    const t = a[i + k] - a[j + k];
    s += t * t;
  }
  return Math.sqrt(s);
}

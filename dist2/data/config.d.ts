import { z } from "zod";
/** Where the images come from: one of {@link DATA_SOURCES} (`mnist`, the embedded digits, by default). */
export declare const DataConfig: z.ZodObject<{
    source: z.ZodDefault<z.ZodString>;
    train: z.ZodOptional<z.ZodNumber>;
    test: z.ZodOptional<z.ZodNumber>;
    splitSeed: z.ZodDefault<z.ZodNumber>;
}, z.core.$strict>;
export type DataConfig = z.infer<typeof DataConfig>;

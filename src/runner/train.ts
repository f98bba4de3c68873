import type { Split } from "../data/types.js";
import { evaluateRobustness, type AttackReport } from "../attacks/evaluate.js";
import { accuracyPlots, criticalPlot } from "../attacks/report.js";
import type { Model } from "../models/types.js";
import { Rng } from "../rng.js";
import { initTf, tf } from "../tf.js";
import type { KernelBuild } from "../wasm/init.js";
import { DenseEngine, restoreDense, setActiveDense } from "../wasm/dense.js";
import { availableCores, createPool } from "../wasm/pool.js";
import { configHash, type CheckpointStore } from "./checkpoint.js";
import { resolveConfig, type Config } from "./config.js";
import { modelKind } from "./pipelines/index.js";
import { noProgress, type LiveOptions, type ProgressFn } from "../progress.js";

/** The results file of a training run: everything needed to reproduce and compare it. */
export interface TrainResults {
  format: "hebblab-results/1";
  command: "train";
  /** The fully resolved config (defaults filled in). */
  config: Config;
  /** Hash of `config` without `threads` (which never changes the numbers): equal hashes, equal settings. */
  configHash: string;
  seed: number;
  /** Kernel instruction set (`wasm-simd`, `wasm-scalar`, `wasm-relaxed-simd`), tfjs backend, and the kernel threads used. */
  backend: { kernels: string; tfjs: string; threads: number };
  versions: Record<string, string>;
  /** Where the data came from and its shape: images rows × cols × channels, dim values each. */
  data: { source: string; train: number; test: number; dim: number; rows: number; cols: number; channels: number; classes: number };
  metrics: Record<string, unknown> & { testAccuracy: number };
  timings: { epochSeconds: number[]; totalSeconds: number } & Record<string, unknown>;
  /** What a person must know about the run (e.g. a local layer that did not converge); empty when nothing. */
  warnings: string[];
  /** The robustness evaluation, when `config.attack` asked for one (same as `hebblab attack`). */
  attack?: AttackReport;
  startedAt: string;
  finishedAt: string;
}

/** Options of {@link runTraining}. */
export interface TrainOptions {
  onProgress?: ProgressFn;
  /** Live views while training (receptive fields, per-epoch spectrum and figures); they never change the results. */
  live?: LiveOptions;
  /** Data already in memory (the browser page); otherwise loaded from `config.data` (Node). */
  split?: Split;
  /** Package versions to record (the Node entry fills them from package.json files). */
  versions?: Record<string, string>;
  /**
   * Checkpoints saved after every epoch; when the store already holds one written by the same config,
   * training continues from it and ends with the numbers of an uninterrupted run (timings aside).
   */
  checkpoints?: CheckpointStore;
}

/**
 * Runs one training experiment from a (raw, unvalidated) config: validates
 * it, loads the data, runs the model's pipeline, and returns the results
 * record, the trained model and any pictures. Writes nothing: front ends
 * decide where files go.
 */
export async function runTraining(
  rawConfig: unknown,
  opts: TrainOptions = {},
): Promise<{ results: TrainResults; model: Model; artifacts: Record<string, Uint8Array | string> }> {
  const cfg = resolveConfig(rawConfig);
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const onProgress = opts.onProgress ?? noProgress;
  const pipeline = modelKind(cfg.model).pipeline;

  // Two pools of the same threads, never busy at once: the kernels' (KH steps, spectra) and the dense
  // engine's (every backprop product; its own memory holds the operands it reuses).
  const [pool, dense] = await Promise.all([
    createPool({ threads: cfg.threads, build: cfg.kernels }),
    DenseEngine.create({ threads: cfg.threads, build: cfg.kernels }),
    initTf(),
  ]);
  const wasm = pool.wasm;
  const before = setActiveDense(dense);
  let out: Awaited<ReturnType<typeof pipeline>>;
  let split: Split;
  try {
    split = opts.split ?? (await loadNodeSplit(cfg));
    const rng = new Rng(cfg.seed);
    out = await pipeline({ cfg, split, wasm, pool, rng, onProgress, live: opts.live, checkpoints: opts.checkpoints, configHash: configHash(cfg) });
  } finally {
    restoreDense(dense, before);
    await Promise.all([pool.dispose(), dense.dispose()]);
  }

  let attack: AttackReport | undefined;
  if (cfg.attack) {
    const t1 = performance.now();
    // The run's thread count, not the pool's: tfjs attacks do not depend on the kernel build.
    attack = await evaluateRobustness(out.model, split.test, cfg.attack, { onProgress, threads: cfg.threads ?? (await availableCores()) });
    out.timings.attackSeconds = (performance.now() - t1) / 1000;
    for (const [norm, svg] of await accuracyPlots(attack)) out.artifacts[`attack-${norm}.svg`] = svg;
    const critical = await criticalPlot(attack);
    if (critical) out.artifacts["attack-critical.svg"] = critical;
  }

  const results: TrainResults = {
    format: "hebblab-results/1",
    command: "train",
    config: cfg,
    configHash: configHash(cfg),
    seed: cfg.seed,
    backend: { kernels: kernelIsa(wasm.build), tfjs: tf.getBackend(), threads: pool.threads },
    versions: opts.versions ?? {},
    data: {
      source: split.train.source,
      train: split.train.n,
      test: split.test.n,
      dim: split.train.dim,
      rows: split.train.rows,
      cols: split.train.cols,
      channels: split.train.channels ?? 1,
      classes: split.train.classes,
    },
    metrics: out.metrics as TrainResults["metrics"],
    timings: { ...out.timings, totalSeconds: (performance.now() - t0) / 1000 },
    warnings: out.warnings ?? [],
    ...(attack ? { attack } : {}),
    startedAt,
    finishedAt: new Date().toISOString(),
  };
  return { results, model: out.model, artifacts: out.artifacts };
}

/**
 * The Node data loader (files, the `mnist` package on disk), imported only
 * when no split is given. The specifier is a variable so that a browser
 * bundle (web/) does not pull in the loader and its Node modules.
 */
async function loadNodeSplit(cfg: Config): Promise<Split> {
  const loader = "../data/load.js";
  const { loadSplit } = (await import(/* @vite-ignore */ loader)) as typeof import("../data/load.js");
  return loadSplit(cfg.data);
}

/** What the kernels compute with: the `threads` build is the `simd` code on a shared memory. */
function kernelIsa(build: KernelBuild): string {
  if (build === "threads") return "wasm-simd";
  if (build === "relaxed") return "wasm-relaxed-simd";
  return `wasm-${build}`;
}

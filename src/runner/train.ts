import type { Split } from "../data/types.js";
import { evaluateRobustness, type AttackReport } from "../attacks/evaluate.js";
import { accuracyPlots, criticalPlot } from "../attacks/report.js";
import type { Model } from "../models/types.js";
import { Rng } from "../rng.js";
import { initTf, tf } from "../tf.js";
import type { KernelBuild } from "../wasm/init.js";
import { DenseEngine, restoreDense, setActiveDense } from "../wasm/dense.js";
import { availableCores, createPool } from "../wasm/pool.js";
import { modelKind } from "../kinds/registry.js";
import type { Trained } from "../kinds/types.js";
import { runAnalyses, type AnalysesConfig } from "./analyses/registry.js";
import { configHash, kindCheckpoints, type CheckpointStore } from "./checkpoint.js";
import { resolveConfig, type Config } from "./config.js";
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
   * Checkpoints saved after every epoch (the state the kind hands over); when the store already holds
   * one written by the same kind and config, training continues from it and ends with the numbers of
   * an uninterrupted run (timings aside).
   */
  checkpoints?: CheckpointStore;
}

/**
 * Runs one training experiment from a (raw, unvalidated) config: validates it, loads the data,
 * lets the model's kind train (checkpointing every epoch through `opts.checkpoints`), then does
 * everything common once, through the {@link Model} interface: the configured analyses (accuracy,
 * spectra of every representation, isometry, ‖J‖²_F, …) and the attacks. Returns the results
 * record, the trained model and the pictures. Writes nothing: front ends decide where files go.
 */
export async function runTraining(
  rawConfig: unknown,
  opts: TrainOptions = {},
): Promise<{ results: TrainResults; model: Model; artifacts: Record<string, Uint8Array | string> }> {
  const cfg = resolveConfig(rawConfig);
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const onProgress = opts.onProgress ?? noProgress;
  const kind = modelKind(cfg.model);
  const hash = configHash(cfg);

  // Two pools of the same threads, never busy at once: the kernels' (KH steps, spectra) and the dense
  // engine's (every backprop product; its own memory holds the operands it reuses).
  const [pool, dense] = await Promise.all([
    createPool({ threads: cfg.threads, build: cfg.kernels }),
    DenseEngine.create({ threads: cfg.threads, build: cfg.kernels }),
    initTf(),
  ]);
  const wasm = pool.wasm;
  const before = setActiveDense(dense);
  let trained: Trained;
  let split: Split;
  let analyses: Awaited<ReturnType<typeof runAnalyses>>;
  let epochSeconds: number[];
  let analysesSeconds: number;
  try {
    split = opts.split ?? (await loadNodeSplit(cfg));
    const checkpoints = kindCheckpoints(opts.checkpoints, kind.name, hash);
    epochSeconds = checkpoints.epochSeconds;
    trained = await kind.train({
      section: cfg[kind.name],
      config: cfg,
      split,
      wasm,
      pool,
      rng: new Rng(cfg.seed),
      onProgress,
      live: opts.live,
      resumed: checkpoints.resumed,
      epochDone: checkpoints.epochDone,
    });
    // Whatever the kind said of its last epoch: the learning is done, its checkpoint goes to disk now.
    checkpoints.flush();
    const t1 = performance.now();
    analyses = await runAnalyses({ model: trained.model, split, wasm, pool, onProgress, given: trained.testRepresentations }, cfg.analyses as AnalysesConfig);
    analysesSeconds = (performance.now() - t1) / 1000;
  } finally {
    restoreDense(dense, before);
    await Promise.all([pool.dispose(), dense.dispose()]);
  }
  const artifacts: Record<string, Uint8Array | string> = { ...trained.artifacts, ...analyses.artifacts };
  const timings: TrainResults["timings"] = { epochSeconds, ...trained.timings, analysesSeconds, totalSeconds: 0 };

  let attack: AttackReport | undefined;
  if (cfg.attack) {
    const t1 = performance.now();
    // The run's thread count, not the pool's: tfjs attacks do not depend on the kernel build.
    attack = await evaluateRobustness(trained.model, split.test, cfg.attack, { onProgress, threads: cfg.threads ?? (await availableCores()) });
    timings.attackSeconds = (performance.now() - t1) / 1000;
    for (const [norm, svg] of await accuracyPlots(attack)) artifacts[`attack-${norm}.svg`] = svg;
    const critical = await criticalPlot(attack);
    if (critical) artifacts["attack-critical.svg"] = critical;
  }

  const results: TrainResults = {
    format: "hebblab-results/1",
    command: "train",
    config: cfg,
    configHash: hash,
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
    metrics: { ...analyses.metrics, ...trained.metrics } as TrainResults["metrics"],
    timings: { ...timings, totalSeconds: (performance.now() - t0) / 1000 },
    warnings: trained.warnings ?? [],
    ...(attack ? { attack } : {}),
    startedAt,
    finishedAt: new Date().toISOString(),
  };
  return { results, model: trained.model, artifacts };
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

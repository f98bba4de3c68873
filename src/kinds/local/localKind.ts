import type { Split } from "../../data/types.js";
import { runYielding } from "../../host.js";
import type { LiveOptions, ProgressEvent } from "../../progress.js";
import { receptiveFieldsPng, receptiveFieldsSvg, unitsByWins } from "../../report/receptiveFields.js";
import { Rng, type RngState } from "../../rng.js";
import { liveSpectrum } from "../../analysis/spectrumSummary.js";
import type { KernelPool } from "../../wasm/pool.js";
import type { Wasm } from "../../wasm/init.js";
import type { ModelKind, TrainContext, Trained } from "../types.js";
import { convergenceWarning, type ConvergenceCriterion, type ConvergenceStats } from "./convergence.js";
import { reluPowFeatures, type FeatureMap, type FeatureSettings } from "./features.js";
import { inputNormLabel, normalizeInputs, type InputNorm } from "./inputNorm.js";
import type { LocalLayer } from "./layer.js";
import { LocalModel, localModelFromArtifacts } from "./model.js";
import { trainLinearReadout } from "./readout.js";
import { ReadoutConfig } from "./readoutConfig.js";
import type { LocalRule } from "./rule.js";

/** The q of the unit-L^q input normalization a local rule's config asks for (`"p"` → p). */
export function resolvedInputNorm(sec: { inputNorm: "none" | "p" | number; p: number }): InputNorm {
  return sec.inputNorm === "p" ? sec.p : sec.inputNorm;
}

/** The config section every local rule has (its own schema's fields plus these). */
type LocalSection = { hidden: number; p: number; epochs: number; inputNorm: "none" | "p" | number; convergence: { tol: number; maxUnconverged: number; stopWhenMet: boolean } };

/** Flags every local kind reads besides its rule's own: the readout's. */
const READOUT_FLAGS = { power: "readout.n", head: "readout.head", readoutEpochs: "readout.epochs", readoutLr: "readout.lr" } as const;

/**
 * The model kind of a local rule (REFERENCES §1, §2): inputs scaled to unit L^q norm (`inputNorm`),
 * unsupervised learning of W on the training images (the rule's WASM kernels) with the
 * LocalLearning convergence check after every epoch, the readout's features (relu(I)^n, or the
 * rule's own), a readout (tfjs-wasm), as one differentiable model that applies the same
 * normalization to pixels. It reports what only a local layer has: convergence, unit norms,
 * receptive fields.
 */
export function localKind<R extends LocalRule>(rule: R): ModelKind<R["schema"]> & { readonly name: R["name"]; readonly sharedSections: { readout: typeof ReadoutConfig } } {
  const featureMap = (s: FeatureSettings): FeatureMap => {
    const own = rule.features?.make(s);
    if (own) return own;
    if (s.kind !== "relu-pow") throw new Error(`${rule.name} model: unknown readout features '${s.kind}'`);
    return reluPowFeatures(Number(s.n));
  };
  return {
    name: rule.name,
    title: rule.title,
    description: `${rule.description} + readout`,
    schema: rule.schema,
    flags: { ...Object.fromEntries(Object.entries(rule.flags).map(([flag, field]) => [flag, `${rule.name}.${field}`])), ...READOUT_FLAGS },
    sharedSections: { readout: ReadoutConfig },
    ...(rule.readout ? { defaults: { readout: rule.readout } } : {}),
    needsImages: true,
    presets: rule.presets,
    kernels: rule.kernels,
    train: (ctx) => trainLocal(rule, ctx as TrainContext<LocalSection>, featureMap),
    load: (a) => localModelFromArtifacts(rule.name, a, featureMap),
  };
}

/** A local kind's training: the layer, then its readout. */
async function trainLocal(rule: LocalRule, ctx: TrainContext<LocalSection>, featureMap: (s: FeatureSettings) => FeatureMap): Promise<Trained> {
  const { section: sec, split, wasm, pool, rng, onProgress } = ctx;
  const { train, test } = split;
  const readoutCfg = ctx.config.readout as ReadoutConfig;
  const features = featureMap(rule.features?.chosen(sec) ?? { kind: "relu-pow", n: readoutCfg.n });
  const norm = resolvedInputNorm(sec);
  const trainX = normalizeInputs(train.images, train.n, train.dim, norm);
  const testX = normalizeInputs(test.images, test.n, test.dim, norm);
  const layer = rule.create(wasm, sec, train.dim, rng.fork(`${rule.name}-init`), { pool });
  try {
    const criterion = { tol: sec.convergence.tol, maxUnconverged: sec.convergence.maxUnconverged };
    const run = await learn(rule, layer, trainX, ctx, criterion, features, testX);

    const t0 = performance.now();
    const trainFeatures = features.host(layer, trainX, train.n);
    const featureSeconds = (performance.now() - t0) / 1000;
    const readout = await trainLinearReadout(trainFeatures, train.labels, train.n, sec.hidden, train.classes, readoutCfg, rng.fork("readout"), onProgress);
    const model = new LocalModel(
      { inputDim: train.dim, hidden: sec.hidden, classes: train.classes, p: sec.p, inputNorm: norm },
      {
        synapses: layer.synapses(),
        readoutWeight: (await readout.weight.data()) as Float32Array,
        readoutBias: (await readout.bias.data()) as Float32Array,
        mean: readout.mean,
        std: readout.std,
      },
      { kind: rule.name, features },
    );
    readout.weight.dispose();
    readout.bias.dispose();

    // Zero epochs leave no per-epoch record: measure the layer as it stands.
    const final: ConvergenceStats = run.convergence.at(-1) ?? layer.convergence(0, criterion);
    const warning = convergenceWarning(final, layer.radius, criterion);
    const fields = fieldPictures(rule, layer, trainFeatures, split, `${run.epochs} epochs, inputs ${inputNormLabel(norm)}, ${(final.fractionConverged * 100).toFixed(1)} % of units on the p-sphere`);
    return {
      model,
      metrics: {
        readoutFinalLoss: readout.finalLoss,
        unitNorms: { p: sec.p, R: layer.radius, median: final.norms.median, p5: final.norms.p5, p95: final.norms.p95, fractionWithin1PercentOfR: fractionNear(layer.unitNorms(), layer.radius) },
        inputNorm: inputNormLabel(norm),
        convergence: convergenceRecord(criterion, final, run),
        fieldsUnits: fields.units,
      },
      warnings: warning ? [warning] : [],
      timings: { featureSeconds, readoutEpochSeconds: readout.epochSeconds },
      artifacts: fields.artifacts,
      // The readout's features of the test images, on the layer's own kernels (the analyses' `features`).
      testRepresentations: { features: features.host(layer, testX, test.n) },
    };
  } finally {
    layer.dispose();
  }
}

/** What learning the layer leaves: the per-epoch convergence records (resumed ones included) and whether it stopped early. */
interface Learned {
  epochs: number;
  convergence: ConvergenceStats[];
  stoppedEarly: boolean;
}

/**
 * Trains the layer from `ctx.resumed` (W, win counts, the shuffle stream, the records so far) or
 * from scratch, handing the runner the state after every epoch.
 */
async function learn(rule: LocalRule, layer: LocalLayer, trainX: Float32Array, ctx: TrainContext<LocalSection>, criterion: ConvergenceCriterion, features: FeatureMap, testX: Float32Array): Promise<Learned> {
  const { section: sec, rng, resumed } = ctx;
  const before = { convergence: (resumed?.meta.convergence as ConvergenceStats[] | undefined) ?? [], stopped: resumed?.meta.stopped === true };
  if (resumed) layer.restore({ w: resumed.arrays.w as Float32Array, wins: resumed.arrays.wins as Float64Array });
  const shuffle = resumed ? Rng.fromState(resumed.meta.shuffle as RngState) : rng.fork(`${rule.name}-shuffle`);
  if (before.stopped) return { epochs: before.convergence.length, convergence: before.convergence, stoppedEarly: true };
  const views = liveViews(ctx.live, rule, layer, features, testX, ctx.split, sec.epochs, ctx.wasm, ctx.pool);
  // One epoch at a time, yielding to the event loop between them so that a signal handler can run.
  const now = await runYielding(layer.trainEpochs(trainX, ctx.split.train.n, {
    onProgress: views ? (e) => (ctx.onProgress(e), views.progress(e)) : ctx.onProgress,
    rng: shuffle,
    convergence: { criterion, stopWhenMet: sec.convergence.stopWhenMet },
    startEpoch: resumed?.epoch ?? 0,
    onEpochEnd: (epoch, soFar) => {
      views?.epochEnd(epoch, soFar.convergence.at(-1));
      ctx.epochDone(
        {
          epoch,
          last: soFar.stopping || epoch === sec.epochs,
          meta: { stopped: soFar.stopping, shuffle: shuffle.state(), convergence: [...before.convergence, ...soFar.convergence] },
          arrays: { w: layer.weights(), wins: layer.wins() },
        },
        soFar.epochSeconds.at(-1) ?? 0,
      );
    },
  }));
  const convergence = [...before.convergence, ...now.convergence];
  return { epochs: (resumed?.epoch ?? 0) + now.epochSeconds.length, convergence, stoppedEarly: now.stoppedEarly };
}

/** The results' `convergence` record: the criterion, the final figures and the per-epoch series. */
function convergenceRecord(criterion: ConvergenceCriterion, final: ConvergenceStats, run: Learned) {
  return {
    criterion: { ...criterion, source: "holzhauk/LocalLearning weight_convergence_criterion + weight_mean_criterion" },
    converged: final.converged,
    epochsRun: run.epochs,
    stoppedEarly: run.stoppedEarly,
    final,
    /** Per-epoch series, one entry per epoch run. */
    byEpoch: {
      fractionConverged: run.convergence.map((c) => c.fractionConverged),
      normMedian: run.convergence.map((c) => c.norms.median),
      normP5: run.convergence.map((c) => c.norms.p5),
      normP95: run.convergence.map((c) => c.norms.p95),
      wrongAttractor: run.convergence.map((c) => c.wrongAttractor),
      neverWon: run.convergence.map((c) => c.neverWon),
    },
  };
}

/** Receptive fields of the units that win the most training images now (largest current): the prototypes first. */
function fieldPictures(rule: LocalRule, layer: LocalLayer, trainFeatures: Float32Array, split: Split, what: string) {
  const H = layer.hidden;
  const units = unitsByWins(trainFeatures, split.train.n, H).slice(0, Math.min(100, H));
  const tile = { tileRows: split.train.rows, tileCols: split.train.cols, channels: split.train.channels ?? 1, units, scale: 3 };
  const caption = `${rule.title} receptive fields W_μ of the ${units.length} units that win the most training images (of ${H}; ${what})`;
  const weights = layer.weights();
  return { units, artifacts: { "fields.png": receptiveFieldsPng(weights, H, tile), "fields.svg": receptiveFieldsSvg(weights, H, { ...tile, caption }) } };
}

/** Fraction of norms within 1 % of R (relative; kept beside the absolute LocalLearning criterion). */
function fractionNear(norms: Float64Array, R: number): number {
  return norms.filter((v) => Math.abs(v - R) <= 0.01 * R).length / norms.length;
}

/**
 * The live views of a local layer while it learns ({@link LiveOptions}): its most-winning units'
 * receptive fields every `fieldsEveryMs`, and after each epoch the convergence figures and the
 * spectrum of the readout's features on the first test images (via the Gram matrix). Reads the
 * weights only: the run's numbers do not change.
 */
function liveViews(live: LiveOptions | undefined, rule: LocalRule, layer: LocalLayer, features: FeatureMap, testX: Float32Array, split: Split, epochs: number, wasm: Wasm, pool?: KernelPool) {
  if (!live) return null;
  const H = layer.hidden;
  const D = layer.inputDim;
  const tile = { tileRows: split.train.rows, tileCols: split.train.cols, channels: split.train.channels ?? 1 };
  const every = live.fieldsEveryMs ?? 1000;
  const m = Math.min(live.spectrumImages ?? 500, split.test.n);
  let last = -Infinity;
  const fields = (epoch: number, done: number) => {
    last = performance.now();
    const wins = layer.wins();
    const units = Array.from({ length: H }, (_, i) => i)
      .sort((a, b) => wins[b] - wins[a] || a - b)
      .slice(0, Math.min(100, H));
    const svg = receptiveFieldsSvg(layer.weights(), H, { ...tile, units, scale: 2, caption: `${rule.title}, epoch ${epoch}: the ${units.length} units that have won the most` });
    live.onLive({ kind: "fields", stage: rule.name, epoch, done, svg });
  };
  return {
    progress(e: ProgressEvent) {
      if (e.epoch !== undefined && performance.now() - last >= every) fields(e.epoch, e.done);
    },
    epochEnd(epoch: number, c: ConvergenceStats | undefined) {
      fields(epoch, split.train.n);
      if (c) live.onLive({ kind: "epoch", stage: rule.name, epoch, epochs, figures: { fractionConverged: c.fractionConverged, normMedian: c.norms.median } });
      if (m >= 2) live.onLive(liveSpectrum(wasm, features.host(layer, testX.subarray(0, m * D), m), m, H, rule.name, epoch, features.label, pool));
    },
  };
}

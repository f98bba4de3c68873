import { convergenceWarning, type ConvergenceStats } from "../../learners/convergence.js";
import { inputNormLabel, normalizeInputs, type InputNorm } from "../../learners/inputNorm.js";
import type { LocalLayer } from "../../learners/localLayer.js";
import type { LocalRule } from "../../learners/rules.js";
import type { Split } from "../../data/types.js";
import type { LiveOptions, ProgressEvent } from "../../progress.js";
import type { KernelPool } from "../../wasm/pool.js";
import type { Wasm } from "../../wasm/init.js";
import { runYielding } from "../../host.js";
import { Rng, type RngState } from "../../rng.js";
import { resumable } from "../checkpoint.js";
import { isometryScore, logitJacobianFro2 } from "../../analysis/geometry.js";
import { accuracy } from "../../models/evaluate.js";
import { LocalModel } from "../../models/localModel.js";
import { trainLinearReadout } from "../../training/readout.js";
import { receptiveFieldsPng, receptiveFieldsSvg, unitsByWins } from "../../report/receptiveFields.js";
import type { Config } from "../config.js";
import { liveSpectrum, spectrumMetrics } from "../spectrumMetrics.js";
import type { ModelKind, Pipeline } from "./types.js";

/** Test images for ‖J‖²_F and the isometry score (as `mlp.metricsImages`). */
const METRICS_IMAGES = 1000;

/** The q of the unit-L^q input normalisation a local rule's config asks for (`"p"` → p). */
export function resolvedInputNorm(sec: { inputNorm: "none" | "p" | number; p: number }): InputNorm {
  return sec.inputNorm === "p" ? sec.p : sec.inputNorm;
}

/** The config section a local rule reads (its own schema's fields plus those every local rule has). */
type LocalSection = { hidden: number; p: number; inputNorm: "none" | "p" | number; convergence: { tol: number; maxUnconverged: number; stopWhenMet: boolean } };

/**
 * The pipeline of every local rule (REFERENCES §1, §2): inputs scaled to unit L^q norm
 * (`inputNorm`), unsupervised learning of W on the training images (WASM kernels) with the
 * LocalLearning convergence check after every epoch and a checkpoint per epoch, features
 * relu(I)^n, a readout (tfjs-wasm), evaluated through the differentiable model that attacks and
 * analyses use (which applies the same normalisation to pixels).
 */
function localPipeline(rule: LocalRule): Pipeline {
  return async ({ cfg, split, wasm, pool, rng, onProgress, live, checkpoints, configHash }) => {
    const { train, test } = split;
    const sec = (cfg as unknown as Record<string, LocalSection>)[rule.name];
    const norm = resolvedInputNorm(sec);
    const trainX = normalizeInputs(train.images, train.n, train.dim, norm);
    const testX = normalizeInputs(test.images, test.n, test.dim, norm);
    const learner = rule.create(wasm, sec, train.dim, rng.fork(`${rule.name}-init`), { pool });
    const R = learner.cfg.R;
    try {
      const criterion = { tol: sec.convergence.tol, maxUnconverged: sec.convergence.maxUnconverged };
      // A checkpoint offered after every epoch (the store decides when to write): W, win counts, the
      // shuffle stream and the records so far.
      const cp = resumable(checkpoints, rule.name, configHash);
      const before = {
        epochSeconds: (cp?.meta.epochSeconds as number[] | undefined) ?? [],
        convergence: (cp?.meta.convergence as ConvergenceStats[] | undefined) ?? [],
        stopped: cp?.meta.stopped === true,
      };
      if (cp) learner.restore({ w: cp.arrays.w as Float32Array, wins: cp.arrays.wins as Float64Array });
      const shuffle = cp ? Rng.fromState(cp.meta.shuffle as RngState) : rng.fork(`${rule.name}-shuffle`);
      const views = liveViews(live, rule, learner, testX, split, cfg, wasm, pool);
      const now = before.stopped
        ? { epochSeconds: [], convergence: [], stoppedEarly: true }
        : await runYielding(learner.trainEpochs(trainX, train.n, {
            onProgress: views ? (e) => (onProgress(e), views.progress(e)) : onProgress,
            rng: shuffle,
            convergence: { criterion, stopWhenMet: sec.convergence.stopWhenMet },
            startEpoch: cp?.meta.epoch ?? 0,
            onEpochEnd: (epoch, soFar) => {
              views?.epochEnd(epoch, soFar.convergence.at(-1));
              checkpoints?.save({
                meta: {
                  pipeline: rule.name,
                  configHash,
                  epoch,
                  stopped: soFar.stopping,
                  shuffle: shuffle.state(),
                  epochSeconds: [...before.epochSeconds, ...soFar.epochSeconds],
                  convergence: [...before.convergence, ...soFar.convergence],
                },
                arrays: { w: learner.weights(), wins: learner.wins() },
              });
            },
          }));
      // The last epoch's checkpoint now, whatever the time budget: a run stopped during the readout or
      // the attacks resumes after the learning.
      checkpoints?.flush();
      const run = {
        epochSeconds: [...before.epochSeconds, ...now.epochSeconds],
        convergence: [...before.convergence, ...now.convergence],
        stoppedEarly: now.stoppedEarly,
      };

      const t0 = performance.now();
      const trainFeatures = readoutFeatures(learner, trainX, train.n, cfg.readout);
      const featureSeconds = (performance.now() - t0) / 1000;

      const readout = await trainLinearReadout(trainFeatures, train.labels, train.n, sec.hidden, train.classes, cfg.readout, rng.fork("readout"), onProgress);
      const model = new LocalModel(
        {
          inputDim: train.dim,
          hidden: sec.hidden,
          classes: train.classes,
          p: sec.p,
          n: cfg.readout.n,
          inputNorm: norm,
          learner: rule.name,
          ...(cfg.readout.activation === "softmax" ? { activation: "softmax" as const, tInv: cfg.readout.tInv } : {}),
        },
        {
          synapses: learner.synapses(),
          readoutWeight: (await readout.weight.data()) as Float32Array,
          readoutBias: (await readout.bias.data()) as Float32Array,
          mean: readout.mean,
          std: readout.std,
        },
      );
      readout.weight.dispose();
      readout.bias.dispose();

      // α of the representation the readout sees, on the test images (as for the MLPs).
      const t1 = performance.now();
      const testFeatures = readoutFeatures(learner, testX, test.n, cfg.readout);
      const spectrum = spectrumMetrics(wasm, testFeatures, test.n, sec.hidden, `${featureLabel(cfg.readout)} (test images)`, pool);
      const spectrumSeconds = (performance.now() - t1) / 1000;

      // Zero epochs leave no per-epoch record: measure the layer as it stands.
      const final: ConvergenceStats = run.convergence.at(-1) ?? learner.convergence(0, criterion);
      const warning = convergenceWarning(final, R, criterion);
      const weights = learner.weights();
      // Units ranked by how many training images they win now (largest current): the prototypes first.
      const order = unitsByWins(trainFeatures, train.n, sec.hidden);
      const shown = order.slice(0, Math.min(100, sec.hidden));
      const tile = { tileRows: train.rows, tileCols: train.cols, channels: train.channels ?? 1 };
      const caption =
        `${rule.title} receptive fields W_μ of the ${shown.length} units that win the most training images (of ${sec.hidden}; ` +
        `${run.epochSeconds.length} epochs, inputs ${inputNormLabel(norm)}, ${(final.fractionConverged * 100).toFixed(1)} % of units on the p-sphere)`;

      // The geometry every model of a study reports alike (as the MLP pipeline does), on the first test images.
      const m = Math.min(METRICS_IMAGES, test.n);
      const sub = test.images.subarray(0, m * test.dim);
      const metrics = {
        testAccuracy: await accuracy(model, test),
        jacobianFro2: logitJacobianFro2(model, sub, m, test.dim),
        isometry: isometryScore(sub, testFeatures.subarray(0, m * sec.hidden), test.labels, m, test.dim, sec.hidden),
        metricsImages: m,
        trainAccuracy: await accuracy(model, train),
        readoutFinalLoss: readout.finalLoss,
        unitNorms: { p: sec.p, R, median: final.norms.median, p5: final.norms.p5, p95: final.norms.p95, fractionWithin1PercentOfR: fractionNear(learner.unitNorms(), R) },
        inputNorm: inputNormLabel(norm),
        convergence: {
          criterion: { ...criterion, source: "holzhauk/LocalLearning weight_convergence_criterion + weight_mean_criterion" },
          converged: final.converged,
          epochsRun: run.epochSeconds.length,
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
        },
        fieldsUnits: shown,
        spectrum,
      };
      return {
        model,
        metrics,
        warnings: warning ? [warning] : [],
        timings: { epochSeconds: run.epochSeconds, featureSeconds, readoutEpochSeconds: readout.epochSeconds, spectrumSeconds },
        artifacts: {
          "fields.png": receptiveFieldsPng(weights, sec.hidden, { ...tile, units: shown, scale: 3 }),
          "fields.svg": receptiveFieldsSvg(weights, sec.hidden, { ...tile, units: shown, scale: 3, caption }),
        },
      };
    } finally {
      learner.dispose();
    }
  };
}

/**
 * The readout's features of `x` [n, D]: relu(I)^n on the pool, or softmax over the H units of tInv·I
 * per image (f64 sums), as `LocalModel`'s forward computes them.
 */
function readoutFeatures(learner: LocalLayer, x: Float32Array, n: number, r: Config["readout"]): Float32Array {
  if (r.activation !== "softmax") return learner.features(x, n, r.n);
  const f = learner.currents(x, n);
  const H = learner.hidden;
  const e = new Float64Array(H);
  for (let i = 0; i < n; i++) {
    const row = f.subarray(i * H, (i + 1) * H);
    let m = -Infinity;
    for (let u = 0; u < H; u++) m = Math.max(m, row[u]);
    let s = 0;
    for (let u = 0; u < H; u++) s += e[u] = Math.exp(r.tInv * (row[u] - m));
    for (let u = 0; u < H; u++) row[u] = e[u] / s;
  }
  return f;
}

/** Fraction of norms within 1 % of R (relative; kept beside the absolute LocalLearning criterion). */
function fractionNear(norms: Float64Array, R: number): number {
  return norms.filter((v) => Math.abs(v - R) <= 0.01 * R).length / norms.length;
}

/** Flags every local kind reads besides its rule's own: the readout's. */
const READOUT_FLAGS = { power: "readout.n", head: "readout.head", readoutEpochs: "readout.epochs", readoutLr: "readout.lr" } as const;

/** The model kind of a local rule: its layer, then the shared readout, spectra and attacks. */
export function localKind(rule: LocalRule): ModelKind {
  return {
    name: rule.name,
    description: `${rule.description} + readout`,
    pipeline: localPipeline(rule),
    savedAs: "kh",
    flags: { ...Object.fromEntries(Object.entries(rule.flags).map(([flag, field]) => [flag, `${rule.name}.${field}`])), ...READOUT_FLAGS },
  };
}

/**
 * The live views of a local layer while it learns ({@link LiveOptions}): its most-winning units'
 * receptive fields every `fieldsEveryMs`, and after each epoch the convergence figures and the
 * spectrum of the readout's features on the first test images (via the Gram matrix). Reads the
 * weights only: the run's numbers do not change.
 */
function liveViews(live: LiveOptions | undefined, rule: LocalRule, learner: LocalLayer, testX: Float32Array, split: Split, cfg: Config, wasm: Wasm, pool?: KernelPool) {
  if (!live) return null;
  const H = learner.hidden;
  const D = learner.inputDim;
  const tile = { tileRows: split.train.rows, tileCols: split.train.cols, channels: split.train.channels ?? 1 };
  const every = live.fieldsEveryMs ?? 1000;
  const m = Math.min(live.spectrumImages ?? 500, split.test.n);
  let last = -Infinity;
  const fields = (epoch: number, done: number) => {
    last = performance.now();
    const wins = learner.wins();
    const units = Array.from({ length: H }, (_, i) => i)
      .sort((a, b) => wins[b] - wins[a] || a - b)
      .slice(0, Math.min(100, H));
    const svg = receptiveFieldsSvg(learner.weights(), H, { ...tile, units, scale: 2, caption: `${rule.title}, epoch ${epoch}: the ${units.length} units that have won the most` });
    live.onLive({ kind: "fields", stage: rule.name, epoch, done, svg });
  };
  return {
    progress(e: ProgressEvent) {
      if (e.epoch !== undefined && performance.now() - last >= every) fields(e.epoch, e.done);
    },
    epochEnd(epoch: number, c: ConvergenceStats | undefined) {
      fields(epoch, split.train.n);
      const epochs = (cfg as unknown as Record<string, { epochs: number }>)[rule.name].epochs;
      if (c) {
        live.onLive({
          kind: "epoch",
          stage: rule.name,
          epoch,
          epochs,
          figures: { fractionConverged: c.fractionConverged, normMedian: c.norms.median },
        });
      }
      if (m >= 2) {
        const f = readoutFeatures(learner, testX.subarray(0, m * D), m, cfg.readout);
        live.onLive(liveSpectrum(wasm, f, m, H, rule.name, epoch, featureLabel(cfg.readout), pool));
      }
    },
  };
}

/** What the readout sees, in words (for pictures and the spectrum's label). */
function featureLabel(r: Config["readout"]): string {
  return r.activation === "softmax" ? `features softmax(${r.tInv}·I)` : `features relu(I)^${r.n}`;
}

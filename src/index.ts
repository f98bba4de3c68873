/**
 * hebblab's platform-neutral API (Node and browser bundles). File loading,
 * results writing and the CLI are in `hebblab/node`.
 */
export { Rng } from "./rng.js";
export { init, instantiateOn, resolveBuild, type KernelBuild, type InitOptions, type Wasm } from "./wasm/init.js";
export { Arena } from "./wasm/arena.js";
export { createPool, KernelPool, type PoolOptions } from "./wasm/pool.js";
export { KERNELS } from "./kernels/registry.js";
export { covariance } from "./kernels/covariance.js";
export { symmetricEigen } from "./kernels/eigen.js";
export { initTf, tf } from "./tf.js";

export type { Dataset, Split } from "./data/types.js";
export { createDataset, validateDataset, validateSplit } from "./data/validate.js";
export { mnistFromDigits, mnistSplit } from "./data/mnist.js";
export { shuffleSplit } from "./data/split.js";
export { parseIdxImages, parseIdxLabels, idxDataset } from "./data/idx.js";

export { KrotovHopfield } from "./kinds/kh/learner.js";
export { SoftHebb } from "./kinds/softhebb/learner.js";
export { MODEL_KINDS, modelKind, modelFromArtifacts, type ModelKind } from "./kinds/registry.js";
export type { TrainContext, Trained, KindState } from "./kinds/types.js";
export { localKind } from "./kinds/local/localKind.js";
export type { LocalRule } from "./kinds/local/rule.js";

export type { Model, ModelArtifacts, ForwardOptions } from "./models/types.js";
export { LocalModel } from "./kinds/local/model.js";
export { Mlp } from "./kinds/mlp/model.js";
export { trainLinearReadout } from "./kinds/local/readout.js";
export { accuracy, predict } from "./models/accuracy.js";
export { REGULARIZERS, regularizerFromConfig } from "./regularizers/registry.js";

export { analyzeSpectrum, fitPowerLaw, participationRatio, componentsForVariance, SpectrumError } from "./analysis/spectrum.js";
export { cvPCA } from "./analysis/cvpca.js";
export { isometryScore } from "./analysis/isometry.js";
export { logitJacobianFro2 } from "./analysis/jacobian.js";
export { weightNorm } from "./analysis/weightNorm.js";

export { ATTACKS, ATTACK_NAMES, makeAttack } from "./attacks/registry.js";
export { SUITES, SUITE_NAMES } from "./attacks/suites.js";
export { evaluateRobustness } from "./attacks/evaluate.js";

export { resolveConfig, Config } from "./runner/config.js";
export { runTraining, type TrainResults, type TrainOptions } from "./runner/train.js";
export { ANALYSES, runAnalyses } from "./runner/analyses/registry.js";
export type { Analysis } from "./runner/analyses/types.js";
export type { ProgressEvent, ProgressFn } from "./progress.js";
export { linePlotSvg } from "./report/plot.js";
export { receptiveFieldsPng } from "./report/receptiveFields.js";

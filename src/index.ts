/**
 * hebblab's platform-neutral API (Node and browser bundles). File loading,
 * results writing and the CLI are in `hebblab/node`.
 */
export { Rng } from "./rng.js";
export { init, instantiateOn, resolveFlavour, type Flavour, type InitOptions, type Wasm } from "./wasm/init.js";
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

export { KrotovHopfield } from "./learners/krotov/learner.js";
export { LOCAL_RULES, localRule, type LocalRule } from "./learners/rules.js";

export type { Model, ModelArtifacts, ForwardOptions } from "./models/types.js";
export { LocalModel } from "./models/localModel.js";
export { Mlp } from "./models/mlp.js";
export { modelFromArtifacts, MODEL_LOADERS } from "./models/registry.js";
export { trainLinearReadout } from "./training/readout.js";
export { accuracy, predict } from "./models/evaluate.js";
export { REGULARIZERS, regularizerFromConfig } from "./regularizers/registry.js";

export { analyzeSpectrum, fitPowerLaw, participationRatio, componentsForVariance, SpectrumError } from "./analysis/spectrum.js";
export { cvPCA } from "./analysis/cvpca.js";
export { isometryScore, logitJacobianFro2, weightNorm } from "./analysis/geometry.js";

export { ATTACKS, ATTACK_NAMES, makeAttack } from "./attacks/registry.js";
export { SUITES, SUITE_NAMES } from "./attacks/suites.js";
export { evaluateRobustness } from "./attacks/evaluate.js";

export { resolveConfig, Config } from "./runner/config.js";
export { runTraining, type TrainResults, type TrainOptions } from "./runner/train.js";
export type { ProgressEvent, ProgressFn } from "./progress.js";
export { linePlotSvg } from "./report/plot.js";
export { receptiveFieldsPng } from "./report/receptiveFields.js";

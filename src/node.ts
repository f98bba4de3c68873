/** hebblab's Node-only API: data files, model files, atomic results, the CLI. */
export { loadSplit } from "./data/load.js";
export { loadIdxSplit } from "./data/idxNode.js";
export { loadMnistSplit } from "./data/mnistNode.js";
export { saveModel } from "./models/io.js";
export { loadModel } from "./kinds/loadModelNode.js";
export { checkWritableDir, checkWritableFile, writeAtomic, writeJson } from "./files.js";
export { versions } from "./runner/versions.js";
export { readMatrix, writeHbm } from "./analysis/matrixFile.js";
export { main as cli } from "./cli/main.js";

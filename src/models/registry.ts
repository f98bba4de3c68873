/**
 * The attack worker's way to rebuild a model (`src/attacks/worker.ts` imports it from here). The
 * loaders belong to the model kinds (`src/kinds/registry.ts`, `modelFromArtifacts`); this re-export
 * is the one import from below the kinds to them, kept until the attack worker imports the kinds'
 * registry itself (test/structure/layers.test.ts names it as the one exception).
 */
export { modelFromArtifacts } from "../kinds/registry.js";

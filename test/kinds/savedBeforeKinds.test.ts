// Models saved before the model kind recorded its rule (test/fixtures/saved-before-kinds/: written by
// `hebblab train --save` of the code before issue 24, which said kind `kh` for every local rule and
// named the rule in config.learner) still load, through the rule's own kind, with the same numbers.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadSplit } from "../../src/data/load.js";
import { DataConfig } from "../../src/data/config.js";
import { loadModel } from "../../src/kinds/loadModelNode.js";
import { accuracy } from "../../src/models/accuracy.js";
import { initTf } from "../../src/tf.js";

const FIXTURES = join(__dirname, "../fixtures/saved-before-kinds");

describe("local models saved before kinds named their rule", () => {
  beforeAll(() => initTf());

  for (const [dir, rule, features] of [
    ["kh", "kh", "relu-pow"],
    ["softhebb", "softhebb", "softmax"],
  ] as const) {
    it(`${dir}: saved as kind 'kh' with learner '${rule}', loads as the ${rule} kind with its ${features} features and its recorded test accuracy`, async () => {
      const { model, meta } = await loadModel(join(FIXTURES, dir));
      try {
        expect(model.kind).toBe(rule);
        const saved = meta as { metrics: { testAccuracy: number }; config: { data: unknown } };
        const { test } = await loadSplit(DataConfig.parse(saved.config.data));
        expect(await accuracy(model, test)).toBe(saved.metrics.testAccuracy);
        const again = await model.serialize();
        expect(again.kind).toBe(rule);
        expect((again.config.features as { kind: string }).kind).toBe(features);
      } finally {
        model.dispose();
      }
    });
  }
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as api from "../src/index.js";
import * as nodeApi from "../src/node.js";

describe("public entry points", () => {
  it("the platform-neutral entry exposes the pipeline's pieces", () => {
    for (const name of ["init", "Rng", "KrotovHopfield", "LocalModel", "Mlp", "analyzeSpectrum", "evaluateRobustness", "runTraining", "resolveConfig"]) {
      expect(typeof (api as Record<string, unknown>)[name], name).toBe("function");
    }
  });

  it("the Node entry exposes file loading, model files and the CLI", () => {
    for (const name of ["loadSplit", "saveModel", "loadModel", "writeJson", "cli"]) {
      expect(typeof (nodeApi as Record<string, unknown>)[name], name).toBe("function");
    }
  });

  it("the platform-neutral entry imports no node: module directly", () => {
    const src = readFileSync(new URL("../src/index.ts", import.meta.url), "utf8");
    const files = [...src.matchAll(/from "\.\/(.+?)\.js"/g)].map((m) => m[1]);
    for (const f of files) {
      const text = readFileSync(new URL(`../src/${f}.ts`, import.meta.url), "utf8");
      expect(/^import .* from "node:/m.test(text), `src/${f}.ts imports a node: module`).toBe(false);
    }
  });
});

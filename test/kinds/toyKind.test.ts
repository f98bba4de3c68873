// Issue 24: a model kind is one entry of one list. A toy kind, written here and nowhere else, is added
// to the kinds' registry (a mock of src/kinds/registry.ts: the real list plus the toy) and removed again;
// while it is there, the config, the CLI's flags and help, the page's schema, presets, study arms, the
// runner's analyses, checkpoints, attacks and the loader of saved models all know it, and none of
// their code names it.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { ModelKind, TrainContext } from "../../src/kinds/types.js";
import type { ForwardOptions, Model, ModelArtifacts } from "../../src/models/types.js";
import { tf } from "../../src/tf.js";

/** Nearest class mean as a differentiable model: scores s = x·Mᵀ [B, C], logits 2s − ‖m_c‖². */
class ClassMeans implements Model {
  readonly kind = "toy";
  readonly stochastic = false;
  readonly hiddenNames = ["scores"] as const;
  private readonly mT: tf.Tensor2D;
  private readonly norms: tf.Tensor1D;

  constructor(
    readonly inputDim: number,
    readonly classes: number,
    private readonly means: Float32Array,
  ) {
    this.mT = tf.tidy(() => tf.transpose(tf.tensor2d(means, [classes, inputDim])) as tf.Tensor2D);
    this.norms = tf.tidy(() => tf.sum(tf.square(tf.tensor2d(means, [classes, inputDim])), 1) as tf.Tensor1D);
  }

  hidden(x: tf.Tensor2D, name: string, _opts?: ForwardOptions): tf.Tensor2D {
    if (name !== "scores") throw new Error(`toy model has no '${name}'`);
    return tf.matMul(x, this.mT);
  }

  logits(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.sub(tf.mul(this.hidden(x, "scores"), 2), this.norms) as tf.Tensor2D);
  }

  trainableVariables(): tf.Variable[] {
    return [];
  }

  async serialize(): Promise<ModelArtifacts> {
    return { kind: this.kind, config: { inputDim: this.inputDim, classes: this.classes }, tensors: { means: { shape: [this.classes, this.inputDim], data: this.means.slice() } } };
  }

  dispose(): void {
    this.mT.dispose();
    this.norms.dispose();
  }
}

const ToySection = z
  .object({
    epochs: z.number().int().min(1).default(2).describe("Passes over the training images (each recomputes the means)."),
    shrink: z.number().min(0).max(1).default(0).describe("Shrinks every mean towards the grand mean by this fraction."),
  })
  .strict();

/** The toy kind: its whole "folder" is this object and the class above. */
const toyKind: ModelKind<typeof ToySection> = {
  name: "toy",
  title: "Class means",
  description: "nearest class mean (a test's toy kind)",
  schema: ToySection,
  flags: { toyShrink: "toy.shrink" },
  presets: [{ format: "hebblab-preset/1", name: "toy-shrunk", version: 1, title: "Shrunk means", source: "this test", config: { model: "toy", toy: { shrink: 0.5 } } }],
  async train(ctx: TrainContext<z.infer<typeof ToySection>>) {
    const { train } = ctx.split;
    const D = train.dim;
    const C = train.classes;
    let means = (ctx.resumed?.arrays.means as Float32Array | undefined) ?? new Float32Array(C * D);
    for (let e = (ctx.resumed?.epoch ?? 0) + 1; e <= ctx.section.epochs; e++) {
      const sum = new Float64Array(C * D);
      const count = new Float64Array(C);
      const grand = new Float64Array(D);
      for (let i = 0; i < train.n; i++) {
        count[train.labels[i]]++;
        for (let j = 0; j < D; j++) {
          sum[train.labels[i] * D + j] += train.images[i * D + j];
          grand[j] += train.images[i * D + j] / train.n;
        }
      }
      means = Float32Array.from(sum, (v, k) => (1 - ctx.section.shrink) * (v / Math.max(count[Math.floor(k / D)], 1)) + ctx.section.shrink * grand[k % D]);
      ctx.onProgress({ stage: "toy", done: train.n, total: train.n, unit: "images", epoch: e, epochs: ctx.section.epochs });
      ctx.epochDone({ epoch: e, meta: {}, arrays: { means } }, 0);
    }
    return { model: new ClassMeans(D, C, means), metrics: { toyPasses: ctx.section.epochs } };
  },
  load: (a) => new ClassMeans(Number(a.config.inputDim), Number(a.config.classes), a.tensors.means.data),
};

const REGISTRY = "../../src/kinds/registry.js";

describe("a toy model kind, added to the kinds' registry and removed again", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "hebblab-toy-"));
    vi.resetModules();
    vi.doMock(REGISTRY, async (importOriginal) => {
      const real = await importOriginal<typeof import("../../src/kinds/registry.js")>();
      return { ...real, ...real.kindRegistry([...real.MODEL_KINDS, toyKind as unknown as ModelKind]) };
    });
  });
  afterAll(async () => {
    vi.doUnmock(REGISTRY);
    vi.resetModules();
    await rm(dir, { recursive: true, force: true });
  });

  it("is in the config (enum, section, docs), the page's schema, the CLI's help and flags, presets and study arms", async () => {
    const { resolveConfig, Config } = await import("../../src/runner/config.js");
    const cfg = resolveConfig({ model: "toy" }) as Record<string, unknown>;
    expect(cfg.toy).toEqual({ epochs: 2, shrink: 0 });
    const schema = z.toJSONSchema(Config, { io: "input", unrepresentable: "any" }) as { properties: Record<string, { enum?: unknown[] }> };
    expect(schema.properties.model.enum).toContain("toy");
    expect(schema.properties.toy).toBeDefined();
    const { configFields } = await import("../../src/runner/configDoc.js");
    expect(configFields().find((f) => f.path === "toy.shrink")?.description).toMatch(/grand mean/);

    const { buildProgram } = await import("../../src/cli/main.js");
    const help = buildProgram().commands.find((c) => c.name() === "train")!.helpInformation();
    expect(help).toMatch(/toy\s+\(nearest\s+class\s+mean/);
    expect(help).toMatch(/--toy-shrink <value>\s+Shrinks\s+every\s+mean/);
    const { configFromFlags } = await import("../../src/cli/train.js");
    expect((await configFromFlags({ model: "toy", toyShrink: 0.25 })).toy).toEqual({ shrink: 0.25 });
    await expect(configFromFlags({ model: "mlp", toyShrink: 0.25 })).rejects.toThrow(/--toy-shrink applies to --model toy, not mlp/);

    const { expandPreset, kindPresets } = await import("../../src/runner/presets.js");
    expect(await expandPreset({ preset: "toy-shrunk" }, kindPresets)).toMatchObject({ model: "toy", toy: { shrink: 0.5 }, preset: { name: "toy-shrunk", version: 1 } });
    const { parseStudy } = await import("../../src/runner/study/config.js");
    const { planStudy } = await import("../../src/runner/study/plan.js");
    const [job] = await planStudy(parseStudy({ epochs: 3, arms: [{ name: "toy", config: { model: "toy" } }] }), kindPresets);
    expect((job.config as Record<string, unknown>).toy).toEqual({ epochs: 3, shrink: 0 });
  });

  it("trains through the runner, which measures it, checkpoints it and attacks it like any model; its saved model loads back", async () => {
    const { runTraining } = await import("../../src/runner/train.js");
    const { memoryCheckpoints } = await import("../../src/runner/checkpoint.js");
    const store = memoryCheckpoints();
    const cfg = { model: "toy", seed: 1, data: { train: 400, test: 200 }, threads: 1, analyses: { jacobian: { images: 20 }, isometry: { images: 100 } }, attack: { images: 30, attacks: ["fgsm", "pgd-linf"], eps: { linf: [0, 0.1] }, critical: { enabled: false } } };
    const { results, model } = await runTraining(cfg, { checkpoints: store });
    const m = results.metrics as Record<string, any>;
    expect(m.toyPasses).toBe(2);
    expect(m.testAccuracy).toBeGreaterThan(0.5);
    expect(m.spectrum.representation).toBe("scores (test images)");
    expect(Number.isFinite(m.isometry)).toBe(true);
    expect(m.jacobianFro2).toBeGreaterThan(0);
    expect(results.timings.epochSeconds).toHaveLength(2);
    expect(store.saves).toBe(2);
    expect(results.attack!.results.find((r) => r.attack === "pgd-linf" && r.eps === 0.1)!.accuracy).toBeLessThan(m.testAccuracy);

    const { saveModel } = await import("../../src/models/io.js");
    const { loadModel } = await import("../../src/kinds/loadModelNode.js");
    await saveModel(join(dir, "toy"), model, { config: results.config });
    const back = await loadModel(join(dir, "toy"));
    expect(back.model.kind).toBe("toy");
    const x = tf.randomUniform([3, model.inputDim]) as tf.Tensor2D;
    expect(Array.from(back.model.logits(x).dataSync())).toEqual(Array.from(model.logits(x).dataSync()));
    x.dispose();
    back.model.dispose();
    model.dispose();
  });

  it("is gone once removed from the list", async () => {
    vi.doUnmock(REGISTRY);
    vi.resetModules();
    const { resolveConfig } = await import("../../src/runner/config.js");
    expect(() => resolveConfig({ model: "toy" })).toThrow(/model/);
    const { buildProgram } = await import("../../src/cli/main.js");
    expect(buildProgram().commands.find((c) => c.name() === "train")!.helpInformation()).not.toMatch(/toy/);
  });
});

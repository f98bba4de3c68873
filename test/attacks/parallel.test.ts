// Attack batches spread over worker threads (issue 6): the report's numbers do not depend on the thread
// count, bit for bit, on deterministic and on stochastic models; worker failures surface as Errors.
// Workers run the compiled dist/attacks/worker.js (see parallel.ts): `npm run build` first.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateRobustness, type AttackData, type AttackReport } from "../../src/attacks/evaluate.js";
import { createQueue, drainQueue, takeBack, takeFront } from "../../src/attacks/parallel.js";
import type { AttackEvalInput } from "../../src/attacks/config.js";
import { loadSplit } from "../../src/data/load.js";
import { LocalModel } from "../../src/kinds/local/model.js";
import { Mlp } from "../../src/kinds/mlp/model.js";
import { MlpTrainer } from "../../src/kinds/mlp/trainer.js";
import { noiseConfig } from "../../src/models/noise.js";
import type { Model } from "../../src/models/types.js";
import { DataConfig } from "../../src/runner/config.js";
import type { ProgressEvent } from "../../src/progress.js";
import { Rng } from "../../src/rng.js";
import { initTf } from "../../src/tf.js";

const cfg = {
  images: 64,
  batch: 16,
  attacks: ["fgsm", "pgd-linf", "noise-linf"],
  eps: { linf: [0, 0.05, 0.2] },
  "pgd-linf": { steps: 3 },
  eotSamples: 2,
  critical: { images: 32, iters: 4 },
  sanity: { eps1Images: 16 },
} satisfies AttackEvalInput;

let test: AttackData;
const models: Model[] = [];
beforeAll(async () => {
  await initTf();
  const split = await loadSplit(DataConfig.parse({ source: "mnist", train: 600, test: 64 }));
  test = split.test;
  // Two epochs on 600 digits: accurate enough that attacks and critical ε have something to flip.
  for (const noise of [null, noiseConfig({ kind: "poisson" })]) {
    const m = new Mlp({ inputDim: 784, hidden: [32], classes: 10, activation: "relu", noise, seed: 1 });
    const trainer = new MlpTrainer(m, new Rng(2));
    for (let e = 0; e < 2; e++) await trainer.epoch(split.train);
    trainer.dispose();
    models.push(m);
  }
});
afterAll(() => models.forEach((m) => m.dispose()));

/** Everything the report computes, without timings. */
function numbers(r: AttackReport) {
  return {
    clean: r.cleanAccuracy,
    correct: r.initiallyCorrect,
    cells: r.results.map((c) => [c.attack, c.eps, c.accuracy, c.relativeAccuracy]),
    critical: r.critical && { eps: r.critical.eps, l2: r.critical.l2, medianEps: r.critical.medianEps },
    sanity: r.sanity.checks.map((c) => [c.name, c.passed]),
  };
}

async function run(model: Model, threads: number) {
  const events: ProgressEvent[] = [];
  const rep = await evaluateRobustness(model, test, cfg, { threads, onProgress: (e) => events.push(e) });
  return { rep, events };
}

describe("evaluateRobustness on several threads", () => {
  it("gives the same numbers and progress events on 1, 2 and 3 threads (deterministic MLP)", async () => {
    const one = await run(models[0], 1);
    expect(one.rep.threads).toBe(1);
    expect(one.rep.initiallyCorrect).toBeGreaterThan(30);
    expect(one.rep.critical!.flipped).toBeGreaterThan(10);
    for (const t of [2, 3]) {
      const many = await run(models[0], t);
      expect(many.rep.threads).toBe(t);
      expect(numbers(many.rep)).toEqual(numbers(one.rep));
      expect(many.events).toEqual(one.events);
    }
  });

  it("gives the same numbers on 1 and 2 threads for a stochastic model (noise streams forked per batch)", async () => {
    const noisy = models[1];
    expect(noisy.stochastic).toBe(true);
    const one = await run(noisy, 1);
    const two = await run(noisy, 2);
    expect(numbers(two.rep)).toEqual(numbers(one.rep));
    // Expected accuracies over 2 noise samples: some image is right on one sample only.
    expect(one.rep.results.some((c) => (c.accuracy * 128) % 2 === 1)).toBe(true);
  });

  it("gives the same numbers on 1 and 2 threads for a Krotov–Hopfield pipeline (rebuilt from its artifacts in the worker)", async () => {
    const r = new Rng(5);
    const h = 64;
    const kh = new LocalModel(
      { inputDim: 784, hidden: h, classes: 10, p: 3, n: 3 },
      {
        synapses: r.fillNormal(new Float32Array(h * 784), 0, 0.05),
        readoutWeight: r.fillNormal(new Float32Array(h * 10)),
        readoutBias: new Float32Array(10),
        mean: r.fillUniform(new Float32Array(h)),
        std: r.fillUniform(new Float32Array(h), 0.3, 3),
      },
    );
    const small = { ...cfg, attacks: ["pgd-linf"] } satisfies AttackEvalInput;
    const [one, two] = [await evaluateRobustness(kh, test, small), await evaluateRobustness(kh, test, small, { threads: 2 })];
    kh.dispose();
    expect(numbers(two)).toEqual(numbers(one));
  });

  it("gives the same AutoAttack numbers, parts and worst cases on 1 and 2 threads (standard on the MLP, rand on the stochastic one)", async () => {
    const aa = {
      ...cfg,
      attacks: ["autoattack", "apgd-ce"],
      eps: { linf: [0.05, 0.2] },
      "apgd-ce": { iters: 6 },
      "apgd-dlr": { iters: 6 },
      "apgd-t": { iters: 6, targets: 2 },
      "fab-t": { iters: 6, targets: 2 },
      square: { queries: 60 },
      "autoattack-rand": { eotSamples: 2 },
      critical: { images: 16, iters: 3, attack: "apgd-ce" },
    } satisfies AttackEvalInput;
    for (const model of models) {
      const [one, two] = [await evaluateRobustness(model, test, aa), await evaluateRobustness(model, test, aa, { threads: 2 })];
      const all = (r: AttackReport) => ({ ...numbers(r), parts: r.results.map((c) => c.parts?.map((p) => [p.attack, p.accuracy, p.attacked, p.broken])), brokenBy: r.results.map((c) => c.brokenBy), worst: r.worstCase });
      expect(all(two)).toEqual(all(one));
      expect(one.results[0].attack).toBe(model.stochastic ? "autoattack-rand" : "autoattack");
      expect(one.results[0].parts![0].broken).toBeGreaterThan(0);
    }
  });

  it("rejects a thread count that is not an integer ≥ 1", async () => {
    await expect(evaluateRobustness(models[0], test, cfg, { threads: 0 })).rejects.toThrow(/threads must be an integer ≥ 1 \(got 0\)/);
    await expect(evaluateRobustness(models[0], test, cfg, { threads: 1.5 })).rejects.toThrow(/threads/);
  });

  it("names a worker that cannot rebuild the model", async () => {
    const odd = Object.create(models[0]) as Model;
    odd.serialize = async () => ({ kind: "no-such-kind", config: {}, tensors: {} });
    await expect(evaluateRobustness(odd, test, cfg, { threads: 2 })).rejects.toThrow(/attack worker 1 failed to start: .*unknown model kind 'no-such-kind'/);
  });
});

describe("a job that fails in a worker", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "hebblab-parallel-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  // In a child process, so that a worker left running would show as a process that never exits (and is
  // killed by the timeout, with another exit code).
  it("surfaces as an Error naming the job, and no worker keeps the process alive", async () => {
    const dist = (p: string) => pathToFileURL(join(process.cwd(), "dist", p)).href;
    const script = join(dir, "fail.mjs");
    await writeFile(
      script,
      `
      const { initTf } = await import(${JSON.stringify(dist("tf.js"))});
      const { Mlp } = await import(${JSON.stringify(dist("kinds/mlp/model.js"))});
      const { evaluateRobustness } = await import(${JSON.stringify(dist("attacks/evaluate.js"))});
      await initTf();
      const cfg = (d) => ({ inputDim: d, hidden: [8], classes: 3, activation: "relu", noise: null, seed: 1 });
      const model = new Mlp(cfg(6));
      // Workers rebuild a model of another input size, so every batch they take fails.
      const other = new Mlp(cfg(5));
      model.serialize = () => other.serialize();
      const n = 40;
      const data = { images: new Float32Array(n * 6).fill(0.5), labels: new Uint8Array(n), n, dim: 6 };
      try {
        await evaluateRobustness(model, data, { images: n, batch: 1, "pgd-linf": { steps: 3 }, critical: { enabled: false } }, { threads: 2 });
      } catch (e) {
        // Exits by itself only if no worker is left running.
        process.stderr.write(String(e.message));
        process.exitCode = 3;
      }
      `,
    );
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, [script], { timeout: 60_000 }, (_e, _out, stderr) => resolve({ code: child.exitCode, stderr }));
    });
    expect(r.stderr).toMatch(/attack worker 1: job '(clean|fgsm|pgd-linf|noise-linf) .*images \d+–\d+' failed: .*(expects 5|\[B, 5\])/);
    expect(r.code).toBe(3);
  });
});

describe("the shared job queue", () => {
  it("hands out every position exactly once, the front from 0 up, the back from n − 1 down", () => {
    for (const n of [0, 1, 2, 7]) {
      const q = createQueue(n);
      const front: number[] = [];
      const back: number[] = [];
      for (let k = 0; ; k++) {
        const p = k % 3 === 2 ? takeBack(q) : takeFront(q);
        if (p < 0) break;
        (k % 3 === 2 ? back : front).push(p);
      }
      expect([...front, ...back].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(front).toEqual([...front].sort((a, b) => a - b));
      expect(back).toEqual([...back].sort((a, b) => b - a));
      expect(takeFront(q)).toBe(-1);
      expect(takeBack(q)).toBe(-1);
    }
    const q = createQueue(5);
    takeFront(q);
    drainQueue(q);
    expect([takeFront(q), takeBack(q)]).toEqual([-1, -1]);
  });
});

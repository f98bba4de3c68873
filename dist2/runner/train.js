import { evaluateRobustness } from "../attacks/evaluate.js";
import { accuracyPlots } from "../attacks/report.js";
import { Rng } from "../rng.js";
import { initTf, tf } from "../tf.js";
import { availableCores, createPool } from "../wasm/pool.js";
import { configHash } from "./checkpoint.js";
import { resolveConfig } from "./config.js";
import { modelKind } from "./pipelines/index.js";
import { noProgress } from "../progress.js";
/**
 * Runs one training experiment from a (raw, unvalidated) config: validates
 * it, loads the data, runs the model's pipeline, and returns the results
 * record, the trained model and any pictures. Writes nothing: front ends
 * decide where files go.
 */
export async function runTraining(rawConfig, opts = {}) {
    const cfg = resolveConfig(rawConfig);
    const startedAt = new Date().toISOString();
    const t0 = performance.now();
    const onProgress = opts.onProgress ?? noProgress;
    const pipeline = modelKind(cfg.model).pipeline;
    const [pool] = await Promise.all([createPool({ threads: cfg.threads, flavour: cfg.wasm }), initTf()]);
    const wasm = pool.wasm;
    let out;
    let split;
    try {
        split = opts.split ?? (await loadNodeSplit(cfg));
        const rng = new Rng(cfg.seed);
        out = await pipeline({ cfg, split, wasm, pool, rng, onProgress, checkpoints: opts.checkpoints, configHash: configHash(cfg) });
    }
    finally {
        await pool.dispose();
    }
    let attack;
    if (cfg.attack) {
        const t1 = performance.now();
        // The run's thread count, not the pool's: tfjs attacks do not depend on the kernel build.
        attack = await evaluateRobustness(out.model, split.test, cfg.attack, { onProgress, threads: cfg.threads ?? (await availableCores()) });
        out.timings.attackSeconds = (performance.now() - t1) / 1000;
        for (const [norm, svg] of await accuracyPlots(attack))
            out.artifacts[`attack-${norm}.svg`] = svg;
    }
    const results = {
        format: "hebblab-results/1",
        command: "train",
        config: cfg,
        configHash: configHash(cfg),
        seed: cfg.seed,
        backend: { kernels: kernelIsa(wasm.flavour), tfjs: tf.getBackend(), threads: pool.threads },
        versions: opts.versions ?? {},
        data: { source: split.train.source, train: split.train.n, test: split.test.n, dim: split.train.dim, classes: split.train.classes },
        metrics: out.metrics,
        timings: { ...out.timings, totalSeconds: (performance.now() - t0) / 1000 },
        warnings: out.warnings ?? [],
        ...(attack ? { attack } : {}),
        startedAt,
        finishedAt: new Date().toISOString(),
    };
    return { results, model: out.model, artifacts: out.artifacts };
}
/**
 * The Node data loader (files, the `mnist` package on disk), imported only
 * when no split is given. The specifier is a variable so that a browser
 * bundle (web/) does not pull in the loader and its Node modules.
 */
async function loadNodeSplit(cfg) {
    const loader = "../data/load.js";
    const { loadSplit } = (await import(/* @vite-ignore */ loader));
    return loadSplit(cfg.data);
}
/** What the kernels compute with: the `threads` build is the `simd` code on a shared memory. */
function kernelIsa(flavour) {
    if (flavour === "threads")
        return "wasm-simd";
    if (flavour === "relaxed")
        return "wasm-relaxed-simd";
    return `wasm-${flavour}`;
}
//# sourceMappingURL=train.js.map
import type { Command } from "commander";
import { manifoldAnalysis } from "../analysis/mftma.js";
import { readMatrix } from "../analysis/matrixFile.js";
import { checkWritableFile, writeAtomic, writeJson } from "../files.js";
import { loadModel } from "../kinds/loadModelNode.js";
import { Rng } from "../rng.js";
import { geometryPlots, GeometryConfig, parseGeometryConfig, populationGeometry } from "../runner/analyses/populationGeometry.js";
import { versions } from "../runner/versions.js";
import { initTf } from "../tf.js";
import { savedModelTestSplit } from "./attack.js";
import { addSchemaFlags, pickFlags } from "./configFlags.js";
import { int } from "./options.js";
import { terminalProgress } from "./progressBar.js";

/**
 * `hebblab geometry`: MFTMA (manifold capacity, radius, dimension; Chung et al. 2018) of a saved
 * model's class and exemplar manifolds, clean and under PGD, at every representation (Dapello et
 * al. 2021) — or of point clouds given as matrix files (one manifold per file, rows = points).
 */
export function registerGeometry(program: Command): void {
  const cmd = program
    .command("geometry")
    .description("manifold capacity, radius and dimension (MFTMA) of a saved model's representations, clean and attacked, or of point clouds")
    .argument("[dir]", "model directory written by `hebblab train --save DIR`")
    .option("--manifolds <files...>", "instead of a model: matrix files (.hbm, .npy, .csv), one manifold each, rows = points")
    .option("--out <file>", "results JSON (plots beside it: -capacity.svg, -radius.svg, -dimension.svg)", "results/geometry.json")
    .option("--data <source>", "data source (default: the data the model was trained with)")
    .option("--test-size <n>", "test images to load from the source", int)
    .option("--progress", "draw the progress bar even when stderr is not a terminal");
  const map = addSchemaFlags(cmd, GeometryConfig);
  cmd.option("--attack <json>", "per-manifold-type attacks as JSON, e.g. '{\"class\":{\"eps\":0.0039,\"steps\":16,\"relStepSize\":0.25}}' (fields: `hebblab config analyses.geometry.attack`)", (v: string) => {
    try {
      return JSON.parse(v) as unknown;
    } catch {
      throw new Error(`--attack: not JSON: ${v}`);
    }
  });
  cmd.action(async (dir: string | undefined, flags: Record<string, unknown>) => {
    const cfg = parseGeometryConfig({ ...pickFlags(flags, map), ...(flags.attack === undefined ? {} : { attack: flags.attack }) });
    const out = String(flags.out);
    await checkWritableFile(out, "--out");
    const base = out.replace(/\.json$/i, "");
    if (flags.manifolds) {
      const files = flags.manifolds as string[];
      const mats = await Promise.all(files.map((f) => readMatrix(f)));
      const n = mats[0].cols;
      mats.forEach((m, i) => {
        if (m.cols !== n) throw new Error(`--manifolds ${files[i]}: ${m.cols} columns, the first file has ${n}`);
      });
      const r = manifoldAnalysis(
        mats.map((m) => ({ m: m.rows, data: m.data })),
        n,
        { kappa: cfg.kappa, nT: cfg.nT, nReps: cfg.nReps, rng: new Rng(cfg.seed) },
      );
      await writeJson(out, { format: "hebblab-geometry-points/1", files, config: cfg, ...r, versions: versions() });
      process.stdout.write(`capacity ${r.capacity.toFixed(4)}, radius ${r.radius.toFixed(3)}, dimension ${r.dimension.toFixed(2)}, center correlation ${r.centerCorrelation.toFixed(3)}, K ${r.K}\nwrote ${out}\n`);
      return;
    }
    if (!dir) throw new Error("geometry: give a model directory (hebblab train --save DIR) or --manifolds FILES");
    await initTf();
    const { model, meta } = await loadModel(dir);
    const bar = terminalProgress(!!flags.progress);
    let rep;
    try {
      const { test } = await savedModelTestSplit(meta, flags);
      rep = await populationGeometry(model, test, cfg, bar.onProgress);
    } finally {
      bar.stop();
      model.dispose();
    }
    const plots = await geometryPlots(rep, `${model.kind} (${dir})`);
    const written = [out];
    await writeJson(out, { ...rep, modelDir: dir, modelKind: model.kind, versions: versions() });
    for (const [metric, svg] of Object.entries(plots)) {
      await writeAtomic(`${base}-${metric}.svg`, svg);
      written.push(`${base}-${metric}.svg`);
    }
    const lines = rep.rows.map((r) => `  ${r.condition.padEnd(26)} ${r.representation.padEnd(10)} capacity ${r.capacity.toFixed(4)}  radius ${r.radius.toFixed(3)}  dimension ${r.dimension.toFixed(2)}`);
    process.stdout.write(`${lines.join("\n")}\n${rep.seconds.toFixed(1)} s; wrote ${written.join(", ")}\n`);
  });
}

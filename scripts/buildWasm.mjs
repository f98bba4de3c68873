// Builds the WASM kernels: assembly/index.ts (the shared families) plus every model kind's own
// kernels (src/kinds/<kind>/assembly/*.ts), each an entry file of one module, for each target of
// asconfig.json named on the command line (default: release, scalar, threads, relaxed). A kind
// that adds kernels adds a file in its folder; nothing here lists them.
import { spawnSync } from "node:child_process";
import { readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const kinds = join(root, "src", "kinds");
const entries = ["assembly/index.ts"];
for (const kind of readdirSync(kinds).sort()) {
  const dir = join(kinds, kind, "assembly");
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir).sort()) if (f.endsWith(".ts")) entries.push(`src/kinds/${kind}/assembly/${f}`);
}
const targets = process.argv.slice(2);
const asc = join(root, "node_modules", ".bin", process.platform === "win32" ? "asc.cmd" : "asc");
for (const target of targets.length ? targets : ["release", "scalar", "threads", "relaxed"]) {
  const r = spawnSync(asc, [...entries, "--config", "asconfig.json", "--target", target], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`buildWasm: asc --target ${target} failed (entries: ${entries.join(", ")})`);
    process.exit(r.status ?? 1);
  }
}

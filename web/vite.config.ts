import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/** Cross-origin isolation: without it browsers withhold SharedArrayBuffer, and the kernels run on one thread. */
export const ISOLATION_HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

/** The browser page: `npx vite build --config web/vite.config.ts` → web/dist. */
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 8000 },
  worker: { format: "es" },
  resolve: {
    // pngjs's main entry needs Node's zlib and streams; its browser.js bundles them.
    alias: { pngjs: "pngjs/browser.js" },
  },
  server: { headers: ISOLATION_HEADERS, fs: { allow: [fileURLToPath(new URL("..", import.meta.url))] } },
  preview: { headers: ISOLATION_HEADERS },
});

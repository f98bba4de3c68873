// Headless Chromium for the browser tests (the page, the study report). Debian's `chromium`
// (`apt-get install chromium`; .ci/run installs it): Playwright's own download is not reachable here.
import { existsSync } from "node:fs";
import { describe } from "vitest";

export const CHROMIUM = process.env.HEBBLAB_CHROMIUM ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * `describe` for tests that need Chromium. Without one they are skipped, saying why and how to
 * install it, so `npm test` passes on a fresh machine; with `CI=true` (as `.ci/run` runs) they run
 * anyway and a missing browser fails them.
 */
export function describeWithBrowser(name: string, body: () => void): void {
  const missing = !existsSync(CHROMIUM) && process.env.CI !== "true";
  const why = `no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set HEBBLAB_CHROMIUM); CI=true makes this a failure`;
  if (missing) process.stderr.write(`hebblab tests: skipping "${name}": ${why}\n`);
  describe.skipIf(missing)(missing ? `${name} — skipped: ${why}` : name, body);
}

/** Throws the install hint when Chromium is missing (in a beforeAll, under CI=true). */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set HEBBLAB_CHROMIUM)`);
}

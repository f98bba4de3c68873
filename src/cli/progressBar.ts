import cliProgress from "cli-progress";
import type { ProgressEvent, ProgressFn } from "../runner/progress.js";

/**
 * A terminal progress bar driven by progress events: one bar per stage,
 * showing epoch, throughput and ETA. Silent when stderr is not a TTY unless
 * `force` is set (CI logs stay readable).
 */
export function terminalProgress(force = false): { onProgress: ProgressFn; stop: () => void } {
  const enabled = force || process.stderr.isTTY;
  let bar: cliProgress.SingleBar | null = null;
  let stage = "";
  let t0 = 0;
  let lastLog = 0;
  const stop = () => {
    bar?.stop();
    bar = null;
  };
  const onProgress: ProgressFn = (e: ProgressEvent) => {
    const key = `${e.stage}:${e.epochs ?? ""}`;
    if (key !== stage || !bar) {
      stop();
      stage = key;
      t0 = performance.now();
      if (enabled) {
        bar = new cliProgress.SingleBar(
          {
            format: `{stage} {epochInfo} [{bar}] {percentage}% | {value}/{total} {unit} | {rate} {unit}/s | ETA {eta_formatted}{extra}`,
            stream: process.stderr,
            hideCursor: true,
            etaBuffer: 50,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(e.total, 0, { stage: e.stage, unit: e.unit, epochInfo: "", rate: "0", extra: "" });
      }
    }
    const secs = (performance.now() - t0) / 1000;
    const payload = {
      stage: e.stage,
      unit: e.unit,
      epochInfo: e.epoch ? `epoch ${e.epoch}/${e.epochs}` : "",
      rate: secs > 0 ? (e.done / secs).toFixed(0) : "0",
      extra: e.info ? " | " + Object.entries(e.info).map(([k, v]) => `${k} ${fmt(v)}`).join(" ") : "",
    };
    if (bar) {
      bar.setTotal(e.total);
      bar.update(e.done, payload);
    } else if (!enabled && (e.done === e.total || performance.now() - lastLog > 10_000)) {
      // Non-TTY: one line per finished stage/epoch, or every 10 s.
      lastLog = performance.now();
      process.stderr.write(`${e.stage} ${payload.epochInfo} ${e.done}/${e.total} ${e.unit} ${payload.rate} ${e.unit}/s${payload.extra}\n`);
    }
  };
  return { onProgress, stop };
}

function fmt(v: number): string {
  return Math.abs(v) >= 1000 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : v.toFixed(4);
}

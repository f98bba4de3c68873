import cliProgress from "cli-progress";
/**
 * A terminal progress bar driven by progress events: one bar per stage that
 * spans all of its epochs (so the ETA is for the stage), showing the epoch,
 * throughput and ETA. When stderr is not a terminal (CI logs) it prints one
 * line per finished epoch instead, unless `force` draws the bar anyway.
 */
export function terminalProgress(force = false) {
    const tty = force || !!process.stderr.isTTY;
    let bar = null;
    let stage = null;
    let t0 = 0;
    const stop = () => {
        bar?.stop();
        bar = null;
    };
    const onProgress = (e) => {
        const epochs = e.epochs ?? 1;
        const total = epochs * e.total;
        const value = ((e.epoch ?? 1) - 1) * e.total + e.done;
        if (e.stage !== stage) {
            stop();
            stage = e.stage;
            t0 = performance.now();
            if (tty) {
                bar = new cliProgress.SingleBar({
                    format: `{stage} {epochInfo} [{bar}] {percentage}% | {rate} {unit}/s | ETA {eta_formatted}{extra}`,
                    stream: process.stderr,
                    hideCursor: true,
                    etaBuffer: 200,
                    fps: 5,
                }, cliProgress.Presets.shades_classic);
                bar.start(total, 0, { stage: e.stage, unit: e.unit, epochInfo: "", rate: "0", extra: "" });
            }
        }
        const secs = (performance.now() - t0) / 1000;
        const payload = {
            stage: e.stage,
            unit: e.unit,
            epochInfo: e.epoch ? `epoch ${e.epoch}/${epochs}` : `${e.done}/${e.total}`,
            rate: secs > 0 ? (value / secs).toFixed(0) : "0",
            extra: e.info ? " | " + Object.entries(e.info).map(([k, v]) => `${k} ${fmt(v)}`).join(" ") : "",
        };
        if (bar) {
            bar.setTotal(total);
            bar.update(value, payload);
        }
        else if (!tty && e.done === e.total) {
            process.stderr.write(`${e.stage} ${payload.epochInfo}: ${payload.rate} ${e.unit}/s, ${secs.toFixed(1)} s${payload.extra}\n`);
        }
    };
    return { onProgress, stop };
}
function fmt(v) {
    return Math.abs(v) >= 1000 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : v.toFixed(4);
}
//# sourceMappingURL=progressBar.js.map
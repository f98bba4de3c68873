/**
 * The body of a kernel-pool worker, and the source text that starts it in
 * Node (`worker_threads`, `eval: true`) or a browser (a Blob-URL Web Worker).
 *
 * The body is one self-contained function turned into source with
 * `Function.prototype.toString`, so the same code runs in both hosts without a
 * separate worker file to resolve (a `.ts` file in tests, a `.js` file in
 * `dist/`, a hashed asset in a bundle). It must therefore use no imports and
 * no names from this module's scope.
 */
/**
 * Worker main loop: instantiate the kernels on the shared memory, say
 * `ready`, then wait for a new generation, run this thread's calls in order
 * and count down `pending`, until a negative call count (exit) arrives. Blocking `Atomics.wait` keeps
 * the hand-off in microseconds (a postMessage round trip costs far more than
 * a mini-batch GEMM slice is worth splitting for).
 */
async function poolWorkerMain(d, post) {
    const L = d.layout;
    const ctl = new Int32Array(d.control);
    const args = new Float64Array(d.control);
    let instance;
    try {
        instance = await WebAssembly.instantiate(d.module, {
            env: {
                memory: d.memory,
                abort: (_m, _f, line, col) => {
                    throw new Error(`hebblab kernel aborted at ${line}:${col}`);
                },
            },
        });
    }
    catch (e) {
        post({ type: "error", message: String(e) });
        return;
    }
    const ex = instance.exports;
    const fns = d.names.map((n) => ex[n]);
    // Read the generation before saying ready: the caller may post a task the moment it hears
    // `ready`, and a worker that read the generation after that would wait for the next one forever.
    let seen = Atomics.load(ctl, L.gen);
    post({ type: "ready" });
    for (;;) {
        // Poll for a while before sleeping: between the tasks of a KH step the caller works alone for
        // well under a millisecond, and waking a sleeping thread (an idle vCPU on a VM) costs far more.
        const until = performance.now() + L.spinMs;
        while (Atomics.load(ctl, L.gen) === seen && performance.now() < until) {
            for (let i = 0; i < 64 && Atomics.load(ctl, L.gen) === seen; i++)
                ;
        }
        Atomics.wait(ctl, L.gen, seen);
        const now = Atomics.load(ctl, L.gen);
        if (now === seen)
            continue;
        seen = now;
        Atomics.store(ctl, L.started + d.index, now);
        const calls = Atomics.load(ctl, L.count + d.index);
        if (calls < 0)
            break;
        for (let c = 0; c < calls; c++) {
            const slot = d.index * L.maxCalls + c;
            const op = ctl[L.op + slot];
            const base = L.args + slot * L.maxArgs;
            const a = [];
            for (let i = 0; i < L.maxArgs; i++)
                a.push(args[base + i]);
            try {
                fns[op](...a);
            }
            catch (e) {
                Atomics.store(ctl, L.error, 1);
                post({ type: "error", message: `${d.names[op]}: ${String(e)}` });
                break;
            }
        }
        if (Atomics.sub(ctl, L.pending, 1) === 1)
            Atomics.notify(ctl, L.pending);
    }
    post({ type: "exit" });
}
/** Source of a Node `worker_threads` eval worker (CommonJS) that runs the body on its `workerData`. */
export function nodeWorkerSource() {
    return (`const { parentPort, workerData } = require("node:worker_threads");\n` +
        `(${poolWorkerMain.toString()})(workerData, (m) => parentPort.postMessage(m));\n`);
}
/** Source of a browser Web Worker that runs the body on the first message it gets. */
export function browserWorkerSource() {
    return (`self.onmessage = (e) => { self.onmessage = null; ` +
        `(${poolWorkerMain.toString()})(e.data, (m) => self.postMessage(m)); };\n`);
}
//# sourceMappingURL=poolWorker.js.map
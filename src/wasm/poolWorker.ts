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

/** Layout of the control block (an Int32Array over a SharedArrayBuffer) shared by a pool and its workers. */
export interface ControlLayout {
  /** Int32 index: task generation, bumped once per task (workers wait on it). */
  gen: number;
  /** Int32 index: workers still running the current task (the caller waits on it). */
  pending: number;
  /** Int32 index: set to 1 when a worker's kernel threw. */
  error: number;
  /** Int32 index of thread t's number of calls in this task: `count + t` (−1 = exit). */
  count: number;
  /** Int32 index where thread t acknowledges the generation it has taken up: `started + t`. */
  started: number;
  /** Int32 index of the opcode (index into `names`) of thread t's call c: `op + t·maxCalls + c`. */
  op: number;
  /** Float64 index of the arguments of thread t's call c: `args + (t·maxCalls + c)·maxArgs`. */
  args: number;
  /** Calls per thread and task (at most). */
  maxCalls: number;
  /** Arguments per kernel call (at most). */
  maxArgs: number;
  /** Milliseconds a thread polls for the next task (or the end of one) before it sleeps in `Atomics.wait`. */
  spinMs: number;
}

/** What a worker receives to start. */
export interface WorkerStart {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  layout: ControlLayout;
  /** Kernel export names, indexed by opcode. */
  names: readonly string[];
  /** This worker's thread index (≥ 1; thread 0 is the caller). */
  index: number;
}

/**
 * Worker main loop: instantiate the kernels on the shared memory, say
 * `ready`, then wait for a new generation, run this thread's calls in order
 * and count down `pending`, until a negative call count (exit) arrives. Blocking `Atomics.wait` keeps
 * the hand-off in microseconds (a postMessage round trip costs far more than
 * a mini-batch GEMM slice is worth splitting for).
 */
async function poolWorkerMain(d: WorkerStart, post: (msg: unknown) => void): Promise<void> {
  const L = d.layout;
  const ctl = new Int32Array(d.control);
  const args = new Float64Array(d.control);
  let instance: WebAssembly.Instance;
  try {
    instance = await WebAssembly.instantiate(d.module, {
      env: {
        memory: d.memory,
        abort: (_m: number, _f: number, line: number, col: number) => {
          throw new Error(`hebblab kernel aborted at ${line}:${col}`);
        },
      },
    });
  } catch (e) {
    post({ type: "error", message: String(e) });
    return;
  }
  const ex = instance.exports as Record<string, (...a: number[]) => number>;
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
      for (let i = 0; i < 64 && Atomics.load(ctl, L.gen) === seen; i++);
    }
    Atomics.wait(ctl, L.gen, seen);
    const now = Atomics.load(ctl, L.gen);
    if (now === seen) continue;
    seen = now;
    Atomics.store(ctl, L.started + d.index, now);
    const calls = Atomics.load(ctl, L.count + d.index);
    if (calls < 0) break;
    for (let c = 0; c < calls; c++) {
      const slot = d.index * L.maxCalls + c;
      const op = ctl[L.op + slot];
      const base = L.args + slot * L.maxArgs;
      const a: number[] = [];
      for (let i = 0; i < L.maxArgs; i++) a.push(args[base + i]);
      try {
        fns[op](...a);
      } catch (e) {
        Atomics.store(ctl, L.error, 1);
        post({ type: "error", message: `${d.names[op]}: ${String(e)}` });
        break;
      }
    }
    if (Atomics.sub(ctl, L.pending, 1) === 1) Atomics.notify(ctl, L.pending);
  }
  post({ type: "exit" });
}

/** Source of a Node `worker_threads` eval worker (CommonJS) that runs the body on its `workerData`. */
export function nodeWorkerSource(): string {
  return (
    `const { parentPort, workerData } = require("node:worker_threads");\n` +
    `(${poolWorkerMain.toString()})(workerData, (m) => parentPort.postMessage(m));\n`
  );
}

/** Source of a browser Web Worker that runs the body on the first message it gets. */
export function browserWorkerSource(): string {
  return (
    `self.onmessage = (e) => { self.onmessage = null; ` +
    `(${poolWorkerMain.toString()})(e.data, (m) => self.postMessage(m)); };\n`
  );
}

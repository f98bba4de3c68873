import { isNode } from "../host.js";
import type { ModelArtifacts } from "../models/types.js";
import type { AttackEvalConfig } from "./config.js";
import { describeJob, runJob, type BatchJob, type JobEnv, type JobResult } from "./jobs.js";

/**
 * Runs batch jobs on the calling thread and, with threads > 1, on worker threads. Results come back
 * per job index whatever thread ran them; `onResult` sees them in index order.
 */
export interface JobRunner {
  /** Threads in use, the caller's included. */
  readonly threads: number;
  /**
   * Runs every job once. `onResult(i, r)` is called in index order (job i only after 0..i−1), so
   * progress reads the same on any number of threads.
   * @param priority job indices, most expensive first: the order workers take them in (default 0, 1, …)
   */
  run(jobs: BatchJob[], onResult: (i: number, r: JobResult) => void, priority?: number[]): Promise<JobResult[]>;
  /** Stops the workers (idempotent). */
  close(): Promise<void>;
}

/** What a worker needs to rebuild the evaluation: sent once, its arrays transferred. */
export interface WorkerInit {
  artifacts: ModelArtifacts;
  cfg: AttackEvalConfig;
  images: Float32Array;
  labels: Int32Array;
  dim: number;
}

/** Messages from caller to worker. */
export type ToWorker = { type: "phase"; phase: number; jobs: BatchJob[]; queue: Int32Array };
/** Messages from worker to caller. */
export type FromWorker =
  | { type: "ready" }
  | { type: "result"; phase: number; i: number; result: JobResult }
  | { type: "error"; phase: number; i: number; message: string; stack?: string }
  | { type: "phaseDone"; phase: number };

/**
 * A shared queue of job positions taken from both ends without a lock: the workers take the front
 * (the most expensive jobs first), the caller the back (short jobs, so its event loop, which forwards
 * results and progress, is never blocked for long). Layout [front, back, taken₀ … taken_{n−1}]: a taker
 * reserves a position with one atomic add, then owns it only if it flips its flag first; a lost flag
 * means the two ends have met and the queue is empty.
 */
export function createQueue(n: number): Int32Array {
  const q = new Int32Array(new SharedArrayBuffer(4 * (2 + n)));
  q[1] = n;
  return q;
}

/** Next position from the front, or −1 when none is left. */
export function takeFront(q: Int32Array): number {
  const p = Atomics.add(q, 0, 1);
  if (p >= q.length - 2) return -1;
  return Atomics.compareExchange(q, 2 + p, 0, 1) === 0 ? p : -1;
}

/** Next position from the back, or −1 when none is left. */
export function takeBack(q: Int32Array): number {
  const p = Atomics.sub(q, 1, 1) - 1;
  if (p < 0) return -1;
  return Atomics.compareExchange(q, 2 + p, 0, 1) === 0 ? p : -1;
}

/** Empties the queue: every later take returns −1 (after an error). */
export function drainQueue(q: Int32Array): void {
  Atomics.store(q, 0, q.length - 2);
  Atomics.store(q, 1, 0);
}

// setImmediate in Node; a browser (the page attacks on its worker thread) has only setTimeout.
const yieldNow = () => new Promise<void>((r) => (typeof setImmediate === "function" ? setImmediate(r) : setTimeout(r, 0)));

/** Hands results to `onResult` in index order as they arrive in any order. */
function inOrder(n: number, onResult: (i: number, r: JobResult) => void) {
  const results: (JobResult | undefined)[] = new Array(n);
  let next = 0;
  return {
    results,
    put(i: number, r: JobResult) {
      results[i] = r;
      while (next < n && results[next]) onResult(next, results[next]!), next++;
    },
  };
}

/** All jobs on the calling thread, in index order: the path of threads = 1 (no workers). */
export function serialRunner(env: JobEnv): JobRunner {
  return {
    threads: 1,
    async run(jobs, onResult) {
      const out: JobResult[] = [];
      for (const [i, job] of jobs.entries()) {
        out.push(await runLabeled(env, job));
        onResult(i, out[i]);
        await yieldNow();
      }
      return out;
    },
    async close() {},
  };
}

async function runLabeled(env: JobEnv, job: BatchJob): Promise<JobResult> {
  try {
    return await runJob(env, job);
  } catch (e) {
    throw new Error(`attack job '${describeJob(job)}' failed: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * A runner on `threads` threads: the caller plus threads − 1 `worker_threads`, each with its own tfjs
 * (wasm backend) and its own copy of the model rebuilt from `init.artifacts`. Resolves once every worker
 * is ready (so a worker that cannot start fails here, not mid-run). Node only; elsewhere, or with
 * threads ≤ 1, the serial runner.
 */
export async function createJobRunner(env: JobEnv, threads: number, init: () => Promise<WorkerInit>): Promise<JobRunner> {
  if (threads <= 1 || !isNode()) return serialRunner(env);
  const { Worker } = (await import(/* @vite-ignore */ "node:worker_threads")) as typeof import("node:worker_threads");
  const url = await workerUrl();
  const base = await init();
  type W = InstanceType<typeof Worker>;
  const workers: W[] = [];
  /** Per worker, the listener of the phase now running (or of start-up). */
  const listeners = new Map<W, { message: (m: FromWorker) => void; fail: (e: Error) => void }>();
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await Promise.all(workers.map((w) => w.terminate()));
  };

  const start = (k: number) =>
    new Promise<void>((resolve, reject) => {
      // Each worker gets its own copies, transferred rather than cloned a second time.
      const copy = (a: Float32Array) => a.slice();
      const tensors = Object.fromEntries(Object.entries(base.artifacts.tensors).map(([n, t]) => [n, { shape: t.shape, data: copy(t.data) }]));
      const data: WorkerInit = { ...base, artifacts: { ...base.artifacts, tensors }, images: copy(base.images), labels: base.labels.slice() };
      const transfer = [data.images.buffer, data.labels.buffer, ...Object.values(tensors).map((t) => t.data.buffer)] as ArrayBuffer[];
      const w = new Worker(url, { workerData: data, transferList: transfer });
      workers.push(w);
      listeners.set(w, {
        message: (m) => {
          if (m.type === "ready") resolve();
          else if (m.type === "error") reject(new Error(`attack worker ${k} failed to start: ${m.message}`));
        },
        fail: (e) => reject(new Error(`attack worker ${k} failed to start: ${e.message}`)),
      });
      w.on("message", (m: FromWorker) => listeners.get(w)?.message(m));
      w.on("error", (e: Error) => listeners.get(w)?.fail(e));
      w.on("exit", (code: number) => {
        if (!closed) listeners.get(w)?.fail(new Error(`exited with code ${code}`));
      });
    });
  try {
    await Promise.all(Array.from({ length: threads - 1 }, (_, k) => start(k + 1)));
  } catch (e) {
    await close();
    throw e;
  }

  let phase = 0;
  return {
    threads,
    close,
    async run(jobs, onResult, priority) {
      if (closed) throw new Error("attack job runner: already closed");
      const order = priority ?? jobs.map((_, i) => i);
      const queue = createQueue(order.length);
      const sink = inOrder(jobs.length, onResult);
      const id = ++phase;
      let failure: Error | null = null;
      const fail = (e: Error) => {
        failure ??= e;
        drainQueue(queue);
      };
      const done = workers.map(
        (w, k) =>
          new Promise<void>((resolve) => {
            listeners.set(w, {
              message: (m) => {
                if (m.type === "result" && m.phase === id) sink.put(order[m.i], m.result);
                else if (m.type === "error" && m.phase === id) {
                  fail(new Error(`attack worker ${k + 1}: job '${describeJob(jobs[order[m.i]])}' failed: ${m.message}`));
                } else if (m.type === "phaseDone" && m.phase === id) resolve();
              },
              fail: (e) => {
                fail(new Error(`attack worker ${k + 1} stopped during the run: ${e.message}`));
                resolve();
              },
            });
          }),
      );
      // Jobs go in priority order; workers answer with positions in it.
      const msg: ToWorker = { type: "phase", phase: id, jobs: order.map((i) => jobs[i]), queue };
      for (const w of workers) w.postMessage(msg);
      for (let p = takeBack(queue); p >= 0 && !failure; p = takeBack(queue)) {
        try {
          sink.put(order[p], await runLabeled(env, jobs[order[p]]));
        } catch (e) {
          fail(e as Error);
        }
        await yieldNow();
      }
      await Promise.all(done);
      if (failure) throw failure;
      return sink.results as JobResult[];
    },
  };
}

/**
 * The worker script, always the compiled `dist/attacks/worker.js`. From the built package this module
 * is `dist/attacks/parallel.js` and the worker sits next to it. While vitest runs the TypeScript
 * sources this module is `src/attacks/parallel.ts`, and a `worker_threads` Worker does not inherit
 * vitest's TypeScript loader, so the worker is taken from `dist/` of the same package: it must be
 * built (`npm run build`; `npm install` runs it) and current with the sources. The alternatives — a
 * TypeScript loader in the worker's execArgv, or bundling the worker into an eval string — add a
 * dependency or a build step for the tests' sake alone.
 */
async function workerUrl(): Promise<URL> {
  const here = import.meta.url;
  const url = /\.ts$/.test(here) ? new URL("../../dist/attacks/worker.js", here) : new URL("./worker.js", here);
  const { existsSync } = (await import(/* @vite-ignore */ "node:fs")) as typeof import("node:fs");
  const { fileURLToPath } = (await import(/* @vite-ignore */ "node:url")) as typeof import("node:url");
  if (!existsSync(fileURLToPath(url))) {
    throw new Error(`attack threads: the worker script ${fileURLToPath(url)} is missing; run \`npm run build\` (threads > 1 run the compiled worker)`);
  }
  return url;
}

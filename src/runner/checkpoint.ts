/**
 * Checkpoints of a training run (issue 11): after every epoch a model kind offers
 * what it needs to continue exactly where it stood (weights, optimizer state,
 * random-stream states, the per-epoch records so far), so that a killed run
 * resumed from its checkpoint ends with the numbers an uninterrupted run gives.
 * Stores are synchronous (a KH epoch runs as one blocking loop); the Node store
 * writes one file atomically, and {@link budgetedCheckpoints} decides how often
 * (issue 25: a 6.3 MB file after every 0.4 s epoch wrote 1.9 GB per default run).
 */

/** One checkpoint: JSON-serializable `meta` and named numeric arrays. */
export interface Checkpoint {
  meta: Record<string, unknown> & { pipeline: string; configHash: string; epoch: number };
  arrays: Record<string, Float32Array | Float64Array>;
}

/** Where a run's checkpoint lives. */
export interface CheckpointStore {
  /** The saved checkpoint, or null when there is none. Throws on a damaged one. */
  load(): Checkpoint | null;
  /** Replaces the checkpoint (atomically: a crash leaves the previous one); a budgeted store may hold it back until {@link flush}. */
  save(c: Checkpoint): void;
  /** Writes a checkpoint held back by {@link save} now (pipelines call it when training ends); no-op otherwise. */
  flush(): void;
  /** Removes it (after the results are written). */
  clear(): void;
}

/** What a {@link budgetedCheckpoints} store has written so far. */
export interface CheckpointStats {
  /** Checkpoints offered (one per epoch). */
  offered: number;
  /** Checkpoints written to the inner store, and their encoded bytes. */
  writes: number;
  bytes: number;
}

/**
 * A store that writes at most once every `everySeconds` (measured from its creation and from its last
 * write): each `save` replaces a pending checkpoint in memory, written when the budget allows, on
 * {@link CheckpointStore.flush} (end of training, or a signal handler) and never later than the next
 * due `save`. The pending checkpoint is always that of the last finished epoch, so writing it at any
 * moment leaves a consistent file. `everySeconds` 0 writes every save.
 * @param clock seconds, monotonic (tests pass a fake one)
 */
export function budgetedCheckpoints(inner: CheckpointStore, everySeconds: number, clock: () => number = () => performance.now() / 1000): CheckpointStore & { stats(): CheckpointStats } {
  if (!(everySeconds >= 0) || !Number.isFinite(everySeconds)) throw new Error(`checkpoints: the interval must be a finite number of seconds ≥ 0 (got ${everySeconds})`);
  let pending: Checkpoint | null = null;
  let last = clock();
  const stats: CheckpointStats = { offered: 0, writes: 0, bytes: 0 };
  const write = () => {
    if (!pending) return;
    inner.save(pending);
    stats.writes++;
    stats.bytes += layout(pending).bytes;
    pending = null;
    last = clock();
  };
  return {
    load: () => pending ?? inner.load(),
    save(c) {
      stats.offered++;
      pending = c;
      if (clock() - last >= everySeconds) write();
    },
    flush: write,
    clear() {
      pending = null;
      inner.clear();
    },
    stats: () => ({ ...stats }),
  };
}


/** A store in memory (tests, the browser). */
export function memoryCheckpoints(): CheckpointStore & { saves: number } {
  let cur: Checkpoint | null = null;
  const s = {
    saves: 0,
    load: () => (cur ? clone(cur) : null),
    save: (c: Checkpoint) => {
      cur = clone(c);
      s.saves++;
    },
    flush: () => {},
    clear: () => {
      cur = null;
    },
  };
  return s;
}

function clone(c: Checkpoint): Checkpoint {
  return { meta: structuredClone(c.meta), arrays: Object.fromEntries(Object.entries(c.arrays).map(([k, v]) => [k, v.slice()])) };
}

/**
 * Bytes of a checkpoint: "HBCK1\n", a u32 (little-endian) length of a JSON header (meta and the
 * arrays' names, dtypes, lengths), the header, then the arrays' bytes in header order (8-byte aligned).
 */
export function encodeCheckpoint(c: Checkpoint): Uint8Array {
  const { header, offsets, bytes } = layout(c);
  const out = new Uint8Array(bytes);
  out.set(new TextEncoder().encode("HBCK1\n"), 0);
  new DataView(out.buffer).setUint32(6, header.length, true);
  out.set(header, 10);
  Object.values(c.arrays).forEach((a, i) => out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offsets[i]));
  return out;
}

/** Where {@link encodeCheckpoint} puts things: the header's bytes, each array's offset, the total size. */
function layout(c: Checkpoint): { header: Uint8Array; offsets: number[]; bytes: number } {
  const entries = Object.entries(c.arrays);
  const header = new TextEncoder().encode(JSON.stringify({ meta: c.meta, arrays: entries.map(([name, a]) => ({ name, dtype: a instanceof Float64Array ? "f64" : "f32", length: a.length })) }));
  let offset = align8(6 + 4 + header.length);
  const offsets = entries.map(([, a]) => {
    const o = offset;
    offset = align8(offset + a.byteLength);
    return o;
  });
  return { header, offsets, bytes: offset };
}

/** Inverse of {@link encodeCheckpoint}; `what` names the file in errors. */
export function decodeCheckpoint(bytes: Uint8Array, what: string): Checkpoint {
  const bad = (why: string) => new Error(`checkpoint ${what}: ${why}`);
  if (bytes.length < 10 || new TextDecoder().decode(bytes.subarray(0, 6)) !== "HBCK1\n") throw bad("not a hebblab checkpoint (wrong magic)");
  const hl = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(6, true);
  if (10 + hl > bytes.length) throw bad("truncated header");
  let header: { meta: Checkpoint["meta"]; arrays: { name: string; dtype: string; length: number }[] };
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(10, 10 + hl)));
  } catch (e) {
    throw bad(`unreadable header (${(e as Error).message})`);
  }
  let offset = align8(10 + hl);
  const arrays: Checkpoint["arrays"] = {};
  for (const a of header.arrays) {
    const size = a.dtype === "f64" ? 8 : 4;
    const end = offset + a.length * size;
    if (end > bytes.length) throw bad(`truncated at array '${a.name}'`);
    const copy = bytes.slice(offset, end);
    arrays[a.name] = a.dtype === "f64" ? new Float64Array(copy.buffer) : new Float32Array(copy.buffer);
    offset = align8(end);
  }
  return { meta: header.meta, arrays };
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

/**
 * A stable hash of a config (FNV-1a over its canonical JSON, keys sorted), minus the fields that do
 * not change the numbers (`threads`): a checkpoint is only resumed by the config that wrote it.
 */
export function configHash(cfg: unknown): string {
  const { threads: _t, ...rest } = (cfg ?? {}) as Record<string, unknown>;
  const text = canonicalJson(rest);
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x85ebca6b) >>> 0;
  }
  return h1.toString(16).padStart(8, "0") + h2.toString(16).padStart(8, "0");
}

/** JSON with object keys sorted, so equal configs give equal text. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

/**
 * The checkpoint in `store` that pipeline `pipeline` may continue from: null without a store or a
 * checkpoint. Throws when the checkpoint was written by another pipeline or another config (resuming
 * it would silently mix two runs).
 */
export function resumable(store: CheckpointStore | undefined, pipeline: string, hash: string): Checkpoint | null {
  const cp = store?.load() ?? null;
  if (!cp) return null;
  if (cp.meta.pipeline !== pipeline || cp.meta.configHash !== hash) {
    throw new Error(
      `checkpoint: written by ${cp.meta.pipeline} config ${cp.meta.configHash}, but this run is ${pipeline} config ${hash}; ` +
        "remove it to start afresh, or resume with the config that wrote it",
    );
  }
  return cp;
}

/**
 * The runner's side of a kind's checkpoints: the state to resume from (checked against the kind and
 * config hash), the epoch times of the epochs it covers, and `epochDone`, which offers the store the
 * state a kind hands over after every epoch, with the times so far (a budgeted store writes it when
 * due), and writes it at once after the kind's last epoch, so a run stopped after the learning (in a
 * readout, the analyses or the attacks) resumes after it. Without a store, nothing is saved or resumed.
 */
export function kindCheckpoints(store: CheckpointStore | undefined, kind: string, hash: string) {
  const cp = resumable(store, kind, hash);
  const epochSeconds: number[] = [...((cp?.meta.epochSeconds as number[] | undefined) ?? [])];
  const { pipeline: _p, configHash: _h, epoch, epochSeconds: _s, ...meta } = cp?.meta ?? { pipeline: "", configHash: "", epoch: 0 };
  return {
    resumed: cp ? { epoch, meta, arrays: cp.arrays } : null,
    /** Seconds of every epoch run so far, resumed ones first. */
    epochSeconds,
    epochDone(state: { epoch: number; last?: boolean; meta: Record<string, unknown>; arrays: Checkpoint["arrays"] }, seconds: number): void {
      epochSeconds.push(seconds);
      store?.save({ meta: { ...state.meta, pipeline: kind, configHash: hash, epoch: state.epoch, epochSeconds: [...epochSeconds] }, arrays: state.arrays });
      if (state.last) store?.flush();
    },
    /** Writes the pending checkpoint now (a kind that ended without a last epoch, e.g. resumed when its learning had stopped). */
    flush(): void {
      store?.flush();
    },
  };
}

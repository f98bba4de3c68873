import { assertFiniteArray, assertFiniteF32 } from "../kernels/vec.js";
import { convergenceStats, rowMeans } from "./convergence.js";
import { linearDecay } from "./schedule.js";
/** Rows of images per GEMM call in `currents`/`features` (bounds the temporary memory to ~tens of MiB). */
const CHUNK_ROWS = 1024;
/** Progress events per epoch (about). */
const EVENTS_PER_EPOCH = 5;
/**
 * What every local (Hebbian-type) learning rule of one hidden layer [H, D] shares, so that a rule
 * is only its step: W and W̃ = sign(W)|W|^(p−1) in the WASM arena, the epoch loop (seeded shuffle,
 * linear schedule, progress, convergence diagnostics, checkpoints through `startEpoch`/`onEpochEnd`),
 * the gather and transposes of each mini-batch on the pool, the readout features relu(X·W̃ᵀ)^n
 * (a pooled GEMM), unit norms, win counts and save/restore. A subclass implements {@link step}
 * (and chooses its sample groups); every stage must give results independent of the thread count.
 */
export class LocalLayer {
    w;
    cfg;
    inputDim;
    buf;
    mark;
    shuffleRng;
    pool;
    disposed = false;
    /** Samples each unit has won (largest current) since creation, [H]; the rule's step counts them. */
    winCounts;
    constructor(w, 
    /** The resolved configuration. */
    cfg, 
    /** Input dimension D. */
    inputDim, buf, mark, shuffleRng, pool) {
        this.w = w;
        this.cfg = cfg;
        this.inputDim = inputDim;
        this.buf = buf;
        this.mark = mark;
        this.shuffleRng = shuffleRng;
        this.pool = pool;
        this.winCounts = new Float64Array(cfg.hidden);
    }
    /** Hidden units H. */
    get hidden() {
        return this.cfg.hidden;
    }
    /**
     * Allocates W, W̃, X and Xᵀ in `w.arena` (after `mark`, which dispose() returns to), W filled by `init`
     * and W̃ computed from it. For subclasses' `create`.
     */
    static allocLayer(w, cfg, inputDim, init) {
        const { hidden: H, batch: B } = cfg;
        const a = w.arena;
        const buf = { w: a.allocF32(H * inputDim), wt: a.allocF32(H * inputDim), x: a.allocF32(B * inputDim), xt: a.allocF32(B * inputDim) };
        init(a.f32(buf.w, H * inputDim));
        w.exports.synapse_pow_f32(buf.wt, buf.w, H * inputDim, cfg.p);
        return buf;
    }
    /** Shape checks shared by every rule's `create`. */
    static checkShape(name, w, cfg, inputDim, pool) {
        if (pool && pool.wasm !== w)
            throw new Error(`${name}: the pool must run on the learner's kernels (pool.wasm)`);
        if (!Number.isInteger(inputDim) || inputDim < 1)
            throw new Error(`${name}: inputDim must be a positive integer, got ${inputDim}`);
        if (!Number.isInteger(cfg.hidden) || cfg.hidden < 1)
            throw new Error(`${name}: hidden must be a positive integer, got ${cfg.hidden}`);
        if (!Number.isInteger(cfg.batch) || cfg.batch < 1)
            throw new Error(`${name}: batch must be a positive integer, got ${cfg.batch}`);
        if (!(cfg.p >= 1))
            throw new Error(`${name}: p must be ≥ 1, got ${cfg.p}`);
    }
    /**
     * Trains `cfg.epochs` epochs on `images` [n, D] row-major f32, in mini-batches of `cfg.batch`
     * drawn by a seeded shuffle per epoch; a last partial batch is trained too. Throws a clear error
     * on a wrong length or a non-finite pixel. Emits `{stage, unit: "img"}` progress a few times per
     * epoch (`stage` = {@link progressStage}), with `info.lr` = ε of the epoch. The images are copied
     * into WASM memory for the call (n·D·4 bytes), so the kernels gather each mini-batch themselves.
     */
    train(images, n, opts = {}) {
        this.checkImages(images, n, "train images", false);
        const { epochs, lr, batch } = this.cfg;
        const rng = opts.rng ?? this.shuffleRng;
        const report = opts.onProgress;
        const stage = this.progressStage;
        const nBatches = Math.ceil(n / batch);
        const every = Math.max(1, Math.ceil(nBatches / EVENTS_PER_EPOCH));
        const epochSeconds = [];
        const convergence = [];
        let stoppedEarly = false;
        const a = this.w.arena;
        const mark = a.mark();
        try {
            const src = a.putF32(images);
            assertFiniteF32(this.w, src, n * this.inputDim, "train images", this.inputDim);
            const idx = a.allocI32(n);
            const fetch = (start) => (start < n ? { src, idx: idx + 4 * start, nb: Math.min(batch, n - start) } : null);
            const start = opts.startEpoch ?? 0;
            if (!Number.isInteger(start) || start < 0 || start > epochs)
                throw new Error(`train: startEpoch ${start} outside [0, ${epochs}]`);
            for (let epoch = start; epoch < epochs; epoch++) {
                const eps = linearDecay(lr, epoch, epochs);
                a.i32(idx, n).set(rng.permutation(n));
                const t0 = performance.now();
                this.pool.runCalls(this.loadCalls(Math.min(batch, n), fetch(0)));
                for (let bi = 0; bi < nBatches; bi++) {
                    const first = bi * batch;
                    const nb = Math.min(batch, n - first);
                    this.step(nb, eps, fetch(first + nb));
                    if (report && (bi + 1) % every === 0 && bi < nBatches - 1) {
                        report({ stage, done: first + nb, total: n, unit: "img", epoch: epoch + 1, epochs, info: { lr: eps } });
                    }
                }
                epochSeconds.push((performance.now() - t0) / 1000);
                const info = { lr: eps };
                if (opts.convergence) {
                    const c = this.convergence(epoch + 1, opts.convergence.criterion);
                    convergence.push(c);
                    Object.assign(info, { converged: c.fractionConverged, normMedian: c.norms.median });
                    if (opts.convergence.stopWhenMet && c.converged && epoch + 1 < epochs)
                        stoppedEarly = true;
                }
                report?.({ stage, done: n, total: n, unit: "img", epoch: epoch + 1, epochs, info });
                opts.onEpochEnd?.(epoch + 1, { epochSeconds, convergence, stopping: stoppedEarly });
                if (stoppedEarly)
                    break;
            }
        }
        finally {
            a.release(mark);
        }
        return { epochSeconds, convergence, stoppedEarly };
    }
    /**
     * One step on `batch` [nb, D] row-major f32 with learning rate `eps` (no schedule, no validation
     * beyond shape). Returns what the rule's step returns. For tests and custom loops.
     */
    trainBatch(batch, nb, eps) {
        this.live();
        const D = this.inputDim;
        if (!Number.isInteger(nb) || nb < 1 || nb > this.cfg.batch || batch.length < nb * D) {
            throw new Error(`trainBatch: need 1 ≤ nb ≤ ${this.cfg.batch} and ${nb}×${D} values, got nb = ${nb}, ${batch.length} values`);
        }
        this.w.arena.f32(this.buf.x, nb * D).set(batch.subarray(0, nb * D));
        this.pool.runCalls(this.loadCalls(nb, null));
        return this.step(nb, eps, null);
    }
    /**
     * Convergence figures now (REFERENCES §1, the LocalLearning criterion): the fraction of units
     * on the p-sphere, norm quantiles, wrong-attractor units, units that never won a sample.
     * @param epoch recorded as is (the epoch just finished, 1-based).
     */
    convergence(epoch, criterion) {
        const { hidden: H, R } = this.cfg;
        return convergenceStats(epoch, this.unitNorms(), rowMeans(this.weights(), H, this.inputDim), this.winCounts, R, criterion);
    }
    /**
     * Puts the layer back in a saved state: W [H, D] (W̃ is recomputed from it) and the win counts [H]
     * (from {@link weights} and {@link wins}). With the shuffle stream's state and `startEpoch`, training
     * then continues bit for bit as if it had never stopped.
     */
    restore(state) {
        this.live();
        const { hidden: H, p } = this.cfg;
        const n = H * this.inputDim;
        if (state.w.length !== n || state.wins.length !== H)
            throw new Error(`restore: expected W of ${n} and ${H} win counts, got ${state.w.length} and ${state.wins.length}`);
        assertFiniteArray(state.w, "restore: W", this.inputDim);
        this.w.arena.f32(this.buf.w, n).set(state.w);
        this.w.exports.synapse_pow_f32(this.buf.wt, this.buf.w, n, p);
        this.winCounts.set(state.wins);
    }
    /** Copy of the number of samples each unit has won (largest current) during training so far, [H]. */
    wins() {
        return this.winCounts.slice();
    }
    /** Copy of W: [H, D] row-major f32. */
    weights() {
        this.live();
        return this.w.arena.f32(this.buf.w, this.cfg.hidden * this.inputDim).slice();
    }
    /** Copy of W̃ = sign(W)|W|^(p−1): [H, D] row-major f32. */
    synapses() {
        this.live();
        return this.w.arena.f32(this.buf.wt, this.cfg.hidden * this.inputDim).slice();
    }
    /**
     * Currents I = X·W̃ᵀ: [n, H] row-major f32 for `images` [n, D] row-major f32
     * (WASM GEMM in chunks of rows). Throws on a wrong length or a non-finite value.
     */
    currents(images, n) {
        return this.mapCurrents(images, n, null);
    }
    /**
     * Readout features relu(I)^power, [n, H] row-major f32 (Krotov & Hopfield 2019,
     * n = 4.5 in Holzhausen et al. 2024). Standardise them before a readout (REFERENCES §7).
     * @param power ≥ 0.
     */
    features(images, n, power) {
        if (!(power >= 0))
            throw new Error(`features: power must be ≥ 0, got ${power}`);
        return this.mapCurrents(images, n, power);
    }
    /** ‖W_μ‖_p = (Σ_i |W_μi|^p)^(1/p) for every unit μ, [H] f64; trained units approach R. */
    unitNorms() {
        this.live();
        const { hidden: H, p } = this.cfg;
        const a = this.w.arena;
        const m = a.mark();
        try {
            const out = a.allocF64(H);
            this.w.exports.row_norm_p_f32(out, this.buf.w, H, this.inputDim, p);
            return a.f64(out, H).slice();
        }
        finally {
            a.release(m);
        }
    }
    /** Releases the arena region taken by `create` (and anything allocated after it). Idempotent. */
    dispose() {
        if (this.disposed)
            return;
        this.disposed = true;
        this.w.arena.release(this.mark);
    }
    /**
     * Per thread, the calls that load a batch of `nb` into `buf.x` and the groups' Xᵀ blocks: gather its
     * rows `from` the dataset (null: x already holds them), then transpose each group into its Xᵀ block
     * (Xᵀ [D, n] makes W̃·Xᵀ a plain row-major GEMM with W̃ as A: its rows stay in cache while Xᵀ streams).
     */
    loadCalls(nb, from) {
        const D = this.inputDim;
        const x = this.buf.x;
        return this.groups(nb).map((g) => [
            ...(from ? [{ kernel: "gather_rows_f32", args: [x + 4 * g.b0 * D, from.src, from.idx + 4 * g.b0, g.n, D] }] : []),
            { kernel: "transpose_f32", args: [g.xt, x + 4 * g.b0 * D, g.n, D] },
        ]);
    }
    /** The hidden units thread t owns: [t·per, (t + 1)·per) in multiples of 4 (the GEMM tile height). */
    ownedUnits(t) {
        const H = this.cfg.hidden;
        const per = Math.ceil(H / this.pool.threads / 4) * 4;
        return [Math.min(H, t * per), Math.min(H, (t + 1) * per)];
    }
    mapCurrents(images, n, power) {
        this.checkImages(images, n, "images");
        const H = this.cfg.hidden;
        const D = this.inputDim;
        const out = new Float32Array(n * H);
        const a = this.w.arena;
        const e = this.w.exports;
        const m = a.mark();
        try {
            // X·W̃ᵀ with W̃ᵀ [D, H] as the B operand: N = H is wide, so every 4×8 tile is full.
            const wtT = a.allocF32(D * H);
            e.transpose_f32(wtT, this.buf.wt, H, D);
            const rows = Math.min(n, CHUNK_ROWS);
            const px = a.allocF32(rows * D);
            const pc = a.allocF32(rows * H);
            for (let start = 0; start < n; start += rows) {
                const c = Math.min(rows, n - start);
                a.f32(px, c * D).set(images.subarray(start * D, (start + c) * D));
                this.pool.gemm(pc, px, wtT, 0, c, H, D);
                if (power !== null)
                    this.pool.reluPow(pc, pc, c * H, power);
                out.set(a.f32(pc, c * H), start * H);
            }
        }
        finally {
            a.release(m);
        }
        return out;
    }
    /** Shape checks, and unless `scan` is false (the caller checks a WASM copy) a named error on NaN/±Inf. */
    checkImages(images, n, what, scan = true) {
        this.live();
        const D = this.inputDim;
        if (!(images instanceof Float32Array))
            throw new Error(`${what}: expected a Float32Array`);
        if (!Number.isInteger(n) || n < 1)
            throw new Error(`${what}: n must be a positive integer, got ${n}`);
        if (images.length !== n * D) {
            throw new Error(`${what}: expected n × D = ${n} × ${D} = ${n * D} values, got ${images.length}`);
        }
        if (scan)
            assertFiniteArray(images, what, D);
    }
    live() {
        if (this.disposed)
            throw new Error(`${this.constructor.name}: used after dispose()`);
    }
}
//# sourceMappingURL=localLayer.js.map
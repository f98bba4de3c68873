/**
 * Host-owned memory for the kernels. Kernels never allocate: the host reserves
 * regions here and passes their byte offsets. A bump allocator with marks is
 * enough because every pipeline frees in LIFO order.
 *
 * Typed views are created on demand from the *current* buffer, so they stay
 * valid after `memory.grow` (which detaches old non-shared buffers).
 */
export class Arena {
    memory;
    base;
    top;
    /**
     * @param memory the module's `env.memory` (shared or not).
     * @param base first usable byte (above the module's static data), 64-byte aligned.
     */
    constructor(memory, base) {
        this.memory = memory;
        this.base = base;
        this.top = alignUp(base, 64);
    }
    /** Bytes reserved so far above `base`. */
    get used() {
        return this.top - this.base;
    }
    /** Current top, to pass to `release` later. */
    mark() {
        return this.top;
    }
    /** Frees everything allocated after `mark`. */
    release(mark) {
        if (mark < this.base || mark > this.top)
            throw new Error(`Arena.release: bad mark ${mark}`);
        this.top = mark;
    }
    /** Reserves `bytes` (64-byte aligned, so SIMD rows start on cache lines), growing memory as needed. */
    alloc(bytes, align = 64) {
        if (!Number.isFinite(bytes) || bytes < 0)
            throw new Error(`Arena.alloc: invalid size ${bytes}`);
        const ptr = alignUp(this.top, align);
        const end = ptr + bytes;
        const have = this.memory.buffer.byteLength;
        if (end > have) {
            const pages = Math.ceil((end - have) / 65536);
            try {
                this.memory.grow(pages);
            }
            catch (e) {
                throw new Error(`hebblab: WASM memory cannot grow to ${(end / 2 ** 20).toFixed(0)} MiB (${e.message})`);
            }
        }
        this.top = end;
        return ptr;
    }
    /** Reserves room for `n` f32 values. */
    allocF32(n) {
        return this.alloc(4 * n);
    }
    /** Reserves room for `n` f64 values. */
    allocF64(n) {
        return this.alloc(8 * n);
    }
    /** Reserves room for `n` i32 values. */
    allocI32(n) {
        return this.alloc(4 * n);
    }
    /** A fresh f32 view of `n` values at byte offset `ptr`. */
    f32(ptr, n) {
        return new Float32Array(this.memory.buffer, ptr, n);
    }
    /** A fresh f64 view of `n` values at byte offset `ptr`. */
    f64(ptr, n) {
        return new Float64Array(this.memory.buffer, ptr, n);
    }
    /** A fresh i32 view of `n` values at byte offset `ptr`. */
    i32(ptr, n) {
        return new Int32Array(this.memory.buffer, ptr, n);
    }
    /** Allocates and copies `src` in; returns the pointer. */
    putF32(src) {
        const p = this.allocF32(src.length);
        this.f32(p, src.length).set(src);
        return p;
    }
    /** Allocates and copies `src` in; returns the pointer. */
    putF64(src) {
        const p = this.allocF64(src.length);
        this.f64(p, src.length).set(src);
        return p;
    }
    /** Allocates and copies `src` in; returns the pointer. */
    putI32(src) {
        const p = this.allocI32(src.length);
        this.i32(p, src.length).set(src);
        return p;
    }
}
/** Rounds `x` up to a multiple of `a` (a power of two). */
export function alignUp(x, a) {
    return Math.ceil(x / a) * a;
}
//# sourceMappingURL=arena.js.map
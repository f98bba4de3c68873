/**
 * Host-owned memory for the kernels. Kernels never allocate: the host reserves
 * regions here and passes their byte offsets. A bump allocator with marks is
 * enough because every pipeline frees in LIFO order.
 *
 * Typed views are created on demand from the *current* buffer, so they stay
 * valid after `memory.grow` (which detaches old non-shared buffers).
 */
export declare class Arena {
    readonly memory: WebAssembly.Memory;
    readonly base: number;
    private top;
    /**
     * @param memory the module's `env.memory` (shared or not).
     * @param base first usable byte (above the module's static data), 64-byte aligned.
     */
    constructor(memory: WebAssembly.Memory, base: number);
    /** Bytes reserved so far above `base`. */
    get used(): number;
    /** Current top, to pass to `release` later. */
    mark(): number;
    /** Frees everything allocated after `mark`. */
    release(mark: number): void;
    /** Reserves `bytes` (64-byte aligned, so SIMD rows start on cache lines), growing memory as needed. */
    alloc(bytes: number, align?: number): number;
    /** Reserves room for `n` f32 values. */
    allocF32(n: number): number;
    /** Reserves room for `n` f64 values. */
    allocF64(n: number): number;
    /** Reserves room for `n` i32 values. */
    allocI32(n: number): number;
    /** A fresh f32 view of `n` values at byte offset `ptr`. */
    f32(ptr: number, n: number): Float32Array;
    /** A fresh f64 view of `n` values at byte offset `ptr`. */
    f64(ptr: number, n: number): Float64Array;
    /** A fresh i32 view of `n` values at byte offset `ptr`. */
    i32(ptr: number, n: number): Int32Array;
    /** Allocates and copies `src` in; returns the pointer. */
    putF32(src: ArrayLike<number>): number;
    /** Allocates and copies `src` in; returns the pointer. */
    putF64(src: ArrayLike<number>): number;
    /** Allocates and copies `src` in; returns the pointer. */
    putI32(src: ArrayLike<number>): number;
}
/** Rounds `x` up to a multiple of `a` (a power of two). */
export declare function alignUp(x: number, a: number): number;

/**
 * Seeded pseudo-random numbers: xoshiro128** (Blackman & Vigna 2018) seeded by
 * splitmix32. Every random choice in hebblab takes an `Rng`; nothing calls
 * `Math.random`, so the same seed gives the same numbers.
 */
export declare class Rng {
    readonly seed: number;
    private s0;
    private s1;
    private s2;
    private s3;
    private spare;
    /** @param seed any 32-bit integer (non-integers are truncated). */
    constructor(seed: number);
    /** Next uniform 32-bit unsigned integer. */
    nextU32(): number;
    /** Uniform in [0, 1) with 32 bits of resolution. */
    uniform(): number;
    /** Uniform integer in [0, n). */
    int(n: number): number;
    /** Standard normal N(0, 1) by the Box–Muller transform (pairs cached). */
    normal(): number;
    /** Fills `out` with N(mean, std²) samples and returns it. */
    fillNormal<T extends Float32Array | Float64Array>(out: T, mean?: number, std?: number): T;
    /** Fills `out` with U(lo, hi) samples and returns it. */
    fillUniform<T extends Float32Array | Float64Array>(out: T, lo?: number, hi?: number): T;
    /** A permutation of 0..n-1 (Fisher–Yates). */
    permutation(n: number): Int32Array;
    /** The generator's whole state, JSON-serialisable (for checkpoints). */
    state(): RngState;
    /** A generator that continues exactly where the one that gave `st` stood. */
    static fromState(st: RngState): Rng;
    /**
     * An independent generator derived from this one's seed and a label, so
     * that adding a random draw in one stage does not shift another stage's.
     */
    fork(label: string): Rng;
}
/** What {@link Rng.state} returns. */
export interface RngState {
    seed: number;
    s: [number, number, number, number];
    spare: number | null;
}

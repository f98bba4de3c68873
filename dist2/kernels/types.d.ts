/** One WASM export and its plain-TypeScript reference twin. */
export interface KernelEntry {
    /** Export name in the WASM module (e.g. `gemm_f32`). */
    readonly name: string;
    /** The twin: same maths in plain TypeScript (f64 where it matters). */
    readonly twin: (...args: never[]) => unknown;
}

/** simd-dot.wat assembled, as base64 (scripts/assemble-wasm.mjs). */
export function assemble(): Promise<string>;
/** The source of simd-dot-binary.ts for an assembled module. */
export function binarySource(base64: string): string;

/**
 * Dot products of float64 rows in WebAssembly SIMD, for the solvers' hottest
 * loop (solver.ts outcomeOf: `int S_1 S_2` over the grid, about half of an
 * optimum's time). The functions (simd-dot.wat) add in the order of the plain
 * loops they replace, so every value is bitwise what those loops give; they
 * run about three times as fast (two products per instruction, no bounds check
 * per element; `npm run bench -- dot`).
 *
 * WebAssembly reads only its own memory, so the rows live there as copies:
 * `offsetOf(array)` copies an array in on its first use and returns its
 * element index, and `trim()` forgets every copy once more than
 * ARENA_BYTES are held (the survival tables are shared and long-lived, so
 * each is copied once in a while, not per use). Offsets stay valid until the
 * next `trim()` or `clear()`; `generation` counts those.
 */
import { SIMD_DOT_WASM_BASE64 } from './simd-dot-binary.js';

/** Copies held before trim() forgets them all (by default). */
const ARENA_BYTES = 256 * 2 ** 20;
const PAGE_BYTES = 65536;
const MAX_PAGES = 65536;

/** The part of the WebAssembly JS API used here (Node has it; lib ES2022 does not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: object };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface DotExports {
  /** `sum_{i<n} m[a+i] m[b+i]` with four accumulators (element indices). */
  dot4(a: number, b: number, n: number): number;
  /** The same with two accumulators. */
  dot2(a: number, b: number, n: number): number;
}

export class RowArena {
  private readonly memory: WasmMemory;
  private heap: Float64Array;
  /** Elements in use (the next copy starts here). */
  private used = 0;
  private offsets = new WeakMap<Float64Array, number>();
  /** Bumped whenever the copies are forgotten (offsets from before are stale). */
  generation = 0;
  readonly dot4: (a: number, b: number, n: number) => number;
  readonly dot2: (a: number, b: number, n: number) => number;

  /** `budgetBytes`: copies held before trim() forgets them all. */
  constructor(private readonly budgetBytes = ARENA_BYTES) {
    // Up to the 4 GiB of 32-bit addresses (only address space: pages are committed as they are used).
    this.memory = new wasm.Memory({ initial: 16, maximum: MAX_PAGES });
    this.heap = new Float64Array(this.memory.buffer);
    const bytes = Buffer.from(SIMD_DOT_WASM_BASE64, 'base64');
    const instance = new wasm.Instance(new wasm.Module(bytes), { env: { memory: this.memory } });
    const exports = instance.exports as DotExports;
    this.dot4 = exports.dot4;
    this.dot2 = exports.dot2;
  }

  /** The element index of `array`'s copy in the arena (copied now if it has none). */
  offsetOf(array: Float64Array): number {
    const hit = this.offsets.get(array);
    if (hit !== undefined) return hit;
    // Copies start on a 16-byte boundary (aligned vector loads when rows are).
    const at = (this.used + 1) & ~1;
    const end = at + array.length;
    if (end * 8 > this.heap.byteLength) {
      this.memory.grow(Math.ceil((end * 8 - this.heap.byteLength) / PAGE_BYTES));
      // Growing replaces the buffer: the old view is detached.
      this.heap = new Float64Array(this.memory.buffer);
    }
    this.heap.set(array, at);
    this.used = end;
    this.offsets.set(array, at);
    return at;
  }

  /** Forgets every copy when more than the budget is held (the memory is reused from its start). */
  trim(): void {
    if (this.used * 8 > this.budgetBytes) this.clear();
  }

  /** Bytes of the copies held. */
  get bytes(): number {
    return this.used * 8;
  }

  /** Forgets every copy. */
  clear(): void {
    this.offsets = new WeakMap();
    this.used = 0;
    this.generation++;
  }
}

/** The arena of the two-node solvers (one per process: survival tables are shared across solvers). */
export const rowArena = new RowArena();

/**
 * Dot products of float64 rows in WebAssembly SIMD, for the two-node
 * solvers' hottest loops: `int S_1 S_2` over the grid (solver.ts outcomeOf),
 * the Jain kernel's integrals of a law's CDF (two-node-jain-kernel.ts
 * activeU) and its `U1 . U2` per state (reward-solver.ts jainSum); about half
 * of an optimum's time before. The functions (simd-dot.wat) add in the order
 * of the plain loops they replace, so every value is bitwise what those loops
 * give; they run about three times as fast (two products per instruction, no
 * bounds check per element; `npm run bench -- dot`).
 *
 * WebAssembly reads only its own memory, so the rows live there as copies:
 * `offsetOf(array)` copies an array in on its first use and returns its
 * element index, `reserve(n)` and `scratch(n)` give blocks to write through
 * `view()`, and `trim()` forgets everything once more than the budget
 * (256 MiB) is held (survival tables and Jain kernels are shared and
 * long-lived, so each is copied once in a while, not per use). Offsets stay
 * valid until the next `trim()` or `clear()`; `generation` counts those.
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
  /** dot2 of the vectors at u and v over the shorter of their lengths, stored at u - 1 and v - 1. */
  dotVectors(u: number, v: number): number;
}

export class RowArena {
  private readonly memory: WasmMemory;
  private heap: Float64Array;
  /** Elements in use (the next copy starts here). */
  private used = 0;
  private offsets = new WeakMap<Float64Array, number>();
  /** Bumped whenever the copies are forgotten (offsets from before are stale). */
  generation = 0;
  private scratchAt = 0;
  private scratchLength = 0;
  private scratchGeneration = -1;
  readonly dot4: (a: number, b: number, n: number) => number;
  readonly dot2: (a: number, b: number, n: number) => number;
  readonly dotVectors: (u: number, v: number) => number;

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
    this.dotVectors = exports.dotVectors;
  }

  /** The element index of `array`'s copy in the arena (copied now if it has none). */
  offsetOf(array: Float64Array): number {
    const hit = this.offsets.get(array);
    if (hit !== undefined) return hit;
    const at = this.reserve(array.length);
    this.heap.set(array, at);
    this.offsets.set(array, at);
    return at;
  }

  /**
   * The element index of `n` new elements (unset), valid as offsetOf's; they are
   * written through view(). (The memory may grow: earlier views are then detached.)
   */
  reserve(n: number): number {
    // Blocks start on a 16-byte boundary (aligned vector loads when rows are).
    const at = (this.used + 1) & ~1;
    const end = at + n;
    if (end > MAX_PAGES * (PAGE_BYTES / 8)) throw new Error(`RowArena: ${end * 8} bytes asked, more than the 4 GiB a WebAssembly memory can hold`);
    if (end * 8 > this.heap.byteLength) {
      // At least doubling (each growth replaces the buffer, and V8 counts it against the heap).
      const pages = this.heap.byteLength / PAGE_BYTES;
      this.memory.grow(Math.min(MAX_PAGES - pages, Math.max(pages, Math.ceil((end * 8 - this.heap.byteLength) / PAGE_BYTES))));
      // Growing replaces the buffer: the old view is detached.
      this.heap = new Float64Array(this.memory.buffer);
    }
    this.used = end;
    return at;
  }

  /**
   * A scratch block of at least `n` elements (its index), overwritten by the next
   * caller of scratch(); valid as offsetOf's.
   */
  scratch(n: number): number {
    if (this.scratchGeneration !== this.generation || this.scratchLength < n) {
      // Grown geometrically, so that a few reservations serve every size asked.
      if (this.scratchLength < n) this.scratchLength = Math.max(n, 2 * this.scratchLength);
      this.scratchAt = this.reserve(this.scratchLength);
      this.scratchGeneration = this.generation;
    }
    return this.scratchAt;
  }

  /** The memory as float64s (replaced when it grows: take it after the last offsetOf, reserve or scratch). */
  view(): Float64Array {
    return this.heap;
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

/**
 * The scalar loops whose order of additions the SIMD functions follow (the
 * references of their test and of `npm run bench -- dot`): `sum_k x[i+k] y[j+k]`
 * with four accumulators over k mod 4, the remainder into the first, then
 * (a0 + a1) + (a2 + a3).
 */
export function scalarDot4(x: Float64Array, i: number, y: Float64Array, j: number, n: number): number {
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let k = 0;
  for (; k + 3 < n; k += 4) {
    a0 += x[i + k]! * y[j + k]!;
    a1 += x[i + k + 1]! * y[j + k + 1]!;
    a2 += x[i + k + 2]! * y[j + k + 2]!;
    a3 += x[i + k + 3]! * y[j + k + 3]!;
  }
  for (; k < n; k++) a0 += x[i + k]! * y[j + k]!;
  return a0 + a1 + (a2 + a3);
}

/** The same with two accumulators over even and odd terms, the remainder into the even one. */
export function scalarDot2(x: Float64Array, i: number, y: Float64Array, j: number, n: number): number {
  let d = 0;
  let d1 = 0;
  let k = 0;
  for (; k + 1 < n; k += 2) {
    d += x[i + k]! * y[j + k]!;
    d1 += x[i + k + 1]! * y[j + k + 1]!;
  }
  if (k < n) d += x[i + k]! * y[j + k]!;
  return d + d1;
}

/**
 * `MultiDiscrete(nvec, start?)`: vectors of independent integers with
 * `x[i]` in `{start[i], ..., start[i] + nvec[i] - 1}`, as `Int32Array`s
 * (Gymnasium's `spaces.MultiDiscrete`, 1-D). Draws from its own stream
 * `streamFor(seed, 'space')`, seed 0 until `seed()` is called.
 */
import { Rng, streamFor } from '../../sim/rng.js';
import type { Space } from '../space.js';
import { DEFAULT_SPACE_SEED } from './box.js';

export class MultiDiscrete implements Space<Int32Array> {
  readonly kind = 'multi-discrete' as const;
  readonly shape: readonly number[];
  readonly nvec: Int32Array;
  readonly start: Int32Array;
  private rng: Rng;

  constructor(nvec: ArrayLike<number>, start?: ArrayLike<number>, seed: number = DEFAULT_SPACE_SEED) {
    if (nvec.length < 1) throw new Error('MultiDiscrete: nvec must not be empty, got []');
    this.nvec = new Int32Array(nvec.length);
    for (let i = 0; i < nvec.length; i++) {
      const n = nvec[i]!;
      if (!Number.isInteger(n) || n < 1 || n > 0x7fffffff) {
        throw new Error(`MultiDiscrete: nvec[${i}] must be a positive integer, got ${n}`);
      }
      this.nvec[i] = n;
    }
    this.start = new Int32Array(nvec.length);
    if (start !== undefined) {
      if (start.length !== nvec.length) {
        throw new Error(`MultiDiscrete: start has length ${start.length}, expected ${nvec.length} (length of nvec)`);
      }
      for (let i = 0; i < start.length; i++) {
        const s = start[i]!;
        if (!Number.isInteger(s)) throw new Error(`MultiDiscrete: start[${i}] must be an integer, got ${s}`);
        this.start[i] = s;
      }
    }
    this.shape = Object.freeze([nvec.length]);
    this.rng = streamFor(seed, 'space');
  }

  sample(): Int32Array {
    const out = new Int32Array(this.nvec.length);
    for (let i = 0; i < out.length; i++) out[i] = this.start[i]! + this.rng.int(this.nvec[i]!);
    return out;
  }

  contains(x: unknown): x is Int32Array {
    if (!(x instanceof Int32Array) || x.length !== this.nvec.length) return false;
    for (let i = 0; i < x.length; i++) {
      const k = x[i]! - this.start[i]!;
      if (k < 0 || k >= this.nvec[i]!) return false;
    }
    return true;
  }

  seed(seed: number): void {
    this.rng = streamFor(seed, 'space');
  }

  toString(): string {
    const s = this.start.some((v) => v !== 0) ? `, start=[${Array.from(this.start).join(', ')}]` : '';
    return `MultiDiscrete([${Array.from(this.nvec).join(', ')}]${s})`;
  }
}

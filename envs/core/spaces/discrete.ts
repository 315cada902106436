/**
 * `Discrete(n, start = 0)`: the integers `{start, ..., start + n - 1}`, as
 * plain numbers (Gymnasium's `spaces.Discrete`). Draws from its own stream
 * `streamFor(seed, 'space')`, seed 0 until `seed()` is called.
 */
import { Rng, streamFor } from '../../sim/rng.js';
import type { Space } from '../space.js';
import { DEFAULT_SPACE_SEED } from './box.js';

export class Discrete implements Space<number> {
  readonly kind = 'discrete' as const;
  readonly shape: readonly number[] = Object.freeze([]);
  private rng: Rng;

  constructor(
    readonly n: number,
    readonly start = 0,
    seed: number = DEFAULT_SPACE_SEED,
  ) {
    if (!Number.isInteger(n) || n < 1) throw new Error(`Discrete: n must be a positive integer, got ${n}`);
    if (!Number.isInteger(start)) throw new Error(`Discrete: start must be an integer, got ${start}`);
    this.rng = streamFor(seed, 'space');
  }

  sample(): number {
    return this.start + this.rng.int(this.n);
  }

  contains(x: unknown): x is number {
    return typeof x === 'number' && Number.isInteger(x) && x >= this.start && x < this.start + this.n;
  }

  seed(seed: number): void {
    this.rng = streamFor(seed, 'space');
  }

  toString(): string {
    return this.start === 0 ? `Discrete(${this.n})` : `Discrete(${this.n}, start=${this.start})`;
  }
}

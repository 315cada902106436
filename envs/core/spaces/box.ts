/**
 * `Box`: a (possibly unbounded) box in R^n of float32 values, Gymnasium's
 * `spaces.Box` with dtype float32. Elements are `Float32Array`s of length
 * `size` (the product of `shape`, row-major).
 *
 * `sample()` follows Gymnasium per coordinate: uniform on `[low, high]` when both
 * bounds are finite, `low + Exp(1)` when only bounded below, `high - Exp(1)` when
 * only bounded above, and standard normal when unbounded.
 *
 * `contains(x)` asks for a `Float32Array` of the right length whose entries are
 * finite and within the bounds (unlike Gymnasium, infinities are never
 * elements, even of an unbounded box: a non-finite observation is a bug).
 *
 * The space draws from its own stream `streamFor(seed, 'space')`, seed 0 until
 * `seed()` is called.
 */
import { Rng, streamFor } from '../../sim/rng.js';
import type { Space } from '../space.js';

/** The seed a space uses before `seed()` is called. */
export const DEFAULT_SPACE_SEED = 0;

/** A bound given as one number for every coordinate or one per coordinate. */
export type BoxBound = number | ArrayLike<number>;

function shapeSize(shape: readonly number[]): number {
  let size = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (!Number.isInteger(d) || d < 1) {
      throw new Error(`Box: shape[${i}] must be a positive integer, got ${d} (shape [${shape.join(', ')}])`);
    }
    size *= d;
  }
  return size;
}

function boundArray(name: 'low' | 'high', bound: BoxBound, size: number): Float32Array {
  const out = new Float32Array(size);
  if (typeof bound === 'number') {
    if (Number.isNaN(bound)) throw new Error(`Box: ${name} must not be NaN, got ${bound}`);
    out.fill(bound);
    return out;
  }
  if (bound.length !== size) {
    throw new Error(`Box: ${name} has length ${bound.length}, expected ${size} (the product of shape)`);
  }
  for (let i = 0; i < size; i++) {
    const v = bound[i]!;
    if (Number.isNaN(v)) throw new Error(`Box: ${name}[${i}] must not be NaN, got ${v}`);
    out[i] = v;
  }
  return out;
}

export class Box implements Space<Float32Array> {
  readonly kind = 'box' as const;
  readonly shape: readonly number[];
  /** Number of coordinates (product of `shape`). */
  readonly size: number;
  readonly low: Float32Array;
  readonly high: Float32Array;
  readonly dtype = 'float32' as const;
  private rng: Rng;

  /**
   * @param low lower bound(s); `-Infinity` for unbounded below.
   * @param high upper bound(s); `Infinity` for unbounded above.
   * @param shape element shape; required when both bounds are numbers, else
   *   defaults to `[length]` of the array bound.
   * @param seed the sampling seed (default {@link DEFAULT_SPACE_SEED}).
   */
  constructor(low: BoxBound, high: BoxBound, shape?: readonly number[], seed: number = DEFAULT_SPACE_SEED) {
    let resolved: readonly number[];
    if (shape !== undefined) {
      resolved = [...shape];
    } else if (typeof low !== 'number') {
      resolved = [low.length];
    } else if (typeof high !== 'number') {
      resolved = [high.length];
    } else {
      throw new Error(`Box: shape is required when low (${low}) and high (${high}) are both numbers`);
    }
    if (resolved.length === 0) throw new Error('Box: shape must have at least one dimension, got []');
    this.size = shapeSize(resolved);
    this.shape = Object.freeze(resolved);
    this.low = boundArray('low', low, this.size);
    this.high = boundArray('high', high, this.size);
    for (let i = 0; i < this.size; i++) {
      if (this.low[i]! > this.high[i]!) {
        throw new Error(`Box: low[${i}] = ${this.low[i]} exceeds high[${i}] = ${this.high[i]}`);
      }
    }
    this.rng = streamFor(seed, 'space');
  }

  /** Whether every coordinate is bounded below and above. */
  isBounded(): boolean {
    for (let i = 0; i < this.size; i++) {
      if (this.low[i] === -Infinity || this.high[i] === Infinity) return false;
    }
    return true;
  }

  sample(): Float32Array {
    return this.sampleInto(new Float32Array(this.size));
  }

  /** Samples into `out` (length `size`) without allocating; returns `out`. */
  sampleInto(out: Float32Array): Float32Array {
    const { low, high, rng } = this;
    for (let i = 0; i < this.size; i++) {
      const lo = low[i]!;
      const hi = high[i]!;
      const below = lo !== -Infinity;
      const above = hi !== Infinity;
      if (below && above) out[i] = lo + (hi - lo) * rng.uniform();
      else if (below) out[i] = lo + rng.exponential(1);
      else if (above) out[i] = hi - rng.exponential(1);
      else out[i] = rng.normal();
    }
    return out;
  }

  contains(x: unknown): x is Float32Array {
    if (!(x instanceof Float32Array) || x.length !== this.size) return false;
    const { low, high } = this;
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (!(v >= low[i]! && v <= high[i]!) || !Number.isFinite(v)) return false;
    }
    return true;
  }

  seed(seed: number): void {
    this.rng = streamFor(seed, 'space');
  }

  toString(): string {
    const fmt = (a: Float32Array): string => (a.every((v) => v === a[0]) ? String(a[0]) : `[${Array.from(a).join(', ')}]`);
    return `Box(${fmt(this.low)}, ${fmt(this.high)}, [${this.shape.join(', ')}], float32)`;
  }
}

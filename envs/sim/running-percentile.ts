/**
 * An exact running percentile of a growing sample: after every `add`, `value`
 * is the nearest-rank `p`-th percentile of everything added since `clear`,
 * that is the `ceil(p n / 100)`-th smallest of the `n` values.
 *
 * Two heaps split the sample at that rank: a max-heap of the values below it
 * and a min-heap of the rest, whose least element is the percentile. An `add`
 * costs O(1) on average (a heap insertion moves up a constant number of
 * levels on average) and at most one element moves between the heaps, so the
 * dispatch simulator's hot loop can keep one without losing its speed; the
 * heaps grow by doubling and are kept across `clear`, so a steady state
 * allocates nothing. Sorting a copy would be exact too, but costs O(n log n)
 * per query, and the environments query at every step.
 */
import { type PackedTyped, packTyped, unpackFloat64 } from './typed-state.js';

/** What {@link RunningPercentile.getState} returns: the two heaps as they are (JSON-serialisable). */
export interface RunningPercentileState {
  low: PackedTyped;
  high: PackedTyped;
}

export class RunningPercentile {
  /** The values below the rank, negated (a min-heap of -x is a max-heap of x). */
  private readonly low = new MinHeap();
  /** The values from the rank up; its root is the percentile. */
  private readonly high = new MinHeap();

  /** `p` in (0, 100], an integer (the rank is computed in integers). */
  constructor(readonly p: number) {
    if (!Number.isInteger(p) || p <= 0 || p > 100) throw new RangeError(`RunningPercentile: p must be an integer in (0, 100], got ${p}`);
  }

  /** Values added since `clear`. */
  get count(): number {
    return this.low.size + this.high.size;
  }

  clear(): void {
    this.low.clear();
    this.high.clear();
  }

  add(x: number): void {
    if (this.high.size > 0 && x >= this.high.peek()) this.high.push(x);
    else this.low.push(-x);
    // The high heap holds the values from rank ceil(p n / 100) up: n - rank + 1 of them.
    const n = this.count;
    const want = n - Math.floor((this.p * n + 99) / 100) + 1;
    while (this.high.size > want) this.low.push(-this.high.pop());
    while (this.high.size < want) this.high.push(-this.low.pop());
  }

  /** The percentile of the values added so far (NaN when none). */
  value(): number {
    return this.high.size === 0 ? Number.NaN : this.high.peek();
  }

  /** The sample, for checkpoints. */
  getState(): RunningPercentileState {
    return { low: this.low.pack(), high: this.high.pack() };
  }

  /** Restores a {@link getState} (of a percentile with the same `p`). */
  setState(s: RunningPercentileState): void {
    this.low.unpack(s.low, 'RunningPercentile low heap');
    this.high.unpack(s.high, 'RunningPercentile high heap');
  }
}

/** A binary min-heap of numbers in a Float64Array that doubles when full. */
class MinHeap {
  private h = new Float64Array(64);
  size = 0;

  clear(): void {
    this.size = 0;
  }

  /** The heap's elements in heap order. */
  pack(): PackedTyped {
    return packTyped(this.h, this.size);
  }

  unpack(p: unknown, what: string): void {
    const a = unpackFloat64(p, what);
    this.h = new Float64Array(Math.max(64, a.length));
    this.h.set(a);
    this.size = a.length;
  }

  peek(): number {
    return this.h[0]!;
  }

  push(x: number): void {
    if (this.size === this.h.length) {
      const bigger = new Float64Array(2 * this.h.length);
      bigger.set(this.h);
      this.h = bigger;
    }
    const h = this.h;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent]! <= x) break;
      h[i] = h[parent]!;
      i = parent;
    }
    h[i] = x;
  }

  pop(): number {
    const h = this.h;
    const top = h[0]!;
    const n = --this.size;
    const last = h[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && h[c + 1]! < h[c]!) c++;
      if (h[c]! >= last) break;
      h[i] = h[c]!;
      i = c;
    }
    if (n > 0) h[i] = last;
    return top;
  }
}

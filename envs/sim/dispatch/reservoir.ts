/**
 * Bounded, seeded reservoirs of flow durations (the fairness paper's
 * per-server observation, docs/model.md §4.8): one reservoir of `size` slots
 * per (dispatcher, node) pair, each a uniform sample without replacement
 * (Vitter's Algorithm R) of the durations added since the last `clear()`.
 * `add` is allocation-free and draws from the caller's stream only once the
 * reservoir is full, so a dispatch simulator can keep them in its hot loop.
 */
import type { Rng } from '../rng.js';
import { requirePositiveInt } from '../validation.js';

/** Mean, standard deviation and 90th percentile of a reservoir, in this order. */
export const RESERVOIR_STATS = 3;

export class SojournReservoir {
  readonly size: number;
  /** `values[slot * size + k]`: the k-th kept duration of `slot`. */
  readonly values: Float64Array;
  /** Durations offered to each slot since the last clear (kept or not). */
  readonly seen: Int32Array;
  private readonly sorted: Float64Array;

  constructor(
    readonly slots: number,
    size: number,
  ) {
    this.size = requirePositiveInt(size, 'reservoirSize');
    this.values = new Float64Array(slots * this.size);
    this.seen = new Int32Array(slots);
    this.sorted = new Float64Array(this.size);
  }

  /** Offers duration `v` to `slot`: kept with probability `size / seen` (always while not full). */
  add(slot: number, v: number, rng: Rng): void {
    const seen = this.seen[slot]!;
    const size = this.size;
    if (seen < size) {
      this.values[slot * size + seen] = v;
    } else {
      const k = Math.floor(rng.uniform() * (seen + 1));
      if (k < size) this.values[slot * size + k] = v;
    }
    this.seen[slot] = seen + 1;
  }

  /** Durations kept in `slot`. */
  count(slot: number): number {
    return Math.min(this.seen[slot]!, this.size);
  }

  clear(): void {
    this.seen.fill(0);
  }

  /**
   * Writes the mean, the population standard deviation and the nearest-rank
   * 90th percentile (the `ceil(0.9 m)`-th smallest of the `m` kept values) of
   * `slot` into `out[off .. off + 3)`; zeros when the slot is empty.
   */
  summary(slot: number, out: Float64Array, off: number): void {
    const m = this.count(slot);
    if (m === 0) {
      out[off] = 0;
      out[off + 1] = 0;
      out[off + 2] = 0;
      return;
    }
    const base = slot * this.size;
    const s = this.sorted;
    let sum = 0;
    // Insertion sort of at most `size` values (a few dozen): no allocation.
    for (let k = 0; k < m; k++) {
      const v = this.values[base + k]!;
      sum += v;
      let j = k;
      while (j > 0 && s[j - 1]! > v) {
        s[j] = s[j - 1]!;
        j--;
      }
      s[j] = v;
    }
    const mean = sum / m;
    let ss = 0;
    for (let k = 0; k < m; k++) {
      const d = s[k]! - mean;
      ss += d * d;
    }
    out[off] = mean;
    out[off + 1] = Math.sqrt(ss / m);
    out[off + 2] = s[Math.ceil(0.9 * m) - 1]!;
  }
}

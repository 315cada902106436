/**
 * The fairness paper's observation of a dispatcher (`observation: 'paper'`
 * of `LB-Dispatch-v0` and `LB-DispatchMulti-v0`): per server, statistics of
 * the dispatcher's own flow durations over the last interval from a bounded
 * seeded reservoir (envs/sim/dispatch/reservoir.ts), their discounted
 * averages across intervals, its outstanding counts, and the mean
 * inter-arrival time of its tasks. `7n + 1` values, each clipped to
 * `[0, obsClip]`:
 *
 * | index | meaning |
 * |---|---|
 * | `i` | its outstanding tasks at server i / `outstandingScale` |
 * | `n + i`, `2n + i`, `3n + i` | mean, standard deviation and 90th percentile (nearest rank) of the durations in its reservoir of server i (its tasks completed there in the last interval, at most `reservoirSize` of them, a uniform sample beyond) / `timeScale`; 0 if none |
 * | `4n + i`, `5n + i`, `6n + i` | their discounted averages `a <- g a + (1 - g) v` (`g = obsDiscount`), updated on intervals with a completion there (`a <- v` at the first since reset), kept otherwise / `timeScale` |
 * | `7n` | mean inter-arrival time of its tasks in the last interval, `delta / max(1, dispatched)` / `timeScale` |
 */
import type { ResolvedDispatchOptions } from './dispatch-env.js';
import { RESERVOIR_STATS } from './sim/dispatch/reservoir.js';
import type { DispatchSimulator } from './sim/dispatch/simulator.js';
import { type PackedTyped, packTyped, restoreTyped } from './sim/typed-state.js';

/** Values per server in the paper observation. */
export const PAPER_FEATURES_PER_SERVER = 1 + 2 * RESERVOIR_STATS;

export function paperObservationSize(n: number): number {
  return PAPER_FEATURES_PER_SERVER * n + 1;
}

/** What {@link PaperObserver.getState} returns. */
export interface PaperObserverState {
  averages: PackedTyped;
  observed: PackedTyped;
}

/** One dispatcher's paper observation and the discounted averages it carries across intervals. */
export class PaperObserver {
  /** `averages[3 i + k]`: discounted average of statistic k at server i. */
  private readonly averages: Float64Array;
  private readonly observed: Uint8Array;
  private readonly stats: Float64Array;

  constructor(readonly n: number) {
    this.averages = new Float64Array(RESERVOIR_STATS * n);
    this.observed = new Uint8Array(n);
    this.stats = new Float64Array(RESERVOIR_STATS);
  }

  reset(): void {
    this.averages.fill(0);
    this.observed.fill(0);
  }

  /** The discounted averages, for checkpoints. */
  getState(): PaperObserverState {
    return { averages: packTyped(this.averages), observed: packTyped(this.observed) };
  }

  setState(s: PaperObserverState): void {
    restoreTyped(this.averages, s.averages, 'paper observer averages');
    restoreTyped(this.observed, s.observed, 'paper observer observed');
  }

  /**
   * After an interval: updates the averages from dispatcher d's reservoirs and
   * writes its observation (the table above) into `out` (length 7n + 1).
   */
  write(sim: DispatchSimulator, d: number, dispatched: number, cfg: ResolvedDispatchOptions, out: Float32Array): Float32Array {
    const n = this.n;
    const reservoir = sim.reservoir;
    if (reservoir === undefined) throw new Error('PaperObserver: the simulator keeps no reservoirs (reservoirSize 0)');
    const clip = cfg.obsClip;
    const scaled = (v: number): number => Math.min(v / cfg.timeScale, clip);
    const g = cfg.obsDiscount;
    const stats = this.stats;
    for (let i = 0; i < n; i++) {
      const slot = d * n + i;
      out[i] = Math.min(sim.outstanding[slot]! / cfg.outstandingScale, clip);
      reservoir.summary(slot, stats, 0);
      const fresh = reservoir.count(slot) > 0;
      for (let k = 0; k < RESERVOIR_STATS; k++) {
        const v = stats[k]!;
        const a = RESERVOIR_STATS * i + k;
        if (fresh) this.averages[a] = this.observed[i] === 0 ? v : g * this.averages[a]! + (1 - g) * v;
        out[(1 + k) * n + i] = scaled(v);
        out[(1 + RESERVOIR_STATS + k) * n + i] = scaled(this.averages[a]!);
      }
      if (fresh) this.observed[i] = 1;
    }
    out[PAPER_FEATURES_PER_SERVER * n] = scaled(cfg.delta / Math.max(1, dispatched));
    return out;
  }
}

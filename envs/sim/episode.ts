/**
 * The one-shot episode's action and result types (docs/model.md §2).
 */
import { invalid } from './validation.js';

/**
 * The balancing action: gain K in [0, 1] and instant t_b >= 0 (seconds), one
 * value shared by every node or one per node (the multi-agent generalisation:
 * node l balances at its own t_b,l with its own K_l).
 */
export interface OneShotAction {
  K: number | ArrayLike<number>;
  tb: number | ArrayLike<number>;
}

export interface EpisodeResult {
  /** Completion time T: when the last task was served (seconds). */
  completionTime: number;
  /** Per-node finish times T_i (0 for a node that never had a task). */
  finishTimes: Float64Array;
  /** Tasks sent, index `from * n + to`. */
  moved: Int32Array;
  /** Total tasks moved. */
  tasksMoved: number;
  /** Knowledge at the balancing instant: `informed[l * n + j]` = 1 when node l knew Q_j(0). */
  informed: Uint8Array;
  /** Q_l at node l's balancing instant (before it sends). */
  queuesAtBalance: Int32Array;
  /** Tasks served per node. */
  served: Int32Array;
  /** Events processed: services + balancing instants + batch arrivals. */
  events: number;
}

export function newEpisodeResult(n: number): EpisodeResult {
  return {
    completionTime: 0,
    finishTimes: new Float64Array(n),
    moved: new Int32Array(n * n),
    tasksMoved: 0,
    informed: new Uint8Array(n * n),
    queuesAtBalance: new Int32Array(n),
    served: new Int32Array(n),
    events: 0,
  };
}

/** Per-node gains and instants, validated (errors name `K` / `tb` and the value). */
export function resolveAction(action: OneShotAction, n: number, gains: Float64Array, instants: Float64Array): void {
  fill(action.K, n, gains, 'K', 0, 1);
  fill(action.tb, n, instants, 'tb', 0, Infinity);
}

function fill(v: number | ArrayLike<number>, n: number, out: Float64Array, field: string, lo: number, hi: number): void {
  if (typeof v === 'number') {
    if (!(v >= lo && v <= hi) || !Number.isFinite(v)) invalid(field, v, `a number in [${lo}, ${hi}]`);
    out.fill(v);
    return;
  }
  if (v.length !== n) invalid(field, Array.from(v), `${n} values (one per node)`);
  for (let i = 0; i < n; i++) {
    const x = v[i]!;
    if (!(x >= lo && x <= hi) || !Number.isFinite(x)) invalid(`${field}[${i}]`, x, `a number in [${lo}, ${hi}]`);
    out[i] = x;
  }
}

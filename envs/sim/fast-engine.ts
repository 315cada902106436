/**
 * The all-exponential fast path of the one-shot engine (a specialised hot
 * path, checked against the general engine in test/sim/fast-engine.test.ts).
 *
 * Valid when service, communication and transfer delays are all exponential
 * and every node balances at the same instant t_b. It draws the same laws as
 * the event-driven engine without visiting every service:
 * - tasks served by node i before t_b: N ~ Poisson(lambda_i t_b); if N < m_i
 *   the node holds m_i - N at t_b; otherwise it emptied before t_b, at the
 *   m_i-th of N uniform points on [0, t_b], i.e. t_b Beta(m_i, N - m_i + 1);
 * - node l is informed of j with probability 1 - exp(-t_b / c_jl);
 * - after t_b (memoryless service), a node's kept tasks take Gamma(kept, lambda)
 *   and each incoming batch, taken in order of arrival, starts at
 *   max(free, arrival) and takes Gamma(L, lambda) (FIFO, work-conserving).
 */
import { balanceNode } from './balance.js';
import type { CompiledScenario } from './compiled-scenario.js';
import { beta, gammaUnit, poisson } from './distributions.js';
import { type EpisodeResult, type OneShotAction, newEpisodeResult, resolveAction } from './episode.js';
import { viewsOf } from './knowledge.js';
import type { SimStreams } from './streams.js';
import { transferMean } from './transfer-delay.js';
import { workspacePool } from './workspace.js';

class Workspace {
  readonly queue: Int32Array;
  readonly earlyFinish: Float64Array;
  readonly views: Float64Array;
  readonly out: Int32Array;
  readonly kept: Int32Array;
  readonly gains: Float64Array;
  readonly instants: Float64Array;
  /** Incoming batches per receiver: arrival times and sizes, flattened [k * n + slot]. */
  readonly arrTime: Float64Array;
  readonly arrSize: Int32Array;
  readonly arrCount: Int32Array;
  constructor(n: number) {
    this.queue = new Int32Array(n);
    this.earlyFinish = new Float64Array(n);
    this.views = new Float64Array(n);
    this.out = new Int32Array(n);
    this.kept = new Int32Array(n);
    this.gains = new Float64Array(n);
    this.instants = new Float64Array(n);
    this.arrTime = new Float64Array(n * n);
    this.arrSize = new Int32Array(n * n);
    this.arrCount = new Int32Array(n);
  }
}

const workspace = workspacePool((n) => new Workspace(n));

/** Whether the fast path applies to this scenario and action. */
export function fastPathApplies(sc: CompiledScenario, action: OneShotAction): boolean {
  if (!sc.allExponential) return false;
  const tb = action.tb;
  if (typeof tb === 'number') return true;
  for (let i = 1; i < tb.length; i++) if (tb[i] !== tb[0]) return false;
  return true;
}

export function simulateFast(
  sc: CompiledScenario,
  loads: ArrayLike<number>,
  action: OneShotAction,
  streams: SimStreams,
  result: EpisodeResult = newEpisodeResult(sc.n),
): EpisodeResult {
  const n = sc.n;
  const w = workspace(n);
  resolveAction(action, n, w.gains, w.instants);
  const tb = w.instants[0]!;
  const { queue, earlyFinish, views, out, kept, arrTime, arrSize, arrCount } = w;
  const rates = sc.rates;
  result.moved.fill(0);
  result.informed.fill(0);
  result.tasksMoved = 0;
  let events = 0;

  // Before t_b: each node serves its own queue.
  for (let i = 0; i < n; i++) {
    const m = loads[i]!;
    earlyFinish[i] = 0;
    if (m === 0) {
      queue[i] = 0;
      continue;
    }
    const rng = streams.service[i]!;
    const served = tb > 0 ? poisson(rng, rates[i]! * tb) : 0;
    if (served < m) {
      queue[i] = m - served;
    } else {
      queue[i] = 0;
      earlyFinish[i] = tb * beta(rng, m, served - m + 1);
    }
  }

  // Knowledge at t_b.
  for (let l = 0; l < n; l++) {
    const row = l * n;
    for (let j = 0; j < n; j++) {
      if (j === l) continue;
      const c = sc.commMeans[j * n + l]!;
      if (streams.comm.uniform() < -Math.expm1(-tb / c)) result.informed[row + j] = 1;
    }
  }

  // Balancing at t_b (simultaneous: each node decides on its own Q_l(t_b)).
  arrCount.fill(0);
  for (let l = 0; l < n; l++) {
    const q = queue[l]!;
    result.queuesAtBalance[l] = q;
    kept[l] = q;
    if (q === 0 || w.gains[l] === 0) continue;
    const row = l * n;
    const all = viewsOf(l, q, loads, result.informed, row, sc.unknownQueue, views);
    const leaving = balanceNode(l, q, views, all, w.gains[l]!, sc.weights, out);
    if (leaving === 0) continue;
    kept[l] = q - leaving;
    for (let k = 0; k < n; k++) {
      const L = out[k]!;
      if (L === 0) continue;
      result.moved[row + k] = L;
      result.tasksMoved += L;
      const slot = k * n + arrCount[k]!;
      arrTime[slot] = tb + transferMean(sc.transferModel, L) * -Math.log(streams.transfer.uniformPositive());
      arrSize[slot] = L;
      arrCount[k] = arrCount[k]! + 1;
      events++;
    }
  }

  // After t_b: kept tasks, then incoming batches in order of arrival.
  let T = 0;
  let totalServed = 0;
  for (let k = 0; k < n; k++) {
    const rng = streams.service[k]!;
    const rate = rates[k]!;
    const c = arrCount[k]!;
    let finish = earlyFinish[k]!;
    let free = tb;
    if (kept[k]! > 0) {
      free = tb + gammaUnit(rng, kept[k]!) / rate;
      finish = free;
    }
    if (c > 0) {
      sortBatches(arrTime, arrSize, k * n, c);
      for (let b = 0; b < c; b++) {
        const a = arrTime[k * n + b]!;
        free = (free > a ? free : a) + gammaUnit(rng, arrSize[k * n + b]!) / rate;
      }
      finish = free;
    }
    result.finishTimes[k] = finish;
    const served = loads[k]! - queue[k]! + kept[k]! + incoming(arrSize, k * n, c);
    result.served[k] = served;
    totalServed += served;
    if (finish > T) T = finish;
  }
  result.completionTime = T;
  result.events = events + totalServed + n;
  return result;
}

function incoming(size: Int32Array, offset: number, count: number): number {
  let s = 0;
  for (let b = 0; b < count; b++) s += size[offset + b]!;
  return s;
}

/** Insertion sort of a receiver's (few) batches by arrival time. */
function sortBatches(time: Float64Array, size: Int32Array, offset: number, count: number): void {
  for (let i = offset + 1; i < offset + count; i++) {
    const t = time[i]!;
    const s = size[i]!;
    let j = i - 1;
    while (j >= offset && time[j]! > t) {
      time[j + 1] = time[j]!;
      size[j + 1] = size[j]!;
      j--;
    }
    time[j + 1] = t;
    size[j + 1] = s;
  }
}

/**
 * The general discrete-event engine for one-shot balancing (docs/model.md §2), any
 * delay family, per-node gains and instants.
 *
 * Events (heap keyed by time, then sequence): a service completion at a node,
 * a node's balancing instant, a batch arrival. Nodes serve FIFO one task at a
 * time; batches leave from the back of the queue (the task in service always
 * stays: sum_k L_kl <= excess_l < Q_l) and join the back of the receiver's.
 * At equal times, events run in the order they were scheduled, so the
 * balancing instants (scheduled first) precede a service completing at that
 * very instant.
 */
import { balanceNode } from './balance.js';
import type { CompiledScenario } from './compiled-scenario.js';
import { type EpisodeResult, type OneShotAction, newEpisodeResult, resolveAction } from './episode.js';
import { EventQueue } from './event-queue.js';
import { viewsOf } from './knowledge.js';
import type { SimStreams } from './streams.js';
import { transferMean } from './transfer-delay.js';
import { workspacePool } from './workspace.js';

const SERVICE = 0;
const BALANCE = 1;
const ARRIVAL = 2;

/** Reusable scratch space for one scenario size. */
class Workspace {
  readonly heap = new EventQueue(64);
  readonly queue: Int32Array;
  readonly eta: Float64Array;
  readonly views: Float64Array;
  readonly out: Int32Array;
  readonly gains: Float64Array;
  readonly instants: Float64Array;
  readonly ev = { time: 0, kind: 0, node: 0, payload: 0 };
  constructor(readonly n: number) {
    this.queue = new Int32Array(n);
    this.eta = new Float64Array(n * n);
    this.views = new Float64Array(n);
    this.out = new Int32Array(n);
    this.gains = new Float64Array(n);
    this.instants = new Float64Array(n);
  }
}

const workspace = workspacePool((n) => new Workspace(n));

/**
 * Called after every event with the instant and the state: queues (including
 * the task in service), tasks in transit, tasks served per node. For tests of
 * the conservation invariant; the arrays are live, copy what you keep.
 */
export type EventObserver = (time: number, queues: Int32Array, inTransit: number, served: Int32Array) => void;

/** Runs one episode on the general engine. `loads` must be validated non-negative integers. */
export function simulateGeneral(
  sc: CompiledScenario,
  loads: ArrayLike<number>,
  action: OneShotAction,
  streams: SimStreams,
  result: EpisodeResult = newEpisodeResult(sc.n),
  observer?: EventObserver,
): EpisodeResult {
  const n = sc.n;
  const w = workspace(n);
  resolveAction(action, n, w.gains, w.instants);
  const { heap, queue, eta, views, out, ev } = w;
  heap.clear();
  result.finishTimes.fill(0);
  result.moved.fill(0);
  result.served.fill(0);
  result.informed.fill(0);
  result.queuesAtBalance.fill(0);
  result.tasksMoved = 0;
  let events = 0;
  let inTransit = 0;

  // Communication delays of the t = 0 messages, eta[from * n + to].
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) eta[i * n + j] = i === j ? 0 : sc.comm[i * n + j]!(streams.comm);
  }
  for (let l = 0; l < n; l++) heap.push(w.instants[l]!, BALANCE, l);
  for (let i = 0; i < n; i++) {
    queue[i] = loads[i]!;
    if (queue[i]! > 0) heap.push(sc.service[i]!(streams.service[i]!), SERVICE, i);
  }

  while (heap.pop(ev)) {
    events++;
    const t = ev.time;
    const i = ev.node;
    if (ev.kind === SERVICE) {
      queue[i] = queue[i]! - 1;
      result.served[i] = result.served[i]! + 1;
      result.finishTimes[i] = t;
      if (queue[i]! > 0) heap.push(t + sc.service[i]!(streams.service[i]!), SERVICE, i);
    } else if (ev.kind === BALANCE) {
      const q = queue[i]!;
      result.queuesAtBalance[i] = q;
      const row = i * n;
      for (let j = 0; j < n; j++) {
        if (j !== i && eta[j * n + i]! <= t) result.informed[row + j] = 1;
      }
      const all = viewsOf(i, q, loads, result.informed, row, sc.unknownQueue, views);
      const leaving = balanceNode(i, q, views, all, w.gains[i]!, sc.weights, out);
      if (leaving > 0) {
        queue[i] = q - leaving;
        for (let k = 0; k < n; k++) {
          const L = out[k]!;
          if (L === 0) continue;
          result.moved[row + k] = L;
          result.tasksMoved += L;
          inTransit += L;
          heap.push(t + transferMean(sc.transferModel, L) * sc.transferUnit(streams.transfer), ARRIVAL, k, L);
        }
      }
    } else {
      const wasIdle = queue[i] === 0;
      queue[i] = queue[i]! + ev.payload;
      inTransit -= ev.payload;
      if (wasIdle) heap.push(t + sc.service[i]!(streams.service[i]!), SERVICE, i);
    }
    if (observer !== undefined) observer(t, queue, inTransit, result.served);
  }
  let T = 0;
  for (let i = 0; i < n; i++) if (result.finishTimes[i]! > T) T = result.finishTimes[i]!;
  result.completionTime = T;
  result.events = events;
  return result;
}

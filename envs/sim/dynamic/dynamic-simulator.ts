/**
 * The simulator's dynamic mode (docs/model.md §4.3-§4.4): external arrivals, periodic
 * delayed queue-length exchange, repeated balancing with the §2.3 arithmetic
 * (`balanceNode`), delayed batch transfers, failures and recovery, and
 * per-task sojourn accounting. Event-driven on the one-shot engine's
 * `EventQueue` (ties run in scheduling order).
 *
 * Events:
 * - `SERVICE` (node, generation): a service completion; a failure bumps the
 *   node's generation, so the completion scheduled before it is ignored.
 *   After recovery a fresh service time is drawn for the task at the front
 *   (preemptive-repeat; for exponential service the same as resuming).
 * - `ARRIVAL` (node, generation): an external Poisson arrival; a bursty
 *   on/off switch (`BURST`) bumps the generation and redraws the next arrival
 *   at the new rate (exact by memorylessness).
 * - `EXCHANGE`: every up node sends its queue length to every other node;
 *   each message (`MESSAGE`) arrives after its own communication delay. A
 *   node keeps, per sender, the value with the latest send time (a message
 *   overtaken by a newer one is ignored); a down node receives nothing.
 * - `BALANCE_ALL` (trigger `epoch`): every up node balances, `delay` s into
 *   the epoch; `BALANCE_NODE` (trigger `arrival`): one node balances `delay`
 *   s after an external arrival (at most one pending per node; arrivals while
 *   one is pending do not add another).
 * - `BATCH` (receiver, slot): a batch of tasks arrives; tasks keep their
 *   original arrival times and join the back of the receiver's queue.
 * - `FAIL`, `RECOVER`: failure and recovery (see dynamic-config.ts for the
 *   hold and lose modes).
 *
 * Balancing at node l uses its views: its own true queue, for every other
 * node j the latest received queue length (never heard: the scenario's
 * unknown-queue convention, as a blind node in the one-shot model), then
 * `balanceNode` with "informed of all" meaning l has heard from every node.
 * Batches to a node that l believes down (its latest message from it is
 * older than `staleAfter`) are not sent: those tasks stay at l. Batches leave
 * from the back of l's queue; the task in service never leaves.
 *
 * Conservation at every instant:
 * `initial + arrived = served + queued + inTransit + lost`.
 */
import { balanceNode } from '../balance.js';
import { type CompiledScenario, compileScenario } from '../compiled-scenario.js';
import { EventQueue } from '../event-queue.js';
import { Rng, streamFor } from '../rng.js';
import type { Scenario } from '../scenario.js';
import { validateLoads } from '../scenario.js';
import { type SimStreams, createSimStreams } from '../streams.js';
import { transferMean } from '../transfer-delay.js';
import { invalid } from '../validation.js';
import { BatchStore } from './batch-store.js';
import { type DynamicConfig, type DynamicOptions, resolveDynamicConfig } from './dynamic-config.js';
import { MessageStore } from './message-store.js';
import { TaskFifo } from './task-fifo.js';

/** Event kinds of the dynamic simulator (the event queue's `kind`). */
export const DynamicEventKind = {
  SERVICE: 0,
  ARRIVAL: 1,
  BURST: 2,
  EXCHANGE: 3,
  MESSAGE: 4,
  BALANCE_ALL: 5,
  BALANCE_NODE: 6,
  BATCH: 7,
  FAIL: 8,
  RECOVER: 9,
} as const;
export type DynamicEventKind = (typeof DynamicEventKind)[keyof typeof DynamicEventKind];

/** The balancing action for an epoch: gain K in [0, 1] and delay in [0, epoch] (s). */
export interface DynamicAction {
  K: number;
  delay: number;
}

/** Task counts; `initial + arrived = served + queued + inTransit + lost` always. */
export interface DynamicCounters {
  initial: number;
  arrived: number;
  served: number;
  queued: number;
  inTransit: number;
  lost: number;
}

/** Measurements over the interval since `beginInterval()`. */
export interface IntervalStats {
  /** Interval length (s). */
  duration: number;
  /** Time-averaged speed-normalised backlog `mean Q_i / lambda_i` (s), per node. */
  backlog: Float64Array;
  /** Mean sojourn (response) time of tasks completed in the interval (s); NaN when none. */
  meanSojourn: number;
  /** Tasks completed, arrived and lost in the interval. */
  completed: number;
  arrived: number;
  lost: number;
}

/** Called after every event with the simulator (its state is consistent). */
export type DynamicObserver = (sim: DynamicSimulator, kind: DynamicEventKind) => void;

export class DynamicSimulator {
  readonly n: number;
  readonly compiled: CompiledScenario;
  readonly config: DynamicConfig;
  /** Called after every event (tests); undefined by default. */
  observer: DynamicObserver | undefined;

  private readonly heap = new EventQueue(256);
  private readonly ev = { time: 0, kind: 0, node: 0, payload: 0 };
  private readonly fifo: TaskFifo[];
  private readonly batches = new BatchStore();
  private readonly messages = new MessageStore(256);
  private streams!: SimStreams;
  private arrivalRngs: Rng[] = [];
  private failureRngs: Rng[] = [];

  private readonly up: Uint8Array;
  private readonly busy: Uint8Array;
  private readonly serviceGen: Int32Array;
  private readonly arrivalGen: Int32Array;
  private readonly burstOn: Uint8Array;
  private readonly pendingNodeBalance: Uint8Array;
  /** `viewValue[l * n + j]`: l's latest received queue length of j. */
  private readonly viewValue: Float64Array;
  /** `viewSentAt[l * n + j]`: send time of that message (-Infinity: never heard). */
  private readonly viewSentAt: Float64Array;
  private readonly views: Float64Array;
  private readonly out: Int32Array;
  private readonly burstScale: Float64Array;
  private readonly lostPerNode: Float64Array;

  private now = 0;
  private epochIndex = 0;
  private balanceScheduledFor = -1;
  private K = 0;
  private delay = 0;
  private scheduledK = 0;
  private eventCount = 0;
  private lastCompletion = 0;
  private readonly counts: DynamicCounters = { initial: 0, arrived: 0, served: 0, queued: 0, inTransit: 0, lost: 0 };

  // Interval accumulators.
  private intervalStart = 0;
  private readonly area: Float64Array;
  private readonly lastTouch: Float64Array;
  private sojournSum = 0;
  private completedInInterval = 0;
  private arrivedAtStart = 0;
  private lostAtStart = 0;

  constructor(scenario: Scenario | CompiledScenario, options: DynamicOptions = {}) {
    this.compiled = 'rates' in scenario ? scenario : compileScenario(scenario);
    const n = this.compiled.n;
    this.n = n;
    this.config = resolveDynamicConfig(options, n);
    this.fifo = Array.from({ length: n }, () => new TaskFifo(64));
    this.up = new Uint8Array(n);
    this.busy = new Uint8Array(n);
    this.serviceGen = new Int32Array(n);
    this.arrivalGen = new Int32Array(n);
    this.burstOn = new Uint8Array(n);
    this.pendingNodeBalance = new Uint8Array(n);
    this.viewValue = new Float64Array(n * n);
    this.viewSentAt = new Float64Array(n * n);
    this.views = new Float64Array(n);
    this.out = new Int32Array(n);
    this.burstScale = new Float64Array(2);
    this.lostPerNode = new Float64Array(n);
    this.area = new Float64Array(n);
    this.lastTouch = new Float64Array(n);
    const b = this.config.bursty;
    if (b !== null) {
      // Off rate c, on rate multiplier * c, long-run mean 1.
      const c = (b.meanOn + b.meanOff) / (b.multiplier * b.meanOn + b.meanOff);
      this.burstScale[0] = c;
      this.burstScale[1] = b.multiplier * c;
    } else {
      this.burstScale.fill(1);
    }
    this.reset(0);
  }

  /**
   * Restarts at t = 0 with the given initial queues (default all empty), every
   * node up, the streams derived from `seed`, and the action (K = 0, delay = 0).
   */
  reset(seed: number | string, initialLoads?: ArrayLike<number>): void {
    const n = this.n;
    const loads = initialLoads === undefined ? new Array<number>(n).fill(0) : validateLoads(Array.from(initialLoads), n, 'initialLoads');
    this.streams = createSimStreams(seed, n);
    this.arrivalRngs = Array.from({ length: n }, (_, i) => streamFor(seed, 'arrivals', i));
    this.failureRngs = Array.from({ length: n }, (_, i) => streamFor(seed, 'failures', i));
    this.heap.clear();
    this.batches.clear();
    this.messages.clear();
    this.now = 0;
    this.epochIndex = 0;
    this.balanceScheduledFor = -1;
    this.K = 0;
    this.delay = 0;
    this.eventCount = 0;
    this.lastCompletion = 0;
    this.up.fill(1);
    this.busy.fill(0);
    this.serviceGen.fill(0);
    this.arrivalGen.fill(0);
    this.pendingNodeBalance.fill(0);
    this.viewValue.fill(0);
    this.viewSentAt.fill(-Infinity);
    this.lostPerNode.fill(0);
    const c = this.counts;
    c.initial = 0;
    c.arrived = 0;
    c.served = 0;
    c.inTransit = 0;
    c.lost = 0;
    for (let i = 0; i < n; i++) {
      const q = this.fifo[i]!;
      q.clear();
      for (let k = 0; k < loads[i]!; k++) q.pushBack(0);
      c.initial += loads[i]!;
    }
    c.queued = c.initial;
    const cfg = this.config;
    this.schedule(0, DynamicEventKind.EXCHANGE, 0);
    for (let i = 0; i < n; i++) {
      this.startServiceIfIdle(i, 0);
      if (cfg.bursty !== null) {
        const pOn = cfg.bursty.meanOn / (cfg.bursty.meanOn + cfg.bursty.meanOff);
        const rng = this.arrivalRngs[i]!;
        this.burstOn[i] = rng.uniform() < pOn ? 1 : 0;
        this.schedule(rng.exponential(this.burstOn[i] === 1 ? cfg.bursty.meanOn : cfg.bursty.meanOff), DynamicEventKind.BURST, i);
      } else {
        this.burstOn[i] = 0;
      }
      this.scheduleArrival(i, 0);
      if (cfg.failureRates[i]! > 0) {
        this.schedule(this.failureRngs[i]!.exponential(1 / cfg.failureRates[i]!), DynamicEventKind.FAIL, i);
      }
    }
    this.beginInterval();
  }

  /** Sets the action for the epoch about to be simulated (and later ones until changed). */
  setAction(action: DynamicAction): void {
    const { K, delay } = action;
    if (typeof K !== 'number' || !(K >= 0 && K <= 1)) invalid('action.K', K, 'a number in [0, 1]');
    if (typeof delay !== 'number' || !(delay >= 0 && delay <= this.config.epoch)) {
      invalid('action.delay', delay, `a number in [0, ${this.config.epoch}] (the epoch)`);
    }
    this.K = K;
    this.delay = delay;
  }

  /** Simulates every event up to and including `time` (s); time never goes back. */
  advanceTo(time: number): void {
    if (!(time >= this.now) || !Number.isFinite(time)) invalid('time', time, `a finite time >= the current time ${this.now}`);
    const epoch = this.config.epoch;
    for (;;) {
      const boundary = (this.epochIndex + 1) * epoch;
      if (boundary > time) break;
      this.scheduleEpochBalance();
      this.runEvents(boundary);
      this.epochIndex++;
    }
    // Only schedule this epoch's balance once time actually moves into it, so
    // that an action set at the boundary still applies to it.
    if (time > this.epochIndex * epoch) this.scheduleEpochBalance();
    this.runEvents(time);
  }

  /** Simulates to the start of the next decision epoch. */
  runUntilNextEpoch(): void {
    this.advanceTo((this.epochIndex + 1) * this.config.epoch);
  }

  /** Starts a new measurement interval at the current time. */
  beginInterval(): void {
    this.intervalStart = this.now;
    this.area.fill(0);
    this.lastTouch.fill(this.now);
    this.sojournSum = 0;
    this.completedInInterval = 0;
    this.arrivedAtStart = this.counts.arrived;
    this.lostAtStart = this.counts.lost;
  }

  /** Measurements since the last `beginInterval()` (writes `backlog` into `out` when given). */
  intervalStats(out: Float64Array = new Float64Array(this.n)): IntervalStats {
    const n = this.n;
    const rates = this.compiled.rates;
    const duration = this.now - this.intervalStart;
    for (let i = 0; i < n; i++) {
      this.touch(i, this.now);
      out[i] = duration > 0 ? this.area[i]! / (duration * rates[i]!) : this.fifo[i]!.length / rates[i]!;
    }
    return {
      duration,
      backlog: out,
      meanSojourn: this.completedInInterval > 0 ? this.sojournSum / this.completedInInterval : NaN,
      completed: this.completedInInterval,
      arrived: this.counts.arrived - this.arrivedAtStart,
      lost: this.counts.lost - this.lostAtStart,
    };
  }

  // ---- State -------------------------------------------------------------

  get time(): number {
    return this.now;
  }

  /** The current epoch's index (epoch k spans [k epoch, (k + 1) epoch]). */
  get epochNumber(): number {
    return this.epochIndex;
  }

  /** Events processed since reset. */
  get events(): number {
    return this.eventCount;
  }

  /** When the last task was served (s; 0 before any). */
  get lastCompletionTime(): number {
    return this.lastCompletion;
  }

  /** True queue length of node i (the task in service included). */
  queueLength(i: number): number {
    return this.fifo[i]!.length;
  }

  /** The arrival time of each task queued at node i, front first (tests, diagnostics). */
  queuedArrivalTimes(i: number): number[] {
    const q = this.fifo[i]!;
    return Array.from({ length: q.length }, (_, k) => q.at(k));
  }

  isUp(i: number): boolean {
    return this.up[i] === 1;
  }

  /** Whether node l has received any message from node j (l = j: true). */
  heard(l: number, j: number): boolean {
    return l === j || this.viewSentAt[l * this.n + j]! > -Infinity;
  }

  /** l's view of j's queue: its true queue for l = j, else the latest received value (0 if never heard). */
  viewOf(l: number, j: number): number {
    return l === j ? this.fifo[l]!.length : this.viewValue[l * this.n + j]!;
  }

  /** Age (s) of l's view of j: now - send time of the message it came in (0 for l = j, Infinity if never heard). */
  viewAge(l: number, j: number): number {
    return l === j ? 0 : this.now - this.viewSentAt[l * this.n + j]!;
  }

  /** Send time of l's view of j (-Infinity if never heard; now for l = j). */
  viewSentTime(l: number, j: number): number {
    return l === j ? this.now : this.viewSentAt[l * this.n + j]!;
  }

  /**
   * Whether l believes j is up: l = j, its own state; else l heard from j and
   * that view is at most `staleAfter` old, or l never heard from j (unknown
   * nodes are presumed up).
   */
  seenUp(l: number, j: number): boolean {
    if (l === j) return this.up[l] === 1;
    const sent = this.viewSentAt[l * this.n + j]!;
    return sent === -Infinity || this.now - sent <= this.config.staleAfter;
  }

  /** A copy of the task counters. */
  counters(): DynamicCounters {
    return { ...this.counts };
  }

  /** Tasks lost at node i (lose mode). */
  lostAt(i: number): number {
    return this.lostPerNode[i]!;
  }

  // ---- Event loop --------------------------------------------------------

  /**
   * Pushes an event; one at an infinite time (a rate so small that 1 / rate
   * overflows) never happens and is left out.
   */
  private schedule(time: number, kind: DynamicEventKind, node: number, payload = 0): void {
    if (time < Infinity) this.heap.push(time, kind, node, payload);
  }

  private scheduleEpochBalance(): void {
    if (this.config.trigger !== 'epoch' || this.balanceScheduledFor === this.epochIndex) return;
    this.balanceScheduledFor = this.epochIndex;
    this.scheduledK = this.K;
    if (this.K > 0) this.schedule(this.epochIndex * this.config.epoch + this.delay, DynamicEventKind.BALANCE_ALL, 0);
  }

  private runEvents(until: number): void {
    const heap = this.heap;
    const ev = this.ev;
    while (heap.peekTime() <= until) {
      heap.pop(ev);
      this.now = ev.time;
      this.eventCount++;
      this.dispatch(ev.kind, ev.node, ev.payload, ev.time);
      if (this.observer !== undefined) this.observer(this, ev.kind as DynamicEventKind);
    }
    this.now = until;
  }

  private dispatch(kind: number, i: number, payload: number, t: number): void {
    switch (kind) {
      case DynamicEventKind.SERVICE:
        if (payload === this.serviceGen[i]) this.complete(i, t);
        return;
      case DynamicEventKind.ARRIVAL:
        if (payload === this.arrivalGen[i]) this.externalArrival(i, t);
        return;
      case DynamicEventKind.BURST: {
        const b = this.config.bursty!;
        this.burstOn[i] = 1 - this.burstOn[i]!;
        this.arrivalGen[i] = this.arrivalGen[i]! + 1;
        this.scheduleArrival(i, t);
        this.schedule(t + this.arrivalRngs[i]!.exponential(this.burstOn[i] === 1 ? b.meanOn : b.meanOff), DynamicEventKind.BURST, i);
        return;
      }
      case DynamicEventKind.EXCHANGE:
        this.exchange(t);
        return;
      case DynamicEventKind.MESSAGE:
        this.receiveMessage(i, payload);
        return;
      case DynamicEventKind.BALANCE_ALL:
        for (let l = 0; l < this.n; l++) this.balance(l, t, this.scheduledK);
        return;
      case DynamicEventKind.BALANCE_NODE:
        this.pendingNodeBalance[i] = 0;
        this.balance(i, t, this.K);
        return;
      case DynamicEventKind.BATCH:
        this.receiveBatch(i, payload, t);
        return;
      case DynamicEventKind.FAIL:
        this.fail(i, t);
        return;
      case DynamicEventKind.RECOVER:
        this.recover(i, t);
        return;
      default:
        throw new Error(`DynamicSimulator: unknown event kind ${kind}`);
    }
  }

  /** Accumulates node i's queue-length area up to t. */
  private touch(i: number, t: number): void {
    this.area[i] = this.area[i]! + this.fifo[i]!.length * (t - this.lastTouch[i]!);
    this.lastTouch[i] = t;
  }

  private startServiceIfIdle(i: number, t: number): void {
    if (this.busy[i] === 1 || this.up[i] === 0 || this.fifo[i]!.length === 0) return;
    this.busy[i] = 1;
    const s = this.compiled.service[i]!(this.streams.service[i]!);
    this.schedule(t + s, DynamicEventKind.SERVICE, i, this.serviceGen[i]!);
  }

  private complete(i: number, t: number): void {
    this.touch(i, t);
    const arrivedAt = this.fifo[i]!.popFront();
    this.busy[i] = 0;
    this.counts.served++;
    this.counts.queued--;
    this.sojournSum += t - arrivedAt;
    this.completedInInterval++;
    this.lastCompletion = t;
    this.startServiceIfIdle(i, t);
  }

  private scheduleArrival(i: number, t: number): void {
    const base = this.config.arrivalRates[i]!;
    if (base === 0) return;
    const rate = base * this.burstScale[this.config.bursty === null ? 1 : this.burstOn[i]!]!;
    this.schedule(t + this.arrivalRngs[i]!.exponential(1 / rate), DynamicEventKind.ARRIVAL, i, this.arrivalGen[i]!);
  }

  private externalArrival(i: number, t: number): void {
    this.counts.arrived++;
    this.scheduleArrival(i, t);
    if (this.up[i] === 0 && this.config.failureMode === 'lose') {
      this.loseTasks(i, 1);
      return;
    }
    this.touch(i, t);
    this.fifo[i]!.pushBack(t);
    this.counts.queued++;
    this.startServiceIfIdle(i, t);
    if (this.config.trigger === 'arrival' && this.up[i] === 1 && this.K > 0 && this.pendingNodeBalance[i] === 0) {
      this.pendingNodeBalance[i] = 1;
      this.schedule(t + this.delay, DynamicEventKind.BALANCE_NODE, i);
    }
  }

  private exchange(t: number): void {
    const n = this.n;
    const comm = this.compiled.comm;
    for (let i = 0; i < n; i++) {
      if (this.up[i] === 0) continue;
      const q = this.fifo[i]!.length;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const slot = this.messages.alloc(i, q, t);
        this.schedule(t + comm[i * n + j]!(this.streams.comm), DynamicEventKind.MESSAGE, j, slot);
      }
    }
    const next = t + this.config.exchangePeriod;
    if (Number.isFinite(next)) this.schedule(next, DynamicEventKind.EXCHANGE, 0);
  }

  private receiveMessage(j: number, slot: number): void {
    const m = this.messages;
    if (this.up[j] === 1) {
      const idx = j * this.n + m.senderOf(slot);
      const sent = m.sentAtOf(slot);
      if (sent > this.viewSentAt[idx]!) {
        this.viewSentAt[idx] = sent;
        this.viewValue[idx] = m.valueOf(slot);
      }
    }
    m.release(slot);
  }

  private balance(l: number, t: number, K: number): void {
    if (this.up[l] === 0 || K === 0) return;
    const n = this.n;
    const q = this.fifo[l]!.length;
    if (q === 0) return;
    const views = this.views;
    const row = l * n;
    const unknownIsOwn = this.compiled.unknownQueue === 'own';
    let all = true;
    for (let j = 0; j < n; j++) {
      if (j === l) {
        views[j] = q;
      } else if (this.viewSentAt[row + j]! > -Infinity) {
        views[j] = this.viewValue[row + j]!;
      } else {
        all = false;
        views[j] = unknownIsOwn ? q : 0;
      }
    }
    const leaving = balanceNode(l, q, views, all, K, this.compiled.weights, this.out);
    if (leaving === 0) return;
    this.touch(l, t);
    const src = this.fifo[l]!;
    for (let k = 0; k < n; k++) {
      const L = this.out[k]!;
      if (L === 0 || !this.seenUp(l, k)) continue;
      const slot = this.batches.alloc(L);
      const tasks = this.batches.tasks(slot);
      // tasks[0] is the back of the queue; delivered in reverse to keep FIFO order.
      for (let x = 0; x < L; x++) tasks[x] = src.popBack();
      this.counts.queued -= L;
      this.counts.inTransit += L;
      const z = transferMean(this.compiled.transferModel, L) * this.compiled.transferUnit(this.streams.transfer);
      this.schedule(t + z, DynamicEventKind.BATCH, k, slot);
    }
  }

  private receiveBatch(k: number, slot: number, t: number): void {
    const L = this.batches.size(slot);
    this.counts.inTransit -= L;
    if (this.up[k] === 0 && this.config.failureMode === 'lose') {
      this.loseTasks(k, L);
    } else {
      this.touch(k, t);
      const tasks = this.batches.tasks(slot);
      const q = this.fifo[k]!;
      for (let x = L - 1; x >= 0; x--) q.pushBack(tasks[x]!);
      this.counts.queued += L;
      this.startServiceIfIdle(k, t);
    }
    this.batches.release(slot);
  }

  private loseTasks(i: number, count: number): void {
    this.counts.lost += count;
    this.lostPerNode[i] = this.lostPerNode[i]! + count;
  }

  private fail(i: number, t: number): void {
    this.up[i] = 0;
    this.busy[i] = 0;
    this.serviceGen[i] = this.serviceGen[i]! + 1;
    if (this.config.failureMode === 'lose') {
      this.touch(i, t);
      const q = this.fifo[i]!;
      const dropped = q.length;
      q.clear();
      this.counts.queued -= dropped;
      this.loseTasks(i, dropped);
    }
    this.schedule(t + this.failureRngs[i]!.exponential(1 / this.config.recoveryRates[i]!), DynamicEventKind.RECOVER, i);
  }

  private recover(i: number, t: number): void {
    this.up[i] = 1;
    this.startServiceIfIdle(i, t);
    this.schedule(t + this.failureRngs[i]!.exponential(1 / this.config.failureRates[i]!), DynamicEventKind.FAIL, i);
  }
}

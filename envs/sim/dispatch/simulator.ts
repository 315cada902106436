/**
 * The front-end dispatch simulator (docs/model.md §4.6 "Front-end dispatch", the
 * fairness paper's network load-balancer setting).
 *
 * - `n >= 2` nodes. With `server: 'fifo'` (the default) each is one FIFO
 *   server of service rate (capacity) `rates[i]` tasks/s; service times are
 *   `Exp(mean 1 / rate_i)` by default, or any {@link DelayShape} family
 *   rescaled to that mean.
 * - With `server: 'ps'` node j is a blocked processor-sharing server with
 *   `cpus[j]` cores of rate `rates[j]` each (capacity `c_j = cpus[j] *
 *   rates[j]`) and at most `maxActive[j]` tasks in service (unbounded by
 *   default): a task's size is its time alone on one core, drawn from the same
 *   family with mean `1 / rates[j]`; with `a = min(n_j, maxActive[j])` tasks in
 *   service each runs at full speed while `a <= cpus[j]` and at `cpus[j] / a`
 *   of it above; tasks beyond `maxActive[j]` wait in a FIFO backlog and enter
 *   service (drawing their size) as tasks complete. Implemented with a virtual
 *   clock per node (the full-core seconds each task in service has received)
 *   and a binary heap of the tasks in service keyed by their virtual finish.
 * - Tasks arrive as one Poisson process of total rate `load * sum(c)`;
 *   each arrival goes to one of `dispatchers` dispatchers, chosen uniformly.
 * - A dispatcher routes each of its tasks at once with its per-task rule
 *   (envs/sim/dispatch/rules.ts). It sees only what it dispatched itself: its
 *   outstanding count per node (dispatched minus completions of its own
 *   tasks) and the flow completion times (sojourns) of its own completed
 *   tasks, accumulated per node in interval counters that the caller reads and
 *   clears. Only `active-wcmp` (true queues polled every `pollInterval` s, so
 *   stale) and `oracle` (true queues now) see more.
 *
 * Conservation: `arrived = served + queued` at every instant (`queued` counts
 * the tasks in service too); with `ps`, `queueLength[j] = inService[j] +
 * backlog[j]` and `inService[j] <= maxActive[j]`.
 *
 * With `reservoirSize > 0`, each (dispatcher, node) pair also keeps a bounded
 * uniform sample of its flow durations since the last `clearIntervals()`
 * (envs/sim/dispatch/reservoir.ts, stream `reservoir`).
 *
 * Speed: the event loop is allocation-free (typed arrays; tasks live in a
 * pooled linked list per node that grows by doubling only when exhausted).
 * The next event is found by a linear scan of the `n` completion times, the
 * next arrival and the next poll (cheaper than a heap for the n <= 32 or so
 * of front-end pools). Exponential service is inlined (specialised hot path).
 *
 * Streams (envs/sim/rng.ts): `arrivals` (inter-arrival times and the
 * dispatcher of each task), `service` (service times, task sizes), `policy`
 * with index `d` for the draws of dispatcher `d`'s rule, and `reservoir`.
 */
import { checkStateFormat } from '../../core/checkpointable.js';
import { type DelayShape, type UnitSampler, unitSampler } from '../distributions.js';
import { Rng, type RngState, streamFor } from '../rng.js';
import { RunningPercentile, type RunningPercentileState } from '../running-percentile.js';
import { type PackedTyped, packTyped, restoreTyped, unpackFloat64, unpackInt32 } from '../typed-state.js';
import { invalid, requireNonNegativeInt, requirePositive, requirePositiveInt } from '../validation.js';
import { SojournReservoir } from './reservoir.js';
import {
  ROUTING_RULES,
  type RoutingRule,
  activeWcmpWeights,
  cumulate,
  pickCumulative,
  pickLeast,
  pickPowerOfTwo,
  pickShortestExpected,
  ruleCode,
  validateRoutingRule,
} from './rules.js';

/** The server models: one-core FIFO nodes, or blocked processor sharing on several cores. */
export const DISPATCH_SERVERS = ['fifo', 'ps'] as const;
export type DispatchServer = (typeof DISPATCH_SERVERS)[number];

export interface DispatchSimOptions {
  /** Service rates of the nodes (per core with `ps`), tasks/s; at least two. */
  rates: readonly number[];
  /** Offered load: total arrival rate = load * sum(capacities). @default 0.9 */
  load?: number;
  /** Number of dispatchers sharing the arrivals. @default 1 */
  dispatchers?: number;
  /** The rule of every dispatcher at reset. @default 'weighted' */
  rule?: RoutingRule;
  /** The server model. @default 'fifo' */
  server?: DispatchServer;
  /** Cores per node (`ps` only; all 1 with `fifo`). @default all 1 */
  cpus?: readonly number[];
  /** At most this many tasks in service per node, each >= its cpus (`ps` only). @default unbounded */
  maxActive?: readonly number[];
  /** Slots of each (dispatcher, node) flow-duration reservoir; 0 keeps none. @default 0 */
  reservoirSize?: number;
  /** Service-time family (its mean is 1 / rate_i). @default exponential */
  service?: DelayShape;
  /** Polling period of `active-wcmp` (s). @default 0.5 */
  pollInterval?: number;
}

const RULE_WEIGHTED = ruleCode('weighted');
const RULE_ECMP = ruleCode('ecmp');
const RULE_WCMP = ruleCode('wcmp');
const RULE_LSQ = ruleCode('lsq');
const RULE_SED = ruleCode('sed');
const RULE_PO2 = ruleCode('po2');
const RULE_ACTIVE = ruleCode('active-wcmp');
const RULE_ORACLE = ruleCode('oracle');
const RULE_SPEEDS = ruleCode('sed-speeds');

const NONE = -1;

/**
 * The largest offered load: beyond it an interval holds millions of arrivals
 * per node (and at 1e300 the clock stops advancing), so it is an error.
 */
export const MAX_DISPATCH_LOAD = 100;

/** A load in (0, MAX_DISPATCH_LOAD], or a ConfigError naming `load`. */
export function validateLoad(v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > MAX_DISPATCH_LOAD) invalid('load', v, `a number in (0, ${MAX_DISPATCH_LOAD}]`);
  return v;
}

/** The most dispatchers of one simulator (each holds per-node state and a seeded stream). */
export const MAX_DISPATCHERS = 1024;

/** The seed of the streams until the first `reset(seed)`. */
export const DEFAULT_SIM_SEED = 0;

/**
 * What {@link DispatchSimulator.getState} returns (JSON-serialisable): every
 * quantity that changes after construction, the task pool and the heaps as
 * they are, and the streams' states.
 */
export interface DispatchSimState {
  format: 'lbgym-dispatch-sim';
  version: 1;
  n: number;
  dispatchers: number;
  /** time, totalSojourn, nextArrival, nextPoll (packed: they may be infinite). */
  clock: PackedTyped;
  counts: { arrived: number; served: number; freeHead: number; inSystem: number; activeCount: number };
  arrays: Record<(typeof SIM_ARRAYS)[number], PackedTyped>;
  pool: { taskTag: PackedTyped; taskArrival: PackedTyped; taskDispatcher: PackedTyped; taskNext: PackedTyped };
  heaps: PackedTyped[];
  speedEst: PackedTyped[];
  reservoir: { values: PackedTyped; seen: PackedTyped } | null;
  p99: RunningPercentileState;
  rngs: { arrivals: RngState; service: RngState; policy: RngState[]; reservoir: RngState };
}

/** The fixed-length arrays of the state (the pool and the heaps may have grown, so they are apart). */
const SIM_ARRAYS = [
  'queueLength', 'inService', 'outstanding', 'intervalCount', 'intervalSojourn', 'nodeServed', 'nodeSojourn',
  'polled', 'rules', 'cum', 'completionAt', 'head', 'tail', 'vtime', 'vlast',
] as const;

export class DispatchSimulator {
  readonly n: number;
  readonly dispatchers: number;
  readonly server: DispatchServer;
  /** Service rate of each node (of each of its cores with `ps`), tasks/s. */
  readonly rates: Float64Array;
  /** Cores per node (all 1 with `fifo`). */
  readonly cpus: Int32Array;
  /** Most tasks in service per node (`Infinity`: unbounded; 1 with `fifo`). */
  readonly maxActive: Float64Array;
  /** Capacity `cpus[i] * rates[i]` of each node, tasks/s: what WCMP, SED, active WCMP and the oracle weigh by. */
  readonly capacities: Float64Array;
  readonly load: number;
  /** Total arrival rate `load * sum(capacities)` (tasks/s). */
  readonly arrivalRate: number;
  readonly pollInterval: number;
  /** Simulated time (s). */
  time = 0;
  /** Tasks arrived, served since reset. */
  arrived = 0;
  served = 0;
  /** Sum of the sojourn times of all served tasks (s). */
  totalSojourn = 0;
  /** The 99th percentile (nearest rank) of the sojourn times of all served tasks, exact at every event. */
  readonly sojournP99 = new RunningPercentile(99);
  /** True tasks at each node, those in service included. */
  readonly queueLength: Int32Array;
  /** Tasks in service at each node (`ps`; with `fifo` read `min(queueLength, 1)`). */
  readonly inService: Int32Array;
  /** The flow-duration reservoirs (slot `d * n + i`), when `reservoirSize > 0`. */
  readonly reservoir: SojournReservoir | undefined;
  /** `outstanding[d * n + i]`: dispatcher d's own tasks at node i. */
  readonly outstanding: Int32Array;
  /** Completions of dispatcher d's tasks at node i since the last `clearIntervals()`. */
  readonly intervalCount: Int32Array;
  /** Sum of their completion times (sojourns, s). */
  readonly intervalSojourn: Float64Array;
  /** Cumulative completions and sojourn sums per node since reset (all dispatchers). */
  readonly nodeServed: Float64Array;
  readonly nodeSojourn: Float64Array;
  /** The queue lengths seen at the last poll (active-wcmp). */
  readonly polled: Float64Array;
  private readonly rules: Int32Array;
  private readonly cum: Float64Array;
  private readonly wcmpCum: Float64Array;
  private readonly scratch: Float64Array;
  private readonly completionAt: Float64Array;
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  private readonly serviceShape: DelayShape;
  private readonly unit: UnitSampler | undefined;
  private readonly initialRule: RoutingRule;
  private readonly ps: boolean;
  /** Each dispatcher's speed estimates for `sed-speeds`. */
  private readonly speedEst: Float64Array[];
  /** `ps`: virtual time per node (full-core seconds received by each task in service) and when it was last advanced. */
  private readonly vtime: Float64Array;
  private readonly vlast: Float64Array;
  /** `ps`: per node, a binary min-heap of its tasks in service keyed by `taskTag` (size `inService[j]`). */
  private readonly heaps: Int32Array[];
  private taskTag: Float64Array;
  private taskArrival: Float64Array;
  private taskDispatcher: Int32Array;
  private taskNext: Int32Array;
  private freeHead = NONE;
  private inSystem = 0;
  private nextArrival = Infinity;
  private nextPoll = Infinity;
  private activeCount = 0;
  private arrivalsRng: Rng;
  private serviceRng: Rng;
  private policyRngs: Rng[];
  private reservoirRng: Rng;

  constructor(options: DispatchSimOptions) {
    const rates = options.rates;
    if (!Array.isArray(rates) || rates.length < 2) invalid('rates', rates, 'an array of at least two service rates');
    this.n = rates.length;
    this.rates = Float64Array.from(rates.map((r, i) => requirePositive(r, `rates[${i}]`)));
    this.load = options.load === undefined ? 0.9 : validateLoad(options.load);
    this.dispatchers = options.dispatchers === undefined ? 1 : requirePositiveInt(options.dispatchers, 'dispatchers');
    if (this.dispatchers > MAX_DISPATCHERS) invalid('dispatchers', this.dispatchers, `an integer in [1, ${MAX_DISPATCHERS}]`);
    this.initialRule = validateRoutingRule(options.rule ?? 'weighted', 'rule');
    const server = options.server ?? 'fifo';
    if (!(DISPATCH_SERVERS as readonly string[]).includes(server)) invalid('server', server, DISPATCH_SERVERS.join(' or '));
    this.server = server;
    this.ps = server === 'ps';
    this.cpus = validateCpus(options.cpus, this.n, server);
    this.maxActive = validateMaxActive(options.maxActive, this.cpus, server);
    this.capacities = this.rates.map((r, i) => r * this.cpus[i]!);
    this.pollInterval = options.pollInterval === undefined ? 0.5 : requirePositive(options.pollInterval, 'pollInterval');
    this.serviceShape = options.service ?? { family: 'exponential' };
    this.unit = this.serviceShape.family === 'exponential' ? undefined : unitSampler(this.serviceShape);
    let total = 0;
    for (const c of this.capacities) total += c;
    this.arrivalRate = this.load * total;
    const n = this.n;
    const D = this.dispatchers;
    this.queueLength = new Int32Array(n);
    this.inService = new Int32Array(n);
    const reservoirSize = options.reservoirSize === undefined ? 0 : requireNonNegativeInt(options.reservoirSize, 'reservoirSize');
    this.reservoir = reservoirSize > 0 ? new SojournReservoir(D * n, reservoirSize) : undefined;
    this.speedEst = Array.from({ length: D }, () => new Float64Array(n).fill(1));
    this.vtime = new Float64Array(n);
    this.vlast = new Float64Array(n);
    this.heaps = Array.from({ length: n }, (_, j) => new Int32Array(Math.min(this.maxActive[j]!, 8)));
    this.outstanding = new Int32Array(D * n);
    this.intervalCount = new Int32Array(D * n);
    this.intervalSojourn = new Float64Array(D * n);
    this.nodeServed = new Float64Array(n);
    this.nodeSojourn = new Float64Array(n);
    this.polled = new Float64Array(n);
    this.rules = new Int32Array(D);
    this.cum = new Float64Array(D * n);
    this.wcmpCum = new Float64Array(n);
    cumulate(this.capacities, this.wcmpCum, 0, n);
    this.scratch = new Float64Array(n);
    this.completionAt = new Float64Array(n);
    this.head = new Int32Array(n);
    this.tail = new Int32Array(n);
    const cap = 256;
    this.taskArrival = new Float64Array(cap);
    this.taskTag = new Float64Array(cap);
    this.taskDispatcher = new Int32Array(cap);
    this.taskNext = new Int32Array(cap);
    this.arrivalsRng = streamFor(0, 'arrivals');
    this.serviceRng = streamFor(0, 'service');
    this.policyRngs = [];
    this.reservoirRng = streamFor(0, 'reservoir');
    this.reset(DEFAULT_SIM_SEED);
  }

  /**
   * Empties the system and restores the initial rules and uniform weights;
   * re-seeds every stream from `seed` when given, else the streams go on.
   */
  reset(seed?: number): void {
    const n = this.n;
    if (seed !== undefined) {
      this.arrivalsRng = streamFor(seed, 'arrivals');
      this.serviceRng = streamFor(seed, 'service');
      this.policyRngs = Array.from({ length: this.dispatchers }, (_, d) => streamFor(seed, 'policy', d));
      this.reservoirRng = streamFor(seed, 'reservoir');
    }
    this.time = 0;
    this.arrived = 0;
    this.served = 0;
    this.totalSojourn = 0;
    this.sojournP99.clear();
    this.inSystem = 0;
    this.queueLength.fill(0);
    this.inService.fill(0);
    this.vtime.fill(0);
    this.vlast.fill(0);
    this.reservoir?.clear();
    this.outstanding.fill(0);
    this.intervalCount.fill(0);
    this.intervalSojourn.fill(0);
    this.nodeServed.fill(0);
    this.nodeSojourn.fill(0);
    this.polled.fill(0);
    this.completionAt.fill(Infinity);
    this.head.fill(NONE);
    this.tail.fill(NONE);
    // Every pooled task is free.
    const cap = this.taskNext.length;
    for (let k = 0; k < cap - 1; k++) this.taskNext[k] = k + 1;
    this.taskNext[cap - 1] = NONE;
    this.freeHead = 0;
    const uniform = new Float64Array(n).fill(1);
    for (let d = 0; d < this.dispatchers; d++) {
      this.rules[d] = ruleCode(this.initialRule);
      cumulate(uniform, this.cum, d * n, n);
      this.speedEst[d]!.fill(1);
    }
    this.countActive();
    this.nextPoll = this.activeCount > 0 ? 0 : Infinity;
    this.nextArrival = this.arrivalsRng.exponential(1 / this.arrivalRate);
  }

  /** Tasks in the system now (queued or in service). */
  get queued(): number {
    return this.inSystem;
  }

  /** The rule of dispatcher `d`. */
  rule(d: number): RoutingRule {
    return ROUTING_RULES[this.rules[this.checkDispatcher(d)]!]!;
  }

  /** Sets the rule of dispatcher `d` from now on. */
  setRule(d: number, rule: RoutingRule): void {
    this.rules[this.checkDispatcher(d)] = ruleCode(validateRoutingRule(rule, 'rule'));
    const before = this.activeCount;
    this.countActive();
    if (this.activeCount > 0 && before === 0) this.nextPoll = this.time;
    if (this.activeCount === 0) this.nextPoll = Infinity;
    if (rule === 'active-wcmp') this.applyPoll(d);
  }

  /**
   * Sets the `weighted` rule's weights of dispatcher `d` (non-negative,
   * normalised here; all zero means uniform).
   */
  setWeights(d: number, weights: ArrayLike<number>): void {
    this.checkDispatcher(d);
    const n = this.n;
    if (weights.length !== n) invalid('weights', weights, `${n} non-negative numbers`);
    for (let i = 0; i < n; i++) {
      const w = weights[i]!;
      if (!(w >= 0) || !Number.isFinite(w)) invalid(`weights[${i}]`, w, 'a finite number >= 0');
    }
    cumulate(weights, this.cum, d * n, n);
  }

  /**
   * Sets the `sed-speeds` rule's speed estimates of dispatcher `d` (finite,
   * >= 0; only their ratios matter): each of its tasks then goes to the
   * node with the least `(1 + own outstanding_i) / s_i`.
   */
  setSpeeds(d: number, speeds: ArrayLike<number>): void {
    this.checkDispatcher(d);
    const n = this.n;
    if (speeds.length !== n) invalid('speeds', speeds, `${n} non-negative numbers`);
    const s = this.speedEst[d]!;
    for (let i = 0; i < n; i++) {
      const v = speeds[i]!;
      if (!(v >= 0) || !Number.isFinite(v)) invalid(`speeds[${i}]`, v, 'a finite number >= 0');
      s[i] = v;
    }
  }

  /** Zeroes the per-interval completion counters (and reservoirs) of every dispatcher. */
  clearIntervals(): void {
    this.intervalCount.fill(0);
    this.intervalSojourn.fill(0);
    this.reservoir?.clear();
  }

  /** Runs the system for `dt` seconds. */
  advance(dt: number): void {
    if (!(dt >= 0) || !Number.isFinite(dt)) invalid('dt', dt, 'a finite number >= 0');
    this.runUntil(this.time + dt);
  }

  /** Runs the system until time `tEnd` (s), processing every event at or before it. */
  runUntil(tEnd: number): void {
    const n = this.n;
    const completionAt = this.completionAt;
    for (;;) {
      let tc = Infinity;
      let k = 0;
      for (let i = 0; i < n; i++) {
        const c = completionAt[i]!;
        if (c < tc) {
          tc = c;
          k = i;
        }
      }
      const ta = this.nextArrival;
      const tp = this.nextPoll;
      if (tp <= ta && tp <= tc) {
        if (tp > tEnd) break;
        this.time = tp;
        this.poll();
      } else if (tc < ta) {
        if (tc > tEnd) break;
        this.time = tc;
        this.complete(k);
      } else {
        if (ta > tEnd) break;
        this.time = ta;
        this.arrive();
      }
    }
    if (tEnd > this.time) this.time = tEnd;
  }

  private arrive(): void {
    const n = this.n;
    const rng = this.arrivalsRng;
    const t = this.time;
    this.arrived++;
    const d = this.dispatchers === 1 ? 0 : Math.floor(rng.uniform() * this.dispatchers);
    const node = this.route(d);
    if (this.freeHead === NONE) this.grow();
    const task = this.freeHead;
    this.freeHead = this.taskNext[task]!;
    this.taskArrival[task] = t;
    this.taskDispatcher[task] = d;
    this.inSystem++;
    this.outstanding[d * n + node]!++;
    if (this.ps) {
      this.psSync(node, t);
      if (this.inService[node]! < this.maxActive[node]!) {
        this.psAdmit(node, task);
      } else {
        this.append(node, task);
      }
      this.queueLength[node]!++;
      this.psSchedule(node, t);
    } else {
      this.append(node, task);
      if (++this.queueLength[node]! === 1) this.completionAt[node] = t + this.serviceTime(node);
    }
    this.nextArrival = t - Math.log(1 - rng.uniform()) / this.arrivalRate;
  }

  /** Appends `task` to node's FIFO list (the queue with `fifo`, the backlog with `ps`). */
  private append(node: number, task: number): void {
    this.taskNext[task] = NONE;
    if (this.tail[node] === NONE) this.head[node] = task;
    else this.taskNext[this.tail[node]!] = task;
    this.tail[node] = task;
  }

  /** Removes and returns the head of node k's FIFO list (non-empty). */
  private shift(k: number): number {
    const task = this.head[k]!;
    const next = this.taskNext[task]!;
    this.head[k] = next;
    if (next === NONE) this.tail[k] = NONE;
    return task;
  }

  private complete(k: number): void {
    if (this.ps) {
      this.psComplete(k);
      return;
    }
    const task = this.shift(k);
    this.finish(task, k);
    this.completionAt[k] = --this.queueLength[k]! > 0 ? this.time + this.serviceTime(k) : Infinity;
  }

  /** Books the completion of `task` at node k now and frees it. */
  private finish(task: number, k: number): void {
    const t = this.time;
    const sojourn = t - this.taskArrival[task]!;
    const slot = this.taskDispatcher[task]! * this.n + k;
    this.taskNext[task] = this.freeHead;
    this.freeHead = task;
    this.inSystem--;
    this.served++;
    this.totalSojourn += sojourn;
    this.sojournP99.add(sojourn);
    this.outstanding[slot]!--;
    this.intervalCount[slot]!++;
    this.intervalSojourn[slot]! += sojourn;
    this.nodeServed[k]!++;
    this.nodeSojourn[k]! += sojourn;
    if (this.reservoir !== undefined) this.reservoir.add(slot, sojourn, this.reservoirRng);
  }

  private psComplete(k: number): void {
    const t = this.time;
    this.psSync(k, t);
    const task = this.heapPop(k);
    this.finish(task, k);
    this.queueLength[k]!--;
    if (this.head[k] !== NONE) this.psAdmit(k, this.shift(k));
    this.psSchedule(k, t);
  }

  /** Advances node j's virtual clock to `t` at its current per-task share. */
  private psSync(j: number, t: number): void {
    const a = this.inService[j]!;
    if (a > 0) {
      const c = this.cpus[j]!;
      this.vtime[j]! += (t - this.vlast[j]!) * (a <= c ? 1 : c / a);
    }
    this.vlast[j] = t;
  }

  /** Puts `task` in service at node j: its size (full-core seconds) is drawn now. */
  private psAdmit(j: number, task: number): void {
    this.taskTag[task] = this.vtime[j]! + this.serviceTime(j);
    this.heapPush(j, task);
  }

  /** The next completion of node j from its virtual clock and share (vtime is reset when it empties). */
  private psSchedule(j: number, t: number): void {
    const a = this.inService[j]!;
    if (a === 0) {
      this.completionAt[j] = Infinity;
      this.vtime[j] = 0;
      return;
    }
    const c = this.cpus[j]!;
    const rest = this.taskTag[this.heaps[j]![0]!]! - this.vtime[j]!;
    this.completionAt[j] = rest > 0 ? t + (a <= c ? rest : (rest * a) / c) : t;
  }

  private heapPush(j: number, task: number): void {
    let h = this.heaps[j]!;
    let i = this.inService[j]!;
    if (i === h.length) {
      const bigger = new Int32Array(2 * h.length);
      bigger.set(h);
      this.heaps[j] = h = bigger;
    }
    const tags = this.taskTag;
    const key = tags[task]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const up = h[p]!;
      if (tags[up]! <= key) break;
      h[i] = up;
      i = p;
    }
    h[i] = task;
    this.inService[j]!++;
  }

  private heapPop(j: number): number {
    const h = this.heaps[j]!;
    const tags = this.taskTag;
    const top = h[0]!;
    const size = --this.inService[j]!;
    if (size === 0) return top;
    const last = h[size]!;
    const key = tags[last]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && tags[h[c + 1]!]! < tags[h[c]!]!) c++;
      if (tags[h[c]!]! >= key) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = last;
    return top;
  }

  private serviceTime(node: number): number {
    const rng = this.serviceRng;
    if (this.unit === undefined) return -Math.log(1 - rng.uniform()) / this.rates[node]!;
    return this.unit(rng) / this.rates[node]!;
  }

  /** Dispatcher d's choice for the arriving task (specialised per rule). */
  private route(d: number): number {
    const n = this.n;
    const rng = this.policyRngs[d]!;
    switch (this.rules[d]) {
      case RULE_WEIGHTED:
      case RULE_ACTIVE:
        return pickCumulative(this.cum, d * n, n, rng.uniform());
      case RULE_ECMP:
        return Math.floor(rng.uniform() * n);
      case RULE_WCMP:
        return pickCumulative(this.wcmpCum, 0, n, rng.uniform());
      case RULE_LSQ:
        return pickLeast(this.outstanding, d * n, n, rng);
      case RULE_SED:
        return pickShortestExpected(this.outstanding, d * n, this.capacities, n, rng);
      case RULE_SPEEDS:
        return pickShortestExpected(this.outstanding, d * n, this.speedEst[d]!, n, rng);
      case RULE_PO2:
        return pickPowerOfTwo(this.outstanding, d * n, n, rng);
      case RULE_ORACLE:
        return pickShortestExpected(this.queueLength, 0, this.capacities, n, rng);
      default:
        throw new Error(`dispatch: unknown rule code ${this.rules[d]}`);
    }
  }

  private poll(): void {
    this.polled.set(this.queueLength);
    for (let d = 0; d < this.dispatchers; d++) if (this.rules[d] === RULE_ACTIVE) this.applyPoll(d);
    this.nextPoll = this.time + this.pollInterval;
  }

  private applyPoll(d: number): void {
    activeWcmpWeights(this.capacities, this.polled, this.n, this.scratch);
    cumulate(this.scratch, this.cum, d * this.n, this.n);
  }

  private countActive(): void {
    let c = 0;
    for (let d = 0; d < this.dispatchers; d++) if (this.rules[d] === RULE_ACTIVE) c++;
    this.activeCount = c;
  }

  private checkDispatcher(d: number): number {
    if (!Number.isInteger(d) || d < 0 || d >= this.dispatchers) invalid('dispatcher', d, `an integer in [0, ${this.dispatchers - 1}]`);
    return d;
  }

  /** The full state, for checkpoints (restore with {@link setState} on a simulator built with the same options). */
  getState(): DispatchSimState {
    const arrays = {} as DispatchSimState['arrays'];
    for (const k of SIM_ARRAYS) arrays[k] = packTyped(this[k]);
    return {
      format: 'lbgym-dispatch-sim',
      version: 1,
      n: this.n,
      dispatchers: this.dispatchers,
      clock: packTyped(Float64Array.of(this.time, this.totalSojourn, this.nextArrival, this.nextPoll)),
      counts: { arrived: this.arrived, served: this.served, freeHead: this.freeHead, inSystem: this.inSystem, activeCount: this.activeCount },
      arrays,
      pool: { taskTag: packTyped(this.taskTag), taskArrival: packTyped(this.taskArrival), taskDispatcher: packTyped(this.taskDispatcher), taskNext: packTyped(this.taskNext) },
      heaps: this.heaps.map((h) => packTyped(h)),
      speedEst: this.speedEst.map((e) => packTyped(e)),
      reservoir: this.reservoir === undefined ? null : { values: packTyped(this.reservoir.values), seen: packTyped(this.reservoir.seen) },
      p99: this.sojournP99.getState(),
      rngs: { arrivals: this.arrivalsRng.state(), service: this.serviceRng.state(), policy: this.policyRngs.map((r) => r.state()), reservoir: this.reservoirRng.state() },
    };
  }

  /** Restores a {@link getState}; throws naming what does not fit this simulator. */
  setState(state: unknown): void {
    checkStateFormat(state, 'lbgym-dispatch-sim', 'dispatch simulator');
    const s = state as DispatchSimState;
    if (s.n !== this.n || s.dispatchers !== this.dispatchers) {
      throw new Error(`dispatch simulator setState: a state of ${s.n} nodes and ${s.dispatchers} dispatchers does not fit one of ${this.n} and ${this.dispatchers}`);
    }
    if ((s.reservoir === null) !== (this.reservoir === undefined)) throw new Error('dispatch simulator setState: the reservoirs do not match (reservoirSize differs)');
    if (s.heaps.length !== this.n || s.speedEst.length !== this.dispatchers || s.rngs.policy.length !== this.dispatchers) {
      throw new Error('dispatch simulator setState: per-node or per-dispatcher entries have the wrong count');
    }
    const what = (k: string): string => `dispatch simulator setState: ${k}`;
    for (const k of SIM_ARRAYS) restoreTyped(this[k], s.arrays[k], what(k));
    const tag = unpackFloat64(s.pool.taskTag, what('taskTag'));
    const arrival = unpackFloat64(s.pool.taskArrival, what('taskArrival'));
    const disp = unpackInt32(s.pool.taskDispatcher, what('taskDispatcher'));
    const next = unpackInt32(s.pool.taskNext, what('taskNext'));
    if (arrival.length !== tag.length || disp.length !== tag.length || next.length !== tag.length) throw new Error(what('the task pool arrays differ in length'));
    const heaps = s.heaps.map((h, j) => unpackInt32(h, what(`heaps[${j}]`)));
    this.speedEst.forEach((e, d) => restoreTyped(e, s.speedEst[d], what(`speedEst[${d}]`)));
    if (this.reservoir !== undefined && s.reservoir !== null) {
      restoreTyped(this.reservoir.values, s.reservoir.values, what('reservoir values'));
      restoreTyped(this.reservoir.seen, s.reservoir.seen, what('reservoir seen'));
    }
    const clock = unpackFloat64(s.clock, what('clock'));
    if (clock.length !== 4) throw new Error(what(`clock has ${clock.length} entries, expected 4`));
    this.sojournP99.setState(s.p99);
    this.taskTag = tag;
    this.taskArrival = arrival;
    this.taskDispatcher = disp;
    this.taskNext = next;
    heaps.forEach((h, j) => (this.heaps[j] = h));
    this.time = clock[0]!;
    this.totalSojourn = clock[1]!;
    this.nextArrival = clock[2]!;
    this.nextPoll = clock[3]!;
    ({ arrived: this.arrived, served: this.served, freeHead: this.freeHead, inSystem: this.inSystem, activeCount: this.activeCount } = s.counts);
    this.arrivalsRng = new Rng(0, s.rngs.arrivals);
    this.serviceRng = new Rng(0, s.rngs.service);
    this.policyRngs = s.rngs.policy.map((r) => new Rng(0, r));
    this.reservoirRng = new Rng(0, s.rngs.reservoir);
  }

  /** Doubles the task pool (the only allocation after construction). */
  private grow(): void {
    const cap = this.taskNext.length;
    const arrival = new Float64Array(2 * cap);
    arrival.set(this.taskArrival);
    const tag = new Float64Array(2 * cap);
    tag.set(this.taskTag);
    this.taskTag = tag;
    const disp = new Int32Array(2 * cap);
    disp.set(this.taskDispatcher);
    const next = new Int32Array(2 * cap);
    next.set(this.taskNext);
    for (let k = cap; k < 2 * cap - 1; k++) next[k] = k + 1;
    next[2 * cap - 1] = NONE;
    this.taskArrival = arrival;
    this.taskDispatcher = disp;
    this.taskNext = next;
    this.freeHead = cap;
  }
}

/** Cores per node from the `cpus` option (all 1 when absent; all 1 required with `fifo`). */
export function validateCpus(cpus: readonly number[] | undefined, n: number, server: DispatchServer): Int32Array {
  if (cpus === undefined) return new Int32Array(n).fill(1);
  if (!Array.isArray(cpus) || cpus.length !== n) invalid('cpus', cpus, `an array of ${n} core counts (one per node)`);
  const out = Int32Array.from(cpus.map((c, i) => requirePositiveInt(c, `cpus[${i}]`)));
  const multi = out.findIndex((c) => c !== 1);
  if (server === 'fifo' && multi >= 0) invalid(`cpus[${multi}]`, cpus[multi], "1 with server 'fifo' (multi-core nodes need server 'ps')");
  return out;
}

/** Tasks in service per node from the `maxActive` option (`Infinity` when absent with `ps`, 1 with `fifo`). */
export function validateMaxActive(maxActive: readonly number[] | undefined, cpus: Int32Array, server: DispatchServer): Float64Array {
  const n = cpus.length;
  if (maxActive === undefined) return new Float64Array(n).fill(server === 'ps' ? Infinity : 1);
  if (server !== 'ps') invalid('maxActive', maxActive, "no maxActive with server 'fifo' (it is for server 'ps')");
  if (!Array.isArray(maxActive) || maxActive.length !== n) invalid('maxActive', maxActive, `an array of ${n} task limits (one per node)`);
  return Float64Array.from(
    maxActive.map((m, i) => {
      const c = cpus[i]!;
      if (typeof m !== 'number' || !Number.isInteger(m) || m < c) invalid(`maxActive[${i}]`, m, `an integer >= cpus[${i}] = ${c}`);
      return m;
    }),
  );
}

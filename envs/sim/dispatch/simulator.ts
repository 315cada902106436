/**
 * The front-end dispatch simulator (docs/model.md §4.6 "Front-end dispatch", the
 * fairness paper's network load-balancer setting).
 *
 * - `n >= 2` FIFO nodes with service rates (capacities) `rates[i]` tasks/s;
 *   service times are `Exp(mean 1 / rate_i)` by default, or any
 *   {@link DelayShape} family rescaled to that mean.
 * - Tasks arrive as one Poisson process of total rate `load * sum(rates)`;
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
 * the tasks in service too).
 *
 * Speed: the event loop is allocation-free (typed arrays; tasks live in a
 * pooled linked list per node that grows by doubling only when exhausted).
 * The next event is found by a linear scan of the `n` completion times, the
 * next arrival and the next poll (cheaper than a heap for the n <= 32 or so
 * of front-end pools). Exponential service is inlined (specialised hot path).
 *
 * Streams (envs/sim/rng.ts): `arrivals` (inter-arrival times and the
 * dispatcher of each task), `service`, and `policy` with index `d` for the
 * draws of dispatcher `d`'s rule.
 */
import { type DelayShape, type UnitSampler, unitSampler } from '../distributions.js';
import { Rng, streamFor } from '../rng.js';
import { RunningPercentile } from '../running-percentile.js';
import { invalid, requirePositive, requirePositiveInt } from '../validation.js';
import {
  DISPATCH_RULES,
  type DispatchRule,
  activeWcmpWeights,
  cumulate,
  pickCumulative,
  pickLeast,
  pickPowerOfTwo,
  pickShortestExpected,
  ruleCode,
  validateRule,
} from './rules.js';

export interface DispatchSimOptions {
  /** Service rates (capacities) of the nodes, tasks/s; at least two. */
  rates: readonly number[];
  /** Offered load: total arrival rate = load * sum(rates). @default 0.9 */
  load?: number;
  /** Number of dispatchers sharing the arrivals. @default 1 */
  dispatchers?: number;
  /** The rule of every dispatcher at reset. @default 'weighted' */
  rule?: DispatchRule;
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

const NONE = -1;

/** The seed of the streams until the first `reset(seed)`. */
export const DEFAULT_SIM_SEED = 0;

export class DispatchSimulator {
  readonly n: number;
  readonly dispatchers: number;
  readonly rates: Float64Array;
  readonly load: number;
  /** Total arrival rate `load * sum(rates)` (tasks/s). */
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
  /** True tasks at each node, the one in service included. */
  readonly queueLength: Int32Array;
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
  private readonly initialRule: DispatchRule;
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

  constructor(options: DispatchSimOptions) {
    const rates = options.rates;
    if (!Array.isArray(rates) || rates.length < 2) invalid('rates', rates, 'an array of at least two service rates');
    this.n = rates.length;
    this.rates = Float64Array.from(rates.map((r, i) => requirePositive(r, `rates[${i}]`)));
    this.load = options.load === undefined ? 0.9 : requirePositive(options.load, 'load');
    this.dispatchers = options.dispatchers === undefined ? 1 : requirePositiveInt(options.dispatchers, 'dispatchers');
    this.initialRule = validateRule(options.rule ?? 'weighted', 'rule');
    this.pollInterval = options.pollInterval === undefined ? 0.5 : requirePositive(options.pollInterval, 'pollInterval');
    this.serviceShape = options.service ?? { family: 'exponential' };
    this.unit = this.serviceShape.family === 'exponential' ? undefined : unitSampler(this.serviceShape);
    let total = 0;
    for (const r of this.rates) total += r;
    this.arrivalRate = this.load * total;
    const n = this.n;
    const D = this.dispatchers;
    this.queueLength = new Int32Array(n);
    this.outstanding = new Int32Array(D * n);
    this.intervalCount = new Int32Array(D * n);
    this.intervalSojourn = new Float64Array(D * n);
    this.nodeServed = new Float64Array(n);
    this.nodeSojourn = new Float64Array(n);
    this.polled = new Float64Array(n);
    this.rules = new Int32Array(D);
    this.cum = new Float64Array(D * n);
    this.wcmpCum = new Float64Array(n);
    cumulate(this.rates, this.wcmpCum, 0, n);
    this.scratch = new Float64Array(n);
    this.completionAt = new Float64Array(n);
    this.head = new Int32Array(n);
    this.tail = new Int32Array(n);
    const cap = 256;
    this.taskArrival = new Float64Array(cap);
    this.taskDispatcher = new Int32Array(cap);
    this.taskNext = new Int32Array(cap);
    this.arrivalsRng = streamFor(0, 'arrivals');
    this.serviceRng = streamFor(0, 'service');
    this.policyRngs = [];
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
    }
    this.time = 0;
    this.arrived = 0;
    this.served = 0;
    this.totalSojourn = 0;
    this.sojournP99.clear();
    this.inSystem = 0;
    this.queueLength.fill(0);
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
  rule(d: number): DispatchRule {
    return DISPATCH_RULES[this.rules[this.checkDispatcher(d)]!]!;
  }

  /** Sets the rule of dispatcher `d` from now on. */
  setRule(d: number, rule: DispatchRule): void {
    this.rules[this.checkDispatcher(d)] = ruleCode(validateRule(rule, 'rule'));
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

  /** Zeroes the per-interval completion counters of every dispatcher. */
  clearIntervals(): void {
    this.intervalCount.fill(0);
    this.intervalSojourn.fill(0);
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
    this.taskNext[task] = NONE;
    if (this.tail[node] === NONE) this.head[node] = task;
    else this.taskNext[this.tail[node]!] = task;
    this.tail[node] = task;
    this.inSystem++;
    this.outstanding[d * n + node]!++;
    if (++this.queueLength[node]! === 1) this.completionAt[node] = t + this.serviceTime(node);
    this.nextArrival = t - Math.log(1 - rng.uniform()) / this.arrivalRate;
  }

  private complete(k: number): void {
    const t = this.time;
    const task = this.head[k]!;
    const next = this.taskNext[task]!;
    this.head[k] = next;
    if (next === NONE) this.tail[k] = NONE;
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
    this.completionAt[k] = --this.queueLength[k]! > 0 ? t + this.serviceTime(k) : Infinity;
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
        return pickShortestExpected(this.outstanding, d * n, this.rates, n, rng);
      case RULE_PO2:
        return pickPowerOfTwo(this.outstanding, d * n, n, rng);
      case RULE_ORACLE:
        return pickShortestExpected(this.queueLength, 0, this.rates, n, rng);
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
    activeWcmpWeights(this.rates, this.polled, this.n, this.scratch);
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

  /** Doubles the task pool (the only allocation after construction). */
  private grow(): void {
    const cap = this.taskNext.length;
    const arrival = new Float64Array(2 * cap);
    arrival.set(this.taskArrival);
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

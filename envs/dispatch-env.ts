/**
 * `LB-Dispatch-v0`: a front-end dispatcher that routes arriving tasks to
 * heterogeneous nodes with per-node weights the agent sets every `delta`
 * seconds (docs/model.md §4 "Front-end dispatch", §5; the fairness paper's setting).
 *
 * Tasks arrive as a Poisson process of rate `load * sum(c)` (`c_i = cpus_i *
 * rates_i`, the capacities) and each is routed at once: with the agent's rule
 * (the default; `action` kwarg below), or with a fixed classic rule (`rule`
 * kwarg: ecmp, wcmp, lsq, sed, po2, active-wcmp, oracle), which then ignores
 * the action: that is how the classic baselines run in this very environment.
 * The dispatcher sees only what it dispatched itself (no probing).
 *
 * Servers (`server` kwarg, envs/sim/dispatch/simulator.ts): `fifo` (the
 * default), one FIFO server of rate `rates_i` per node; or `ps`, blocked
 * processor sharing on `cpus_i` cores of rate `rates_i` with at most
 * `maxActive_i` tasks in service and a FIFO backlog. `preset` loads the
 * fairness papers' settings (envs/dispatch-presets.ts): `rlb-2` here;
 * `marl-7` and `marl-24` have several dispatchers and are for
 * `LB-DispatchMulti-v0`.
 *
 * One step is one agent decision and covers `delta` seconds, about
 * `delta * load * sum(c)` dispatch decisions (27 with the defaults).
 *
 * ## Action space
 * `Box(0, 1, [n], float32)`. A NaN, wrong-length or out-of-bounds action is
 * an error naming the value. Ignored (but still checked) when `rule` is not
 * `weighted`. Its meaning is the `action` kwarg's:
 * - `weights` (default): routing weights, normalised internally (all zero
 *   means uniform); each task goes to node i with probability `w_i / sum(w)`.
 * - `sed-speeds`: speed estimates `s_i` (only their ratios matter); each task
 *   goes to the node with the least `(1 + own outstanding_i) / s_i` (ties
 *   uniformly at random; a zero speed excludes a node unless all are zero).
 *   SED itself is the action `c / max(c)`.
 *
 * With `sed-speeds`, `speedScale` says how an entry `a_i` becomes a speed:
 * `linear` (the default) uses `s_i = a_i` as above; `log` uses `s_i =
 * 2^(speedOctaves (a_i - 1))`, so the Box spans `speedOctaves` doublings
 * (from `2^-speedOctaves` to 1, never 0: no node is excluded), equal entries
 * are equal speeds and a step in `a_i` changes a speed ratio by the same
 * factor at every speed. SED is then the action `1 + log2(c / max(c)) /
 * speedOctaves` (inside the Box while `max(c) / min(c) <= 2^speedOctaves`).
 *
 * ## Observation space
 * With `observation: 'paper'`, `Box(0, obsClip, [7n + 1], float32)`: the
 * fairness paper's reservoir statistics (table in
 * envs/dispatch-paper-observation.ts and the README). With `basic` (the
 * default), `Box(0, obsClip, [2n], float32)`, what the dispatcher itself saw
 * (below). With `none`, `Box(0, obsClip, [1], float32)`, always 0: an
 * open-loop agent that learns one action for every state (SED's speeds are
 * such a constant; the dispatch rule itself reads the outstanding counts).
 *
 * | index   | meaning                                                           | min | max     |
 * |---------|-------------------------------------------------------------------|-----|---------|
 * | `i < n` | its outstanding tasks at node i (dispatched minus its completions) / `outstandingScale` | 0 | obsClip |
 * | `n + i` | mean completion time of its tasks completed at node i in the last interval / `timeScale`, 0 if none; with `smoothing > 0` the smoothed estimate `x_i / timeScale` instead (below) | 0 | obsClip |
 *
 * Values above `obsClip` are clipped to it. At reset (empty system) all zeros.
 *
 * ## Rewards (`reward` option)
 * Over `x_i`, the observed mean completion time at node i in the last
 * interval, carried forward from the last interval that had a completion
 * there (0 until the first; so a node the dispatcher starves keeps an old
 * value and a node never used counts as 0, which lowers the index):
 * | name | reward |
 * |---|---|
 * | `jain` (default, the fairness paper's choice) | Jain's index `J(x)`, in (0, 1] (1 while every x is 0) |
 * | `variance` | `-Var(x / timeScale)` (the potential of the multi-agent game) |
 * | `log-variance` | `-ln(1e-6 + Var(x / timeScale))` |
 * | `g-index` | `prod_i sin(pi x_i / (2 max x))`, in [0, 1] |
 * | `bossaer` | `prod_i x_i / max x`, in [0, 1] |
 * | `product` | `prod_i x_i / mean(x)`, in [0, 1] |
 *
 * What each optimum rewards: envs/dispatch-rewards.ts.
 *
 * With few completions per node per interval the interval means are mostly
 * sampling noise; `smoothing = s > 0` replaces `x_i` by an exponentially
 * weighted moving average across intervals: after an interval in which node
 * i had completions with mean `m_i`, `x_i <- s x_i + (1 - s) m_i` (`x_i <-
 * m_i` at its first completion since reset, so the estimate starts unbiased);
 * otherwise `x_i` is kept. The reward and the observation's completion-time
 * half then both use the smoothed `x_i` (the observation's from the
 * dispatcher's own tasks, carried forward, 0 until the node's first
 * completion). `smoothing = 0` (the default) is the unsmoothed behaviour above.
 *
 * ## Episode end
 * Never terminated (the arrival stream is endless); truncated by the
 * registry's `TimeLimit` at `maxEpisodeSteps` (200 decision steps), never by
 * the environment itself.
 *
 * ## Info (after each step)
 * `time` (s), `arrived`, `served`, `queued` (since reset; `arrived = served +
 * queued`), `dispatched` (its tasks this interval), `meanResponseTime`
 * (mean sojourn of every task served since reset, s), `p99ResponseTime`
 * (their 99th percentile, nearest rank, exact; 0 before the first),
 * `intervalResponseTime`
 * (of those served this interval, 0 if none), `jainSojourn` (Jain's index of
 * the true per-node mean sojourn since reset, over the nodes that served a
 * task), `jainObserved` (`J(x)`), `rule`. At reset: `time`, `rule`.
 *
 * ## Arguments (kwargs)
 * | name | default | meaning |
 * |---|---|---|
 * | `preset` | none | `rlb-2` (envs/dispatch-presets.ts); its values are defaults the other kwargs override |
 * | `rates` | `[1, 1, 2, 2, 4, 4, 8, 8]` | node service rates (per core with `ps`), tasks/s |
 * | `server` | `'fifo'` | `fifo` or `ps` |
 * | `cpus` | all 1 | cores per node (`ps` only) |
 * | `maxActive` | unbounded | tasks in service per node, each >= its cpus (`ps` only) |
 * | `load` | 0.9 | arrival rate / sum(cpus * rates), in (0, 100] |
 * | `delta` | 1 | seconds between decisions |
 * | `rule` | `'weighted'` | the dispatch rule: `weighted` (the agent's) or a classic rule (see above) |
 * | `action` | `'weights'` | `weights` or `sed-speeds` (action space above) |
 * | `speedScale` | `'linear'` | `linear` or `log`: how a `sed-speeds` entry becomes a speed (action space above) |
 * | `speedOctaves` | 4 | doublings the Box spans with `speedScale: 'log'`, > 0 |
 * | `observation` | `'basic'` | `basic`, `paper` or `none` (observation space above) |
 * | `reservoirSize` | 32 | slots of each per-server flow-duration reservoir (`paper`) |
 * | `obsDiscount` | 0.9 | factor in [0, 1) of the `paper` observation's discounted averages |
 * | `reward` | `'jain'` | one of the rewards above |
 * | `service` | `{family: 'exponential'}` | service-time (task-size) family, any of envs/sim/distributions.ts (its mean is set to 1 / rate_i) |
 * | `pollInterval` | 0.5 | polling period of `active-wcmp` (s) |
 * | `outstandingScale` | 10 | tasks per observation unit |
 * | `timeScale` | `n / (sum(rates) (1 - min(load, 0.95)))` | seconds per observation unit (the M/M/1 sojourn of an average node, of an average core with `ps`) |
 * | `obsClip` | 10 | upper bound of every observation |
 * | `smoothing` | 0 | EWMA factor in [0, 1) of the per-node mean completion times (rewards section); 0 = the last interval's means |
 *
 * ## Version history
 * - v0: initial version.
 */
import { type Checkpointable, checkStateFormat } from './core/checkpointable.js';
import { resetSeed, stepBeforeReset } from './core/seeding.js';
import type { Env, Info, ResetOptions, ResetResult, StepResult } from './core/env.js';
import { Box } from './core/spaces/box.js';
import { checkBoxAction } from './action-check.js';
import { type DispatchPreset, dispatchPreset } from './dispatch-presets.js';
import { DISPATCH_REWARDS, type DispatchReward, dispatchReward } from './dispatch-rewards.js';
import { PaperObserver, type PaperObserverState, paperObservationSize } from './dispatch-paper-observation.js';
import { type DelayShape, shapeOf, validateDistribution } from './sim/distributions.js';
import { DISPATCH_SERVERS, DispatchSimulator, type DispatchServer, type DispatchSimState, validateCpus, validateLoad, validateMaxActive } from './sim/dispatch/simulator.js';
import { type DispatchRule, type RoutingRule, validateRule } from './sim/dispatch/rules.js';
import { jainIndex } from './sim/fairness.js';
import { type PackedTyped, packTyped, restoreTyped } from './sim/typed-state.js';
import { checkKnownKeys, invalid, requirePositive, requirePositiveInt } from './sim/validation.js';

export { DISPATCH_REWARDS, type DispatchReward, dispatchReward };

/** What the agent's action means: routing weights, or speed estimates for SED. */
export const DISPATCH_ACTIONS = ['weights', 'sed-speeds'] as const;
export type DispatchAction = (typeof DISPATCH_ACTIONS)[number];
/** How a `sed-speeds` action entry becomes a speed: itself, or `2^(speedOctaves (a - 1))`. */
export const DISPATCH_SPEED_SCALES = ['linear', 'log'] as const;
export type DispatchSpeedScale = (typeof DISPATCH_SPEED_SCALES)[number];
/** What the dispatcher observes: outstanding counts and mean durations, or the paper's reservoir statistics. */
export const DISPATCH_OBSERVATIONS = ['basic', 'paper', 'none'] as const;
export type DispatchObservation = (typeof DISPATCH_OBSERVATIONS)[number];

/** Eight nodes of four generations (rates 1, 2, 4, 8 tasks/s, two of each). */
export const DEFAULT_DISPATCH_RATES: readonly number[] = Object.freeze([1, 1, 2, 2, 4, 4, 8, 8]);

export interface DispatchEnvOptions {
  /** A paper setting (envs/dispatch-presets.ts) whose values the other kwargs override. */
  preset?: string;
  rates?: readonly number[];
  server?: DispatchServer;
  cpus?: readonly number[];
  maxActive?: readonly number[];
  load?: number;
  delta?: number;
  rule?: DispatchRule;
  action?: DispatchAction;
  /** How a `sed-speeds` entry becomes a speed. @default 'linear' */
  speedScale?: DispatchSpeedScale;
  /** Doublings the action Box spans with `speedScale: 'log'`. @default 4 */
  speedOctaves?: number;
  observation?: DispatchObservation;
  /** Slots of each flow-duration reservoir (`observation: 'paper'`). @default 32 */
  reservoirSize?: number;
  /** Factor of the paper observation's discounted averages, in [0, 1). @default 0.9 */
  obsDiscount?: number;
  reward?: DispatchReward;
  /** Service-time family without its mean (set to 1 / rate_i per node). */
  service?: DelayShape;
  pollInterval?: number;
  outstandingScale?: number;
  timeScale?: number;
  obsClip?: number;
  /** EWMA factor in [0, 1) of the observed per-node mean completion times. @default 0 */
  smoothing?: number;
}

/** Every key of {@link DispatchEnvOptions} (for checkKnownKeys). */
export const DISPATCH_OPTION_KEYS: Record<keyof DispatchEnvOptions, true> = {
  preset: true,
  rates: true,
  server: true,
  cpus: true,
  maxActive: true,
  load: true,
  delta: true,
  rule: true,
  action: true,
  speedScale: true,
  speedOctaves: true,
  observation: true,
  reservoirSize: true,
  obsDiscount: true,
  reward: true,
  service: true,
  pollInterval: true,
  outstandingScale: true,
  timeScale: true,
  obsClip: true,
  smoothing: true,
};

/** Every option of the dispatch environments, resolved. */
export interface ResolvedDispatchOptions {
  preset: string | undefined;
  rates: readonly number[];
  server: DispatchServer;
  /** Cores per node (all 1 with `fifo`). */
  cpus: readonly number[];
  /** Tasks in service per node (`Infinity`: unbounded); undefined with `fifo`. */
  maxActive: readonly number[] | undefined;
  load: number;
  delta: number;
  rule: DispatchRule;
  action: DispatchAction;
  speedScale: DispatchSpeedScale;
  speedOctaves: number;
  observation: DispatchObservation;
  reservoirSize: number;
  obsDiscount: number;
  reward: DispatchReward;
  service: DelayShape;
  pollInterval: number;
  outstandingScale: number;
  timeScale: number;
  obsClip: number;
  smoothing: number;
}

function oneOf<T extends string>(v: unknown, names: readonly T[], field: string, fallback: T): T {
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !(names as readonly string[]).includes(v)) invalid(field, v, names.length === 2 ? names.join(' or ') : `one of ${names.join(', ')}`);
  return v as T;
}

/** The preset of the kwargs, if any (validated). */
export function presetOf(o: DispatchEnvOptions): DispatchPreset | undefined {
  return o.preset === undefined ? undefined : dispatchPreset(o.preset);
}

/** The number of nodes of these kwargs (the length of `rates`, the preset's or the default's). */
export function dispatchNodeCount(o: DispatchEnvOptions): number {
  return resolveDispatchOptions(o, 'jain').rates.length;
}

/** Validates and fills in the options (shared with `LB-DispatchMulti-v0`). */
export function resolveDispatchOptions(o: DispatchEnvOptions, defaultReward: DispatchReward): ResolvedDispatchOptions {
  const p = presetOf(o);
  const rates = o.rates ?? p?.rates ?? DEFAULT_DISPATCH_RATES;
  if (!Array.isArray(rates) || rates.length < 2) invalid('rates', rates, 'an array of at least two service rates');
  rates.forEach((r, i) => requirePositive(r, `rates[${i}]`));
  const server = oneOf(o.server ?? p?.server, DISPATCH_SERVERS, 'server', 'fifo');
  const cpusIn = o.cpus ?? p?.cpus;
  const maxActiveIn = o.maxActive ?? p?.maxActive;
  const cpus = validateCpus(cpusIn, rates.length, server);
  const maxActive = validateMaxActive(maxActiveIn, cpus, server);
  const load = o.load === undefined ? 0.9 : validateLoad(o.load);
  const reward = oneOf(o.reward, DISPATCH_REWARDS, 'reward', defaultReward);
  const service = o.service === undefined ? { family: 'exponential' as const } : shapeOf(validateDistribution({ ...o.service, mean: 1 }, 'service'));
  let total = 0;
  for (const r of rates) total += r;
  const defaultTimeScale = rates.length / (total * (1 - Math.min(load, 0.95)));
  return {
    preset: o.preset,
    rates: [...rates],
    server,
    cpus: Array.from(cpus),
    maxActive: server === 'ps' ? Array.from(maxActive) : undefined,
    load,
    delta: o.delta === undefined ? (p?.delta ?? 1) : requirePositive(o.delta, 'delta'),
    rule: validateRule(o.rule ?? 'weighted', 'rule'),
    action: oneOf(o.action, DISPATCH_ACTIONS, 'action', 'weights'),
    speedScale: oneOf(o.speedScale, DISPATCH_SPEED_SCALES, 'speedScale', 'linear'),
    speedOctaves: o.speedOctaves === undefined ? 4 : requirePositive(o.speedOctaves, 'speedOctaves'),
    observation: oneOf(o.observation, DISPATCH_OBSERVATIONS, 'observation', 'basic'),
    reservoirSize: o.reservoirSize === undefined ? 32 : requirePositiveInt(o.reservoirSize, 'reservoirSize'),
    obsDiscount: o.obsDiscount === undefined ? 0.9 : requireUnitFactor(o.obsDiscount, 'obsDiscount'),
    reward,
    service,
    pollInterval: o.pollInterval === undefined ? 0.5 : requirePositive(o.pollInterval, 'pollInterval'),
    outstandingScale: o.outstandingScale === undefined ? 10 : requirePositive(o.outstandingScale, 'outstandingScale'),
    timeScale: o.timeScale === undefined ? defaultTimeScale : requirePositive(o.timeScale, 'timeScale'),
    obsClip: o.obsClip === undefined ? 10 : requirePositive(o.obsClip, 'obsClip'),
    smoothing: o.smoothing === undefined ? 0 : requireUnitFactor(o.smoothing, 'smoothing'),
  };
}

function requireUnitFactor(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v >= 1) invalid(field, v, 'a number in [0, 1)');
  return v;
}

/** The simulator's rule for every dispatcher: the classic rule, or the agent's (`weighted` or `sed-speeds`). */
export function routingRule(cfg: ResolvedDispatchOptions): RoutingRule {
  return cfg.rule === 'weighted' && cfg.action === 'sed-speeds' ? 'sed-speeds' : cfg.rule;
}

/** The simulator of resolved options with `dispatchers` dispatchers. */
export function dispatchSimulator(cfg: ResolvedDispatchOptions, dispatchers: number): DispatchSimulator {
  return new DispatchSimulator({
    rates: cfg.rates,
    server: cfg.server,
    cpus: cfg.cpus,
    ...(cfg.maxActive === undefined ? {} : { maxActive: cfg.maxActive }),
    load: cfg.load,
    dispatchers,
    rule: routingRule(cfg),
    service: cfg.service,
    pollInterval: cfg.pollInterval,
    reservoirSize: cfg.observation === 'paper' ? cfg.reservoirSize : 0,
  });
}

/** Observation length for `n` nodes. */
export function dispatchObservationSize(cfg: ResolvedDispatchOptions, n: number): number {
  return cfg.observation === 'paper' ? paperObservationSize(n) : cfg.observation === 'none' ? 1 : 2 * n;
}

/** Names of the action's entries, for error messages. */
export function dispatchActionNames(cfg: ResolvedDispatchOptions, n: number): string[] {
  const name = cfg.action === 'sed-speeds' ? 'speed' : 'weight';
  return Array.from({ length: n }, (_, i) => `${name}[${i}]`);
}

/** The speeds of a checked `sed-speeds` action under `speedScale` (the action itself when linear). */
export function actionSpeeds(cfg: ResolvedDispatchOptions, a: ArrayLike<number>): ArrayLike<number> {
  if (cfg.speedScale === 'linear') return a;
  return Float64Array.from(a, (v) => 2 ** (cfg.speedOctaves * (v - 1)));
}

/** Applies dispatcher d's checked action to the simulator (nothing under a classic rule). */
export function applyDispatchAction(sim: DispatchSimulator, d: number, cfg: ResolvedDispatchOptions, a: ArrayLike<number>): void {
  if (cfg.rule !== 'weighted') return;
  if (cfg.action === 'sed-speeds') sim.setSpeeds(d, actionSpeeds(cfg, a));
  else sim.setWeights(d, a);
}

/**
 * One dispatcher's observation after an interval, `basic` or `paper`: the
 * paper observer carries its discounted averages, the basic one reads the
 * dispatcher's smoothed means.
 */
export class DispatchObserver {
  private readonly paper: PaperObserver | undefined;
  readonly size: number;

  constructor(
    private readonly cfg: ResolvedDispatchOptions,
    n: number,
  ) {
    this.paper = cfg.observation === 'paper' ? new PaperObserver(n) : undefined;
    this.size = dispatchObservationSize(cfg, n);
  }

  reset(): void {
    this.paper?.reset();
  }

  /** The paper observer's averages (null with `basic`, which carries nothing). */
  getState(): PaperObserverState | null {
    return this.paper === undefined ? null : this.paper.getState();
  }

  setState(s: PaperObserverState | null): void {
    if ((s === null) !== (this.paper === undefined)) throw new Error(`dispatch observer setState: a ${s === null ? 'basic' : 'paper'} state does not fit a ${this.paper === undefined ? 'basic' : 'paper'} observation`);
    if (s !== null) this.paper?.setState(s);
  }

  /** Dispatcher d's observation; `ownMeans` its smoothed means (basic), `dispatched` its tasks this interval (paper). */
  observe(sim: DispatchSimulator, d: number, ownMeans: Float64Array, dispatched: number): Float32Array {
    const out = new Float32Array(this.size);
    if (this.paper !== undefined) return this.paper.write(sim, d, dispatched, this.cfg, out);
    if (this.cfg.observation === 'none') return out;
    return writeLocalObservation(sim, d, this.cfg, ownMeans, out);
  }
}

/**
 * Dispatcher d's local observation (the table above) into `out` (length 2n).
 * `ownMeans` are its own smoothed mean completion times (length n), read only
 * when `cfg.smoothing > 0`.
 */
export function writeLocalObservation(
  sim: DispatchSimulator,
  d: number,
  cfg: ResolvedDispatchOptions,
  ownMeans: Float64Array,
  out: Float32Array,
): Float32Array {
  const n = sim.n;
  const off = d * n;
  const clip = cfg.obsClip;
  for (let i = 0; i < n; i++) {
    out[i] = Math.min(sim.outstanding[off + i]! / cfg.outstandingScale, clip);
    if (cfg.smoothing > 0) {
      out[n + i] = Math.min(ownMeans[i]! / cfg.timeScale, clip);
    } else {
      const c = sim.intervalCount[off + i]!;
      out[n + i] = c === 0 ? 0 : Math.min(sim.intervalSojourn[off + i]! / c / cfg.timeScale, clip);
    }
  }
  return out;
}

/**
 * Updates the observed mean completion times `means` (length n) from the
 * interval counters of dispatchers `d0 .. d1 - 1` pooled: a node with
 * completions gets the interval mean m (`smoothing` 0), or `smoothing * x +
 * (1 - smoothing) * m` (m at its first completion, while x is still 0); a
 * node without keeps its value. Returns the number of their tasks served in
 * the interval.
 */
export function updateObservedMeans(sim: DispatchSimulator, d0: number, d1: number, smoothing: number, means: Float64Array): number {
  const n = sim.n;
  let served = 0;
  for (let i = 0; i < n; i++) {
    let c = 0;
    let s = 0;
    for (let d = d0; d < d1; d++) {
      c += sim.intervalCount[d * n + i]!;
      s += sim.intervalSojourn[d * n + i]!;
    }
    if (c > 0) {
      const m = s / c;
      const x = means[i]!;
      // Sojourn times are > 0, so x = 0 means no completion at node i yet.
      means[i] = smoothing === 0 || x === 0 ? m : smoothing * x + (1 - smoothing) * m;
    }
    served += c;
  }
  return served;
}

/** Jain's index of the true per-node mean sojourn since reset, over the nodes that served a task. */
export function jainOfTrueSojourn(sim: DispatchSimulator): number {
  let s = 0;
  let s2 = 0;
  let m = 0;
  for (let i = 0; i < sim.n; i++) {
    const c = sim.nodeServed[i]!;
    if (c === 0) continue;
    const x = sim.nodeSojourn[i]! / c;
    s += x;
    s2 += x * x;
    m++;
  }
  return s2 === 0 ? 1 : (s * s) / (m * s2);
}

/** Summary of the simulator since reset (the info every dispatch env carries). */
export function simulatorInfo(sim: DispatchSimulator): Info {
  return {
    time: sim.time,
    arrived: sim.arrived,
    served: sim.served,
    queued: sim.queued,
    meanResponseTime: sim.served === 0 ? 0 : sim.totalSojourn / sim.served,
    p99ResponseTime: sim.served === 0 ? 0 : sim.sojournP99.value(),
    jainSojourn: jainOfTrueSojourn(sim),
  };
}

/** What {@link DispatchEnv.getState} returns (JSON-serialisable). */
export interface DispatchEnvState {
  format: 'lbgym-dispatch-env';
  version: 1;
  sim: DispatchSimState;
  means: PackedTyped;
  observer: PaperObserverState | null;
  needsReset: boolean;
  seeded: boolean;
}

export class DispatchEnv implements Env<Float32Array, Float32Array>, Checkpointable {
  readonly observationSpace: Box;
  readonly actionSpace: Box;
  readonly n: number;
  readonly config: ResolvedDispatchOptions;
  /** The simulator (read-only use: baselines and tests inspect it). */
  readonly sim: DispatchSimulator;
  private readonly means: Float64Array;
  private readonly observer: DispatchObserver;
  private readonly actionNames: readonly string[];
  private needsReset = true;
  private seeded = false;

  constructor(options: DispatchEnvOptions = {}) {
    checkKnownKeys<DispatchEnvOptions>(options, DISPATCH_OPTION_KEYS, '');
    const p = presetOf(options);
    if (p !== undefined && p.dispatchers > 1) {
      invalid('preset', options.preset, `a one-dispatcher preset for LB-Dispatch-v0 (${options.preset} has ${p.dispatchers} dispatchers: use LB-DispatchMulti-v0)`);
    }
    this.config = resolveDispatchOptions(options, 'jain');
    const c = this.config;
    this.n = c.rates.length;
    this.sim = dispatchSimulator(c, 1);
    this.observer = new DispatchObserver(c, this.n);
    this.observationSpace = new Box(0, c.obsClip, [this.observer.size]);
    this.actionSpace = new Box(0, 1, [this.n]);
    this.means = new Float64Array(this.n);
    this.actionNames = dispatchActionNames(c, this.n);
  }

  reset(opts: ResetOptions = {}): ResetResult<Float32Array> {
    const seed = resetSeed(opts, this.seeded);
    this.sim.reset(seed);
    this.seeded = true;
    this.means.fill(0);
    this.observer.reset();
    this.needsReset = false;
    return { observation: new Float32Array(this.observer.size), info: { time: 0, rule: routingRule(this.config) } };
  }

  step(action: Float32Array): StepResult<Float32Array> {
    if (this.needsReset) throw stepBeforeReset('LB-Dispatch');
    const a = checkBoxAction(action, this.actionSpace, 'LB-Dispatch action', this.actionNames);
    const sim = this.sim;
    applyDispatchAction(sim, 0, this.config, a);
    sim.clearIntervals();
    const arrivedBefore = sim.arrived;
    const sojournBefore = sim.totalSojourn;
    const servedBefore = sim.served;
    sim.advance(this.config.delta);
    updateObservedMeans(sim, 0, 1, this.config.smoothing, this.means);
    const dispatched = sim.arrived - arrivedBefore;
    const observation = this.observer.observe(sim, 0, this.means, dispatched);
    const reward = dispatchReward(this.config.reward, this.means, this.config.timeScale);
    const servedNow = sim.served - servedBefore;
    const info = simulatorInfo(sim);
    info['dispatched'] = dispatched;
    info['intervalResponseTime'] = servedNow === 0 ? 0 : (sim.totalSojourn - sojournBefore) / servedNow;
    info['jainObserved'] = jainIndex(this.means);
    info['rule'] = routingRule(this.config);
    return { observation, reward, terminated: false, truncated: false, info };
  }

  /** The full state (simulator, smoothed means, observer), for exact resumes. */
  getState(): DispatchEnvState {
    return {
      format: 'lbgym-dispatch-env',
      version: 1,
      sim: this.sim.getState(),
      means: packTyped(this.means),
      observer: this.observer.getState(),
      needsReset: this.needsReset,
      seeded: this.seeded,
    };
  }

  /** Restores a {@link getState} of an env built with the same options. */
  setState(state: unknown): void {
    checkStateFormat(state, 'lbgym-dispatch-env', 'LB-Dispatch');
    const s = state as DispatchEnvState;
    this.sim.setState(s.sim);
    restoreTyped(this.means, s.means, 'LB-Dispatch setState: means');
    this.observer.setState(s.observer);
    this.needsReset = s.needsReset;
    this.seeded = s.seeded;
  }

  close(): void {
    this.needsReset = true;
  }
}

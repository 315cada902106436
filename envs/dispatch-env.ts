/**
 * `LB-Dispatch-v0`: a front-end dispatcher that routes arriving tasks to
 * heterogeneous nodes with per-node weights the agent sets every `delta`
 * seconds (docs/model.md §4 "Front-end dispatch", §5; the fairness paper's setting).
 *
 * Tasks arrive as a Poisson process of rate `load * sum(rates)` and each is
 * routed at once: with the `weighted` rule (the default) to node i with
 * probability `w_i / sum(w)`, or with a fixed classic rule (`rule` kwarg:
 * ecmp, wcmp, lsq, sed, po2, active-wcmp, oracle), which then ignores the
 * action: that is how the classic baselines run in this very environment.
 * The dispatcher sees only what it dispatched itself (no probing).
 *
 * One step is one agent decision and covers `delta` seconds, about
 * `delta * load * sum(rates)` dispatch decisions (27 with the defaults).
 *
 * ## Action space
 * `Box(0, 1, [n], float32)`: the weights, normalised internally; all zero
 * means uniform. A NaN, wrong-length or out-of-bounds action is an error
 * naming the value. Ignored (but still checked) when `rule` is not `weighted`.
 *
 * ## Observation space
 * `Box(0, obsClip, [2n], float32)`, what the dispatcher itself saw:
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
 * | `rates` | `[1, 1, 2, 2, 4, 4, 8, 8]` | node service rates (capacities), tasks/s |
 * | `load` | 0.9 | arrival rate / sum(rates) |
 * | `delta` | 1 | seconds between decisions |
 * | `rule` | `'weighted'` | the dispatch rule (see above) |
 * | `reward` | `'jain'` | `jain` or `variance` |
 * | `service` | `{family: 'exponential'}` | service-time family, any of envs/sim/distributions.ts (its mean is set to 1 / rate_i) |
 * | `pollInterval` | 0.5 | polling period of `active-wcmp` (s) |
 * | `outstandingScale` | 10 | tasks per observation unit |
 * | `timeScale` | `n / (sum(rates) (1 - min(load, 0.95)))` | seconds per observation unit (the M/M/1 sojourn of an average node) |
 * | `obsClip` | 10 | upper bound of every observation |
 * | `smoothing` | 0 | EWMA factor in [0, 1) of the per-node mean completion times (rewards section); 0 = the last interval's means |
 *
 * ## Version history
 * - v0: initial version.
 */
import { resetSeed, stepBeforeReset } from './core/seeding.js';
import type { Env, Info, ResetOptions, ResetResult, StepResult } from './core/env.js';
import { Box } from './core/spaces/box.js';
import { checkBoxAction } from './action-check.js';
import { type DelayShape, shapeOf, validateDistribution } from './sim/distributions.js';
import { DispatchSimulator } from './sim/dispatch/simulator.js';
import { type DispatchRule, validateRule } from './sim/dispatch/rules.js';
import { jainIndex, variance } from './sim/fairness.js';
import { checkKnownKeys, invalid, requirePositive } from './sim/validation.js';

export const DISPATCH_REWARDS = ['jain', 'variance'] as const;
export type DispatchReward = (typeof DISPATCH_REWARDS)[number];

/** Eight nodes of four generations (rates 1, 2, 4, 8 tasks/s, two of each). */
export const DEFAULT_DISPATCH_RATES: readonly number[] = Object.freeze([1, 1, 2, 2, 4, 4, 8, 8]);

export interface DispatchEnvOptions {
  rates?: readonly number[];
  load?: number;
  delta?: number;
  rule?: DispatchRule;
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

/** Every option of the dispatch environments, resolved. */
export interface ResolvedDispatchOptions {
  rates: readonly number[];
  load: number;
  delta: number;
  rule: DispatchRule;
  reward: DispatchReward;
  service: DelayShape;
  pollInterval: number;
  outstandingScale: number;
  timeScale: number;
  obsClip: number;
  smoothing: number;
}

/** Validates and fills in the options (shared with `LB-DispatchMulti-v0`). */
export function resolveDispatchOptions(o: DispatchEnvOptions, defaultReward: DispatchReward): ResolvedDispatchOptions {
  const rates = o.rates ?? DEFAULT_DISPATCH_RATES;
  if (!Array.isArray(rates) || rates.length < 2) invalid('rates', rates, 'an array of at least two service rates');
  rates.forEach((r, i) => requirePositive(r, `rates[${i}]`));
  const load = o.load === undefined ? 0.9 : requirePositive(o.load, 'load');
  const reward = o.reward ?? defaultReward;
  if (!(DISPATCH_REWARDS as readonly string[]).includes(reward)) invalid('reward', reward, DISPATCH_REWARDS.join(' or '));
  const service = o.service === undefined ? { family: 'exponential' as const } : shapeOf(validateDistribution({ ...o.service, mean: 1 }, 'service'));
  let total = 0;
  for (const r of rates) total += r;
  const defaultTimeScale = rates.length / (total * (1 - Math.min(load, 0.95)));
  return {
    rates: [...rates],
    load,
    delta: o.delta === undefined ? 1 : requirePositive(o.delta, 'delta'),
    rule: validateRule(o.rule ?? 'weighted', 'rule'),
    reward,
    service,
    pollInterval: o.pollInterval === undefined ? 0.5 : requirePositive(o.pollInterval, 'pollInterval'),
    outstandingScale: o.outstandingScale === undefined ? 10 : requirePositive(o.outstandingScale, 'outstandingScale'),
    timeScale: o.timeScale === undefined ? defaultTimeScale : requirePositive(o.timeScale, 'timeScale'),
    obsClip: o.obsClip === undefined ? 10 : requirePositive(o.obsClip, 'obsClip'),
    smoothing: o.smoothing === undefined ? 0 : requireSmoothing(o.smoothing),
  };
}

function requireSmoothing(v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v >= 1) invalid('smoothing', v, 'a number in [0, 1)');
  return v;
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

/** The fairness reward over the observed means. */
export function dispatchReward(reward: DispatchReward, means: Float64Array, timeScale: number): number {
  return reward === 'jain' ? jainIndex(means) : -variance(means) / (timeScale * timeScale);
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

export class DispatchEnv implements Env<Float32Array, Float32Array> {
  readonly observationSpace: Box;
  readonly actionSpace: Box;
  readonly n: number;
  readonly config: ResolvedDispatchOptions;
  /** The simulator (read-only use: baselines and tests inspect it). */
  readonly sim: DispatchSimulator;
  private readonly means: Float64Array;
  private readonly actionNames: readonly string[];
  private needsReset = true;
  private seeded = false;

  constructor(options: DispatchEnvOptions = {}) {
    checkKnownKeys<DispatchEnvOptions>(options, { rates: true, load: true, delta: true, rule: true, reward: true, service: true, pollInterval: true, outstandingScale: true, timeScale: true, obsClip: true, smoothing: true }, '');
    this.config = resolveDispatchOptions(options, 'jain');
    const c = this.config;
    this.n = c.rates.length;
    this.sim = new DispatchSimulator({
      rates: c.rates,
      load: c.load,
      dispatchers: 1,
      rule: c.rule,
      service: c.service,
      pollInterval: c.pollInterval,
    });
    this.observationSpace = new Box(0, c.obsClip, [2 * this.n]);
    this.actionSpace = new Box(0, 1, [this.n]);
    this.means = new Float64Array(this.n);
    this.actionNames = Array.from({ length: this.n }, (_, i) => `weight[${i}]`);
  }

  reset(opts: ResetOptions = {}): ResetResult<Float32Array> {
    const seed = resetSeed(opts, this.seeded);
    this.sim.reset(seed);
    this.seeded = true;
    this.means.fill(0);
    this.needsReset = false;
    return { observation: new Float32Array(2 * this.n), info: { time: 0, rule: this.config.rule } };
  }

  step(action: Float32Array): StepResult<Float32Array> {
    if (this.needsReset) throw stepBeforeReset('LB-Dispatch');
    const a = checkBoxAction(action, this.actionSpace, 'LB-Dispatch action', this.actionNames);
    const sim = this.sim;
    if (this.config.rule === 'weighted') sim.setWeights(0, a);
    sim.clearIntervals();
    const arrivedBefore = sim.arrived;
    const sojournBefore = sim.totalSojourn;
    const servedBefore = sim.served;
    sim.advance(this.config.delta);
    updateObservedMeans(sim, 0, 1, this.config.smoothing, this.means);
    const observation = writeLocalObservation(sim, 0, this.config, this.means, new Float32Array(2 * this.n));
    const reward = dispatchReward(this.config.reward, this.means, this.config.timeScale);
    const servedNow = sim.served - servedBefore;
    const info = simulatorInfo(sim);
    info['dispatched'] = sim.arrived - arrivedBefore;
    info['intervalResponseTime'] = servedNow === 0 ? 0 : (sim.totalSojourn - sojournBefore) / servedNow;
    info['jainObserved'] = jainIndex(this.means);
    info['rule'] = this.config.rule;
    return { observation, reward, terminated: false, truncated: false, info };
  }

  close(): void {
    this.needsReset = true;
  }
}

/**
 * `LB-Dynamic-v0`: the nodes rebalance over time (docs/model.md §4.3-§4.5, dynamic mode).
 *
 * Tasks arrive at every node (Poisson, unevenly spread); nodes exchange queue
 * lengths every `exchangePeriod` seconds with delayed messages; before each
 * decision epoch the agent chooses the gain K and the delay before balancing,
 * and every node applies the one-shot balancing arithmetic (docs/model.md §2.3)
 * to its delayed views. One step = one epoch of `epoch` seconds.
 *
 * ## Action space
 * `Box([0, 0], [1, epoch], float32)`: `[K, delay]`, the gain and the time
 * offset (s) of the balancing instant within the epoch. With
 * `trigger: 'arrival'` the delay is counted from each external arrival
 * instead (the delay paper's dynamic policy). A NaN, wrong-length or
 * out-of-bounds action is an error naming the value.
 *
 * ## Observation space
 * `Box(float32)` of `3 n^2` values; row `l` is what node `l` sees:
 *
 * | index | meaning | min | max |
 * |---|---|---|---|
 * | `l n + j` | l's view of j's queue / `queueScale`, clipped (l = j: its true queue; never heard: 0) | 0 | `queueCap` |
 * | `n^2 + l n + j` | age of that view / `ageScale`, clipped (l = j: 0; never heard: `ageCap`) | 0 | `ageCap` |
 * | `2 n^2 + l n + j` | 1 when l believes j is up (l = j: l's own state; a stale view older than `staleAfter` means down) | 0 | 1 |
 *
 * ## Rewards
 * `x_i` = time-averaged speed-normalised backlog `Q_i / lambda_i` (s) of node
 * i over the epoch. `reward`: `'jain'` (default) `J(x)` in (0, 1]; or
 * `'variance'` `-Var(x) / timeScale^2`. Minus `responseWeight * (mean
 * sojourn of the tasks completed in the epoch) / timeScale` (no term when
 * none completed).
 *
 * ## Episode end
 * Never terminated (the system runs forever) and never truncated by the
 * environment itself: the registry adds `TimeLimit(maxEpisodeSteps)`.
 *
 * ## Info
 * Each step: `time`, `meanResponseTime` (mean sojourn of every task
 * completed since reset, s; null until the first completion; as in
 * `LB-Dispatch-v0`, so an episode's last info carries its mean response
 * time), `intervalResponseTime` (of the tasks completed in the epoch, s,
 * null when none), `completed` (in the epoch), `arrived` (in the epoch),
 * `lostInEpoch`, `lost`, `served` (cumulative), `queued`, `inTransit`,
 * `jainBacklog`, `varianceBacklog`, `backlog` (per node), `queues` (true),
 * `up` (true states), `K`, `delay`. At reset: `time`, `queues`,
 * `arrivalRates`.
 *
 * ## Arguments (kwargs)
 * | name | default | meaning |
 * |---|---|---|
 * | `scenario` | `'hetero-4'` | preset name or scenario object |
 * | `load` | 0.8 | total arrival rate / total service capacity |
 * | `arrivalShares` | proportional to `n - i` | how the load is spread over nodes (normalised); hetero-4: 0.4, 0.3, 0.2, 0.1 of 6 tasks/s, so node 1 (rate 1) gets 2.4 tasks/s |
 * | `arrivalRates` | from `load` and shares | explicit per-node rates (tasks/s), overriding both |
 * | `bursty` | null | `{meanOn, meanOff, multiplier}` on/off arrivals (dynamic-config.ts) |
 * | `exchangePeriod` | 0.5 | `Delta` (s) |
 * | `epoch` | 2 | decision epoch (s) |
 * | `trigger` | `'epoch'` | `'epoch'` or `'arrival'` |
 * | `failures` | null (off) | `{rate, recoveryRate, mode: 'hold' \| 'lose'}` |
 * | `staleAfter` | `3 Delta` with failures | see dynamic-config.ts |
 * | `initialLoads` | all 0 | queues at reset |
 * | `reward` | `'jain'` | `'jain'` or `'variance'` |
 * | `responseWeight` | 0 | weight of the response-time term |
 * | `timeScale` | 10 | seconds that normalise the variance and response terms |
 * | `queueScale` | 20 | tasks per observation unit |
 * | `queueCap` | 10 | clip of normalised queue views |
 * | `ageScale` | `exchangePeriod` (or `epoch` when Delta is infinite) | seconds per age unit |
 * | `ageCap` | 10 | clip of normalised ages |
 *
 * ## Version history
 * - v0: initial version.
 */
import { stepBeforeReset, streamsForReset } from './core/seeding.js';
import { checkBoxAction } from './action-check.js';
import type { Env, Info, ResetOptions, ResetResult, StepResult } from './core/env.js';
import { Box } from './core/spaces/box.js';
import { resolveScenarioInput, type ScenarioInput } from './scenario-option.js';
import { compileScenario } from './sim/compiled-scenario.js';
import { type BalanceTrigger, type BurstyOptions, type FailureOptions } from './sim/dynamic/dynamic-config.js';
import { DynamicSimulator } from './sim/dynamic/dynamic-simulator.js';
import { jainIndex, variance } from './sim/fairness.js';
import { type Rng, childSeed, streamFor } from './sim/rng.js';
import type { Scenario } from './sim/scenario.js';
import { validateLoads } from './sim/scenario.js';
import { checkKnownKeys, invalid, requireInRange, requireNonNegative, requirePositive } from './sim/validation.js';
import { infoArray } from './core/numeric-info.js';

export type DynamicReward = 'jain' | 'variance';
export const DYNAMIC_REWARDS: readonly DynamicReward[] = ['jain', 'variance'];

export interface DynamicEnvOptions {
  scenario?: ScenarioInput;
  load?: number;
  arrivalShares?: number[];
  arrivalRates?: number[];
  bursty?: BurstyOptions | null;
  exchangePeriod?: number;
  epoch?: number;
  trigger?: BalanceTrigger;
  failures?: FailureOptions | null;
  staleAfter?: number;
  initialLoads?: number[];
  reward?: DynamicReward;
  responseWeight?: number;
  timeScale?: number;
  queueScale?: number;
  queueCap?: number;
  ageScale?: number;
  ageCap?: number;
}

/** The seed used when the first reset gives none. */
export const DEFAULT_DYNAMIC_SCENARIO = 'hetero-4';
export const DEFAULT_DYNAMIC_LOAD = 0.8;
export const DEFAULT_QUEUE_SCALE = 20;

/** Per-node arrival rates from a total load and shares (default shares proportional to n - i). */
export function dynamicArrivalRates(rates: ArrayLike<number>, load: number, shares?: readonly number[]): number[] {
  const n = rates.length;
  let capacity = 0;
  for (let i = 0; i < n; i++) capacity += rates[i]!;
  const raw = shares ?? Array.from({ length: n }, (_, i) => n - i);
  if (raw.length !== n) invalid('arrivalShares', raw, `${n} non-negative numbers (one per node)`);
  let sum = 0;
  raw.forEach((s, i) => (sum += requireNonNegative(s, `arrivalShares[${i}]`)));
  if (!(sum > 0)) invalid('arrivalShares', raw, 'shares with a positive sum');
  return raw.map((s) => (load * capacity * s) / sum);
}

export class DynamicEnv implements Env<Float32Array, Float32Array> {
  readonly observationSpace: Box;
  readonly actionSpace: Box;
  readonly scenario: Scenario;
  readonly n: number;
  readonly epoch: number;
  readonly queueScale: number;
  readonly arrivalRates: readonly number[];
  readonly reward: DynamicReward;
  readonly sim: DynamicSimulator;
  private readonly responseWeight: number;
  private readonly timeScale: number;
  private readonly queueCap: number;
  private readonly ageScale: number;
  private readonly ageCap: number;
  private readonly initialLoads: number[];
  private readonly backlog: Float64Array;
  /** Sojourn sum and count of the tasks completed since reset. */
  private sojournSinceReset = 0;
  private completedSinceReset = 0;
  private envRng: Rng | undefined;
  private needsReset = true;

  constructor(options: DynamicEnvOptions = {}) {
    checkKnownKeys<DynamicEnvOptions>(options, { scenario: true, load: true, arrivalShares: true, arrivalRates: true, bursty: true, exchangePeriod: true, epoch: true, trigger: true, failures: true, staleAfter: true, initialLoads: true, reward: true, responseWeight: true, timeScale: true, queueScale: true, queueCap: true, ageScale: true, ageCap: true }, '');
    this.scenario = resolveScenarioInput(options.scenario ?? DEFAULT_DYNAMIC_SCENARIO);
    const compiled = compileScenario(this.scenario);
    const n = compiled.n;
    this.n = n;
    const load = options.load === undefined ? DEFAULT_DYNAMIC_LOAD : requireInRange(options.load, 'load', 0, 100);
    this.arrivalRates =
      options.arrivalRates === undefined
        ? dynamicArrivalRates(compiled.rates, load, options.arrivalShares)
        : options.arrivalRates.slice();
    this.sim = new DynamicSimulator(compiled, {
      arrivalRates: [...this.arrivalRates],
      bursty: options.bursty ?? null,
      exchangePeriod: options.exchangePeriod ?? 0.5,
      epoch: options.epoch ?? 2,
      trigger: options.trigger ?? 'epoch',
      failures: options.failures ?? null,
      ...(options.staleAfter === undefined ? {} : { staleAfter: options.staleAfter }),
    });
    const cfg = this.sim.config;
    this.epoch = cfg.epoch;
    this.initialLoads = options.initialLoads === undefined ? new Array<number>(n).fill(0) : validateLoads(options.initialLoads, n, 'initialLoads');
    const reward = options.reward ?? 'jain';
    if (!DYNAMIC_REWARDS.includes(reward)) invalid('reward', reward, `one of ${DYNAMIC_REWARDS.join(', ')}`);
    this.reward = reward;
    this.responseWeight = options.responseWeight === undefined ? 0 : requireNonNegative(options.responseWeight, 'responseWeight');
    this.timeScale = options.timeScale === undefined ? 10 : requirePositive(options.timeScale, 'timeScale');
    this.queueScale = options.queueScale === undefined ? DEFAULT_QUEUE_SCALE : requirePositive(options.queueScale, 'queueScale');
    this.queueCap = options.queueCap === undefined ? 10 : requirePositive(options.queueCap, 'queueCap');
    const defaultAgeScale = Number.isFinite(cfg.exchangePeriod) ? cfg.exchangePeriod : cfg.epoch;
    this.ageScale = options.ageScale === undefined ? defaultAgeScale : requirePositive(options.ageScale, 'ageScale');
    this.ageCap = options.ageCap === undefined ? 10 : requirePositive(options.ageCap, 'ageCap');
    const nn = n * n;
    const high = new Float32Array(3 * nn);
    high.fill(this.queueCap, 0, nn);
    high.fill(this.ageCap, nn, 2 * nn);
    high.fill(1, 2 * nn);
    this.observationSpace = new Box(0, high, [3 * nn]);
    this.actionSpace = new Box([0, 0], [1, this.epoch], [2]);
    this.backlog = new Float64Array(n);
  }

  reset(opts: ResetOptions = {}): ResetResult<Float32Array> {
    const envRng = streamsForReset(opts, this.envRng, (seed) => streamFor(seed, 'env'));
    this.envRng = envRng;
    this.sim.reset(childSeed(envRng), this.initialLoads);
    this.sojournSinceReset = 0;
    this.completedSinceReset = 0;
    this.needsReset = false;
    return {
      observation: this.observe(),
      info: { time: 0, queues: this.queues(), arrivalRates: [...this.arrivalRates] },
    };
  }

  step(action: Float32Array): StepResult<Float32Array> {
    if (this.needsReset) throw stepBeforeReset('LB-Dynamic');
    const a = checkBoxAction(action, this.actionSpace, 'LB-Dynamic action', ['K', 'delay']);
    const K = a[0]!;
    const delay = a[1]!;
    const sim = this.sim;
    sim.setAction({ K, delay });
    sim.beginInterval();
    sim.runUntilNextEpoch();
    const stats = sim.intervalStats(this.backlog);
    const jain = jainIndex(stats.backlog);
    const varB = variance(stats.backlog);
    let reward = this.reward === 'jain' ? jain : -varB / (this.timeScale * this.timeScale);
    if (this.responseWeight > 0 && stats.completed > 0) reward -= (this.responseWeight * stats.meanSojourn) / this.timeScale;
    if (stats.completed > 0) {
      this.sojournSinceReset += stats.meanSojourn * stats.completed;
      this.completedSinceReset += stats.completed;
    }
    const c = sim.counters();
    const info: Info = {
      time: sim.time,
      meanResponseTime: this.completedSinceReset > 0 ? this.sojournSinceReset / this.completedSinceReset : null,
      intervalResponseTime: stats.completed > 0 ? stats.meanSojourn : null,
      completed: stats.completed,
      arrived: stats.arrived,
      lostInEpoch: stats.lost,
      lost: c.lost,
      served: c.served,
      queued: c.queued,
      inTransit: c.inTransit,
      jainBacklog: jain,
      varianceBacklog: varB,
      backlog: infoArray(stats.backlog),
      queues: this.queues(),
      up: Array.from({ length: this.n }, (_, i) => (sim.isUp(i) ? 1 : 0)),
      K,
      delay,
    };
    return { observation: this.observe(), reward, terminated: false, truncated: false, info };
  }

  close(): void {
    this.envRng = undefined;
    this.needsReset = true;
  }

  private queues(): number[] {
    return Array.from({ length: this.n }, (_, i) => this.sim.queueLength(i));
  }

  private observe(): Float32Array {
    const n = this.n;
    const nn = n * n;
    const sim = this.sim;
    const obs = new Float32Array(3 * nn);
    for (let l = 0; l < n; l++) {
      for (let j = 0; j < n; j++) {
        const k = l * n + j;
        obs[k] = Math.min(this.queueCap, sim.viewOf(l, j) / this.queueScale);
        const age = sim.viewAge(l, j);
        obs[nn + k] = Number.isFinite(age) ? Math.min(this.ageCap, age / this.ageScale) : this.ageCap;
        obs[2 * nn + k] = sim.seenUp(l, j) ? 1 : 0;
      }
    }
    return obs;
  }
}

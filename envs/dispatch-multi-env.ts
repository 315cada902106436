/**
 * `LB-DispatchMulti-v0`: several front-end dispatchers share the arrivals
 * (each task goes to one dispatcher chosen uniformly) and route them to the
 * same heterogeneous nodes; each dispatcher is an agent that sets its own
 * per-node weights every `delta` seconds from its local observation only (the
 * fairness paper's multi-agent setting, a Markov potential game whose shared
 * reward is the fairness potential). PettingZoo parallel API.
 *
 * ## Agents
 * `dispatcher0`, ..., `dispatcher{D-1}` (`dispatchers`, default 2, or the
 * preset's: `marl-7` has 2, `marl-24` 6, `rlb-2` 1). Never
 * terminated; truncated together by the registry's `ParallelTimeLimit`
 * (200 decision steps).
 *
 * ## Action space (per agent)
 * `Box(0, 1, [n], float32)`: its weights (normalised; all zero = uniform),
 * or with `action: 'sed-speeds'` its speed estimates for SED on its own
 * outstanding counts, as in `LB-Dispatch-v0` (`speedScale: 'log'` too). Ignored (still checked) when
 * `rule` is not `weighted`.
 *
 * ## Observation space (per agent, local)
 * With `observation: 'paper'`, `Box(0, obsClip, [7n + 1], float32)`: the
 * paper's reservoir statistics of its own flows, as in `LB-Dispatch-v0`.
 * With `none`, `Box(0, obsClip, [1], float32)`, always 0 (open loop, as in
 * `LB-Dispatch-v0`). With `basic` (the default), `Box(0, obsClip, [2n], float32)`, as in
 * `LB-Dispatch-v0` but over the agent's own tasks only:
 *
 * | index   | meaning                                                        | min | max     |
 * |---------|----------------------------------------------------------------|-----|---------|
 * | `i < n` | its outstanding tasks at node i / `outstandingScale`           | 0   | obsClip |
 * | `n + i` | mean completion time of its tasks completed at node i in the last interval / `timeScale`, 0 if none; with `smoothing > 0` the smoothed mean of its own tasks there | 0 | obsClip |
 *
 * `state()` (centralised critics): every agent's observation in agent order,
 * then the true queue lengths / `outstandingScale` (clipped): `D m + n`
 * values for observations of length `m`.
 *
 * ## Rewards (`reward` option, shared by every agent)
 * The fairness potential over `x_i`, the mean completion time at node i of
 * every dispatcher's tasks completed in the last interval (pooled; carried
 * forward from the last interval with a completion there, 0 until the first):
 * `variance` (default: `-Var(x / timeScale)`, the potential that makes the
 * game a potential game), or any other reward of `LB-Dispatch-v0` (`jain`,
 * `log-variance`, `g-index`, `bossaer`, `product`). With `smoothing > 0` the pooled
 * `x_i` and each agent's own observed means are smoothed across intervals as
 * in `LB-Dispatch-v0`.
 *
 * ## Info (per agent, after each step)
 * The common `time`, `arrived`, `served`, `queued`, `meanResponseTime`,
 * `p99ResponseTime`, `jainSojourn`, `jainObserved`, plus the agent's own `dispatched` (its
 * tasks this interval) and `ownResponseTime` (mean completion time of its
 * tasks served this interval, 0 if none).
 *
 * ## Arguments
 * Those of `LB-Dispatch-v0` (envs/dispatch-env.ts), plus `dispatchers` (2,
 * or the preset's); `preset` also takes `marl-7` and `marl-24`; `reward`
 * defaults to `variance`.
 *
 * ## Version history
 * - v0: initial version.
 */
import { type Checkpointable, checkStateFormat } from './core/checkpointable.js';
import { resetSeed, stepBeforeReset } from './core/seeding.js';
import type { Info, ResetOptions } from './core/env.js';
import type { AgentId, ParallelEnv, ParallelResetResult, ParallelStepResult, PerAgent } from './core/parallel-env.js';
import { Box } from './core/spaces/box.js';
import { checkBoxAction } from './action-check.js';
import {
  DISPATCH_OPTION_KEYS,
  DispatchObserver,
  type DispatchEnvOptions,
  type ResolvedDispatchOptions,
  applyDispatchAction,
  dispatchActionNames,
  dispatchReward,
  dispatchSimulator,
  presetOf,
  resolveDispatchOptions,
  routingRule,
  simulatorInfo,
  updateObservedMeans,
} from './dispatch-env.js';
import type { PaperObserverState } from './dispatch-paper-observation.js';
import { type DispatchSimState, type DispatchSimulator, MAX_DISPATCHERS } from './sim/dispatch/simulator.js';
import { type PackedTyped, packTyped, restoreTyped } from './sim/typed-state.js';
import { jainIndex } from './sim/fairness.js';
import { checkKnownKeys, invalid } from './sim/validation.js';

export interface DispatchMultiEnvOptions extends DispatchEnvOptions {
  /** Number of dispatchers (agents). @default 2 */
  dispatchers?: number;
}

/** What {@link DispatchMultiEnv.getState} returns (JSON-serialisable). */
export interface DispatchMultiEnvState {
  format: 'lbgym-dispatch-multi-env';
  version: 1;
  sim: DispatchSimState;
  means: PackedTyped;
  ownMeans: PackedTyped[];
  observers: (PaperObserverState | null)[];
  lastObs: number[][];
  agents: AgentId[];
  seeded: boolean;
}

export class DispatchMultiEnv implements ParallelEnv<Float32Array, Float32Array>, Checkpointable {
  readonly possibleAgents: readonly AgentId[];
  agents: readonly AgentId[] = [];
  readonly n: number;
  readonly dispatchers: number;
  readonly config: ResolvedDispatchOptions;
  readonly sim: DispatchSimulator;
  private readonly obsSpace: Box;
  private readonly actSpace: Box;
  private readonly means: Float64Array;
  /** Each dispatcher's own observed (smoothed) means, used only when smoothing > 0. */
  private readonly ownMeans: Float64Array[];
  private readonly actionNames: readonly string[];
  private readonly observers: DispatchObserver[];
  private readonly agentIndex: Map<AgentId, number>;
  private readonly lastObs: Float32Array[];
  private seeded = false;

  constructor(options: DispatchMultiEnvOptions = {}) {
    checkKnownKeys<DispatchMultiEnvOptions>(options, { ...DISPATCH_OPTION_KEYS, dispatchers: true }, '');
    this.config = resolveDispatchOptions(options, 'variance');
    const D = options.dispatchers ?? presetOf(options)?.dispatchers ?? 2;
    if (!Number.isInteger(D) || D < 1 || D > MAX_DISPATCHERS) invalid('dispatchers', D, `an integer in [1, ${MAX_DISPATCHERS}]`);
    this.dispatchers = D;
    const c = this.config;
    this.n = c.rates.length;
    this.sim = dispatchSimulator(c, D);
    this.observers = Array.from({ length: D }, () => new DispatchObserver(c, this.n));
    const m = this.observers[0]!.size;
    this.possibleAgents = Object.freeze(Array.from({ length: D }, (_, d) => `dispatcher${d}`));
    this.agentIndex = new Map(this.possibleAgents.map((a, d) => [a, d]));
    this.obsSpace = new Box(0, c.obsClip, [m]);
    this.actSpace = new Box(0, 1, [this.n]);
    this.means = new Float64Array(this.n);
    this.ownMeans = Array.from({ length: D }, () => new Float64Array(this.n));
    this.actionNames = dispatchActionNames(c, this.n);
    this.lastObs = Array.from({ length: D }, () => new Float32Array(m));
  }

  observationSpace(agent: AgentId): Box {
    this.index(agent);
    return this.obsSpace;
  }

  actionSpace(agent: AgentId): Box {
    this.index(agent);
    return this.actSpace;
  }

  state(): Float32Array {
    const n = this.n;
    const D = this.dispatchers;
    const m = this.obsSpace.size;
    const s = new Float32Array(D * m + n);
    for (let d = 0; d < D; d++) s.set(this.lastObs[d]!, m * d);
    const c = this.config;
    for (let i = 0; i < n; i++) s[m * D + i] = Math.min(this.sim.queueLength[i]! / c.outstandingScale, c.obsClip);
    return s;
  }

  reset(opts: ResetOptions = {}): ParallelResetResult<Float32Array> {
    const seed = resetSeed(opts, this.seeded);
    this.sim.reset(seed);
    this.seeded = true;
    this.means.fill(0);
    for (const m of this.ownMeans) m.fill(0);
    for (const o of this.observers) o.reset();
    this.agents = this.possibleAgents;
    const observations: PerAgent<Float32Array> = {};
    const infos: PerAgent<Info> = {};
    this.possibleAgents.forEach((a, d) => {
      this.lastObs[d]!.fill(0);
      observations[a] = new Float32Array(this.obsSpace.size);
      infos[a] = { time: 0, rule: routingRule(this.config) };
    });
    return { observations, infos };
  }

  step(actions: PerAgent<Float32Array>): ParallelStepResult<Float32Array> {
    if (this.agents.length === 0) throw stepBeforeReset('LB-DispatchMulti');
    if (typeof actions !== 'object' || actions === null) {
      throw new Error(`LB-DispatchMulti actions: expected an object keyed by agent, got ${String(actions)}`);
    }
    for (const key of Object.keys(actions)) this.index(key);
    const sim = this.sim;
    const n = this.n;
    this.possibleAgents.forEach((agent, d) => {
      const act = actions[agent];
      if (act === undefined) throw new Error(`LB-DispatchMulti actions: missing the action of ${agent}`);
      const a = checkBoxAction(act, this.actSpace, `LB-DispatchMulti action of ${agent}`, this.actionNames);
      applyDispatchAction(sim, d, this.config, a);
    });
    sim.clearIntervals();
    const ownBefore = new Int32Array(this.dispatchers);
    for (let d = 0; d < this.dispatchers; d++) {
      let o = 0;
      for (let i = 0; i < n; i++) o += sim.outstanding[d * n + i]!;
      ownBefore[d] = o;
    }
    sim.advance(this.config.delta);
    const smoothing = this.config.smoothing;
    updateObservedMeans(sim, 0, this.dispatchers, smoothing, this.means);
    if (smoothing > 0) this.ownMeans.forEach((m, d) => updateObservedMeans(sim, d, d + 1, smoothing, m));
    const reward = dispatchReward(this.config.reward, this.means, this.config.timeScale);
    const common = simulatorInfo(sim);
    common['jainObserved'] = jainIndex(this.means);
    const observations: PerAgent<Float32Array> = {};
    const rewards: PerAgent<number> = {};
    const terminations: PerAgent<boolean> = {};
    const truncations: PerAgent<boolean> = {};
    const infos: PerAgent<Info> = {};
    this.possibleAgents.forEach((agent, d) => {
      let served = 0;
      let sojourn = 0;
      let outstanding = 0;
      for (let i = 0; i < n; i++) {
        served += sim.intervalCount[d * n + i]!;
        sojourn += sim.intervalSojourn[d * n + i]!;
        outstanding += sim.outstanding[d * n + i]!;
      }
      // Tasks it dispatched this interval: now outstanding + served - outstanding before.
      const dispatched = outstanding + served - ownBefore[d]!;
      const obs = this.observers[d]!.observe(sim, d, this.ownMeans[d]!, dispatched);
      this.lastObs[d]!.set(obs);
      observations[agent] = obs;
      rewards[agent] = reward;
      terminations[agent] = false;
      truncations[agent] = false;
      infos[agent] = {
        ...common,
        dispatched,
        ownResponseTime: served === 0 ? 0 : sojourn / served,
      };
    });
    return { observations, rewards, terminations, truncations, infos };
  }

  /** The full state (simulator, smoothed means, observers), for exact resumes. */
  getState(): DispatchMultiEnvState {
    return {
      format: 'lbgym-dispatch-multi-env',
      version: 1,
      sim: this.sim.getState(),
      means: packTyped(this.means),
      ownMeans: this.ownMeans.map((m) => packTyped(m)),
      observers: this.observers.map((o) => o.getState()),
      lastObs: this.lastObs.map((o) => Array.from(o)),
      agents: [...this.agents],
      seeded: this.seeded,
    };
  }

  /** Restores a {@link getState} of an env built with the same options. */
  setState(state: unknown): void {
    checkStateFormat(state, 'lbgym-dispatch-multi-env', 'LB-DispatchMulti');
    const s = state as DispatchMultiEnvState;
    const D = this.dispatchers;
    if (s.ownMeans.length !== D || s.observers.length !== D || s.lastObs.length !== D) {
      throw new Error(`LB-DispatchMulti setState: a state of ${s.ownMeans.length} dispatchers does not fit an env of ${D}`);
    }
    this.sim.setState(s.sim);
    restoreTyped(this.means, s.means, 'LB-DispatchMulti setState: means');
    this.ownMeans.forEach((m, d) => restoreTyped(m, s.ownMeans[d], `LB-DispatchMulti setState: ownMeans[${d}]`));
    this.observers.forEach((o, d) => o.setState(s.observers[d] ?? null));
    this.lastObs.forEach((o, d) => o.set(s.lastObs[d]!));
    for (const a of s.agents) this.index(a);
    this.agents = s.agents.length === 0 ? [] : this.possibleAgents;
    this.seeded = s.seeded;
  }

  close(): void {
    this.agents = [];
  }

  private index(agent: AgentId): number {
    const d = this.agentIndex.get(agent);
    if (d === undefined) throw new Error(`LB-DispatchMulti: unknown agent ${JSON.stringify(agent)}; agents are ${this.possibleAgents.join(', ')}`);
    return d;
  }
}

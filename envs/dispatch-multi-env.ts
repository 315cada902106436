/**
 * `LB-DispatchMulti-v0`: several front-end dispatchers share the arrivals
 * (each task goes to one dispatcher chosen uniformly) and route them to the
 * same heterogeneous nodes; each dispatcher is an agent that sets its own
 * per-node weights every `delta` seconds from its local observation only (the
 * fairness paper's multi-agent setting, a Markov potential game whose shared
 * reward is the fairness potential). PettingZoo parallel API.
 *
 * ## Agents
 * `dispatcher0`, ..., `dispatcher{D-1}` (`dispatchers`, default 2). Never
 * terminated; truncated together by the registry's `ParallelTimeLimit`
 * (200 decision steps).
 *
 * ## Action space (per agent)
 * `Box(0, 1, [n], float32)`: its weights (normalised; all zero = uniform).
 * Ignored (still checked) when `rule` is not `weighted`.
 *
 * ## Observation space (per agent, local)
 * `Box(0, obsClip, [2n], float32)`, as in `LB-Dispatch-v0` but over the
 * agent's own tasks only:
 *
 * | index   | meaning                                                        | min | max     |
 * |---------|----------------------------------------------------------------|-----|---------|
 * | `i < n` | its outstanding tasks at node i / `outstandingScale`           | 0   | obsClip |
 * | `n + i` | mean completion time of its tasks completed at node i in the last interval / `timeScale`, 0 if none; with `smoothing > 0` the smoothed mean of its own tasks there | 0 | obsClip |
 *
 * `state()` (centralised critics): every agent's observation in agent order,
 * then the true queue lengths / `outstandingScale` (clipped): `(2D + 1) n` values.
 *
 * ## Rewards (`reward` option, shared by every agent)
 * The fairness potential over `x_i`, the mean completion time at node i of
 * every dispatcher's tasks completed in the last interval (pooled; carried
 * forward from the last interval with a completion there, 0 until the first):
 * `variance` (default: `-Var(x / timeScale)`, the potential that makes the
 * game a potential game) or `jain` (`J(x)`). With `smoothing > 0` the pooled
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
 * Those of `LB-Dispatch-v0` (envs/dispatch-env.ts), plus `dispatchers` (2);
 * `reward` defaults to `variance`.
 *
 * ## Version history
 * - v0: initial version.
 */
import { resetSeed, stepBeforeReset } from './core/seeding.js';
import type { Info, ResetOptions } from './core/env.js';
import type { AgentId, ParallelEnv, ParallelResetResult, ParallelStepResult, PerAgent } from './core/parallel-env.js';
import { Box } from './core/spaces/box.js';
import { checkBoxAction } from './action-check.js';
import {
  type DispatchEnvOptions,
  type ResolvedDispatchOptions,
  dispatchReward,
  resolveDispatchOptions,
  simulatorInfo,
  updateObservedMeans,
  writeLocalObservation,
} from './dispatch-env.js';
import { DispatchSimulator } from './sim/dispatch/simulator.js';
import { jainIndex } from './sim/fairness.js';
import { checkKnownKeys, invalid } from './sim/validation.js';

export interface DispatchMultiEnvOptions extends DispatchEnvOptions {
  /** Number of dispatchers (agents). @default 2 */
  dispatchers?: number;
}

export class DispatchMultiEnv implements ParallelEnv<Float32Array, Float32Array> {
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
  private readonly agentIndex: Map<AgentId, number>;
  private readonly lastObs: Float32Array[];
  private seeded = false;

  constructor(options: DispatchMultiEnvOptions = {}) {
    checkKnownKeys<DispatchMultiEnvOptions>(options, { rates: true, load: true, delta: true, rule: true, reward: true, service: true, pollInterval: true, outstandingScale: true, timeScale: true, obsClip: true, smoothing: true, dispatchers: true }, '');
    this.config = resolveDispatchOptions(options, 'variance');
    const D = options.dispatchers ?? 2;
    if (!Number.isInteger(D) || D < 1) invalid('dispatchers', D, 'an integer >= 1');
    this.dispatchers = D;
    const c = this.config;
    this.n = c.rates.length;
    this.sim = new DispatchSimulator({
      rates: c.rates,
      load: c.load,
      dispatchers: D,
      rule: c.rule,
      service: c.service,
      pollInterval: c.pollInterval,
    });
    this.possibleAgents = Object.freeze(Array.from({ length: D }, (_, d) => `dispatcher${d}`));
    this.agentIndex = new Map(this.possibleAgents.map((a, d) => [a, d]));
    this.obsSpace = new Box(0, c.obsClip, [2 * this.n]);
    this.actSpace = new Box(0, 1, [this.n]);
    this.means = new Float64Array(this.n);
    this.ownMeans = Array.from({ length: D }, () => new Float64Array(this.n));
    this.actionNames = Array.from({ length: this.n }, (_, i) => `weight[${i}]`);
    this.lastObs = Array.from({ length: D }, () => new Float32Array(2 * this.n));
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
    const s = new Float32Array((2 * D + 1) * n);
    for (let d = 0; d < D; d++) s.set(this.lastObs[d]!, 2 * n * d);
    const c = this.config;
    for (let i = 0; i < n; i++) s[2 * n * D + i] = Math.min(this.sim.queueLength[i]! / c.outstandingScale, c.obsClip);
    return s;
  }

  reset(opts: ResetOptions = {}): ParallelResetResult<Float32Array> {
    const seed = resetSeed(opts, this.seeded);
    this.sim.reset(seed);
    this.seeded = true;
    this.means.fill(0);
    for (const m of this.ownMeans) m.fill(0);
    this.agents = this.possibleAgents;
    const observations: PerAgent<Float32Array> = {};
    const infos: PerAgent<Info> = {};
    this.possibleAgents.forEach((a, d) => {
      this.lastObs[d]!.fill(0);
      observations[a] = new Float32Array(2 * this.n);
      infos[a] = { time: 0, rule: this.config.rule };
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
      if (this.config.rule === 'weighted') sim.setWeights(d, a);
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
      const obs = writeLocalObservation(sim, d, this.config, this.ownMeans[d]!, new Float32Array(2 * n));
      this.lastObs[d]!.set(obs);
      observations[agent] = obs;
      rewards[agent] = reward;
      terminations[agent] = false;
      truncations[agent] = false;
      let served = 0;
      let sojourn = 0;
      let outstanding = 0;
      for (let i = 0; i < n; i++) {
        served += sim.intervalCount[d * n + i]!;
        sojourn += sim.intervalSojourn[d * n + i]!;
        outstanding += sim.outstanding[d * n + i]!;
      }
      // Tasks it dispatched this interval: now outstanding + served - outstanding before.
      infos[agent] = {
        ...common,
        dispatched: outstanding + served - ownBefore[d]!,
        ownResponseTime: served === 0 ? 0 : sojourn / served,
      };
    });
    return { observations, rewards, terminations, truncations, infos };
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

/**
 * `LB-MultiAgent-v0`: one agent per node, each choosing its own gain K_l and
 * instant t_b,l (docs/model.md §4.2 generalised: node l balances once at its own
 * t_b,l with its own K_l, on its queue at that instant, with what it has heard
 * by then). PettingZoo parallel API: all agents act at once.
 *
 * ## Agents
 * `node0`, ..., `node{n-1}`; all terminate after the single step.
 *
 * ## Action space (per agent)
 * `Box([0, 0], [1, tbMax], float32)`: `[K_l, t_b,l]`. Invalid actions are
 * errors naming the agent and the value.
 *
 * ## Observation space (per agent, local)
 * At decision time (t = 0) a node knows only itself: messages from the others
 * are still in flight, and what arrives before t_b,l is used by the balancing
 * rule itself.
 *
 * | index | meaning                           | min | max |
 * |-------|-----------------------------------|-----|-----|
 * | 0     | own initial load / `loadScale`     | 0   | max load / loadScale |
 * | 1     | own capacity share lambda_l / sum(lambda) | 0 | 1 |
 *
 * `state()` (for centralised critics): every node's load / loadScale, then every capacity share.
 *
 * ## Rewards (`reward` option)
 * | name | reward | optimum |
 * |---|---|---|
 * | `variance` (default) | shared `-Var(T_1..T_n) / tRef^2` | the variance-fairness potential of the Markov potential game: equal finish times (blind to lateness) |
 * | `completion` | shared `-T / tRef` | minimum completion time (team objective) |
 * | `per-node` | agent l gets `-T_l / tRef` | each node finishes its own work early (selfish) |
 *
 * ## Episode end
 * Every agent terminates after one step.
 *
 * ## Arguments
 * `scenario` ('hetero-4'), `loads` (uniform 0..100), `loadScale`, `tbMax` (10),
 * `reward` ('variance'), `tRef` (per episode `max(1, sum m / sum lambda)`).
 *
 * ## Version history
 * - v0: initial version.
 */
import { stepBeforeReset, streamsForReset } from './core/seeding.js';
import type { Checkpointable } from './core/checkpointable.js';
import type { Info, ResetOptions } from './core/env.js';
import type { AgentId, ParallelEnv, ParallelResetResult, ParallelStepResult, PerAgent } from './core/parallel-env.js';
import { Box } from './core/spaces/box.js';
import { checkBoxAction } from './action-check.js';
import { type LoadDistribution, type LoadSampler, loadSampler } from './load-distribution.js';
import { fairnessIndices, referenceTime } from './one-shot-rewards.js';
import { resolveScenarioInput, type ScenarioInput } from './scenario-option.js';
import { type CompiledScenario, compileScenario } from './sim/compiled-scenario.js';
import { type EpisodeResult, newEpisodeResult } from './sim/episode.js';
import { type Rng, streamFor } from './sim/rng.js';
import { simulateEpisode } from './sim/simulate.js';
import { type SimStreams, createSimStreams } from './sim/streams.js';
import { checkKnownKeys, invalid, requirePositive } from './sim/validation.js';
import { infoArray } from './core/numeric-info.js';
import { type OneShotStreamsState, oneShotStreamsState, restoreOneShotStreams } from './one-shot-env.js';

export const MULTI_AGENT_REWARDS = ['variance', 'completion', 'per-node'] as const;
export type MultiAgentReward = (typeof MULTI_AGENT_REWARDS)[number];

export interface MultiAgentEnvOptions {
  scenario?: ScenarioInput;
  loads?: LoadDistribution;
  loadScale?: number;
  tbMax?: number;
  reward?: MultiAgentReward;
  tRef?: number;
}

/** What {@link MultiAgentOneShotEnv.getState} returns (JSON-serialisable). */
export interface MultiAgentEnvState extends OneShotStreamsState {
  loads: number[];
  tRef: number;
  /** Whether the agents are live (an episode awaits its step). */
  live: boolean;
}

export class MultiAgentOneShotEnv implements ParallelEnv<Float32Array, Float32Array>, Checkpointable {
  readonly possibleAgents: readonly AgentId[];
  agents: readonly AgentId[] = [];
  readonly n: number;
  readonly reward: MultiAgentReward;
  private readonly compiled: CompiledScenario;
  private readonly loadDist: LoadSampler;
  private readonly loadScale: number;
  private readonly fixedTRef: number | undefined;
  private readonly obsSpace: Box;
  private readonly actSpace: Box;
  private readonly shares: Float64Array;
  private readonly loads: Int32Array;
  private readonly gains: Float64Array;
  private readonly instants: Float64Array;
  private readonly result: EpisodeResult;
  private readonly scratch: Float64Array;
  private loadRng: Rng | undefined;
  private streams: SimStreams | undefined;
  private tRef = 1;
  private seed: number | undefined;

  constructor(options: MultiAgentEnvOptions = {}) {
    checkKnownKeys<MultiAgentEnvOptions>(options, { scenario: true, loads: true, loadScale: true, tbMax: true, reward: true, tRef: true }, '');
    this.compiled = compileScenario(resolveScenarioInput(options.scenario ?? 'hetero-4'));
    const n = (this.n = this.compiled.n);
    this.possibleAgents = Array.from({ length: n }, (_, i) => `node${i}`);
    this.loadDist = loadSampler(options.loads ?? { kind: 'uniform', low: 0, high: 100 }, n);
    this.loadScale = options.loadScale === undefined ? this.loadDist.maxLoad : requirePositive(options.loadScale, 'loadScale');
    const tbMax = options.tbMax === undefined ? 10 : requirePositive(options.tbMax, 'tbMax');
    const reward = options.reward ?? 'variance';
    if (!(MULTI_AGENT_REWARDS as readonly string[]).includes(reward)) invalid('reward', reward, MULTI_AGENT_REWARDS.join(', '));
    this.reward = reward;
    this.fixedTRef = options.tRef === undefined ? undefined : requirePositive(options.tRef, 'tRef');
    this.obsSpace = new Box([0, 0], [this.loadDist.maxLoad / this.loadScale, 1], [2]);
    this.actSpace = new Box([0, 0], [1, tbMax], [2]);
    let total = 0;
    for (const r of this.compiled.rates) total += r;
    this.shares = this.compiled.rates.map((r) => r / total);
    this.loads = new Int32Array(n);
    this.gains = new Float64Array(n);
    this.instants = new Float64Array(n);
    this.result = newEpisodeResult(n);
    this.scratch = new Float64Array(n);
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
    const s = new Float32Array(2 * this.n);
    for (let i = 0; i < this.n; i++) {
      s[i] = this.loads[i]! / this.loadScale;
      s[this.n + i] = this.shares[i]!;
    }
    return s;
  }

  reset(opts: ResetOptions = {}): ParallelResetResult<Float32Array> {
    const current = this.seed !== undefined && this.loadRng !== undefined && this.streams !== undefined ? { seed: this.seed, loadRng: this.loadRng, streams: this.streams } : undefined;
    const { seed, loadRng, streams } = streamsForReset(opts, current, (s) => ({ seed: s, loadRng: streamFor(s, 'loads'), streams: createSimStreams(s, this.n) }));
    this.seed = seed;
    this.loadRng = loadRng;
    this.streams = streams;
    this.loadDist.sample(loadRng, this.loads);
    this.tRef = this.fixedTRef ?? referenceTime(this.loads, this.compiled.rates);
    this.agents = this.possibleAgents;
    const observations: PerAgent<Float32Array> = {};
    const infos: PerAgent<Info> = {};
    this.possibleAgents.forEach((a, i) => {
      observations[a] = this.localObservation(i);
      infos[a] = { load: this.loads[i], tRef: this.tRef };
    });
    return { observations, infos };
  }

  step(actions: PerAgent<Float32Array>): ParallelStepResult<Float32Array> {
    if (this.agents.length === 0 || this.streams === undefined) {
      throw stepBeforeReset('LB-MultiAgent');
    }
    if (typeof actions !== 'object' || actions === null) throw new Error(`LB-MultiAgent actions: expected an object keyed by agent, got ${String(actions)}`);
    for (const key of Object.keys(actions)) this.index(key);
    this.possibleAgents.forEach((agent, i) => {
      const act = actions[agent];
      if (act === undefined) throw new Error(`LB-MultiAgent actions: missing the action of ${agent}`);
      const a = checkBoxAction(act, this.actSpace, `LB-MultiAgent action of ${agent}`, ['K', 't_b']);
      this.gains[i] = a[0]!;
      this.instants[i] = a[1]!;
    });
    const r = simulateEpisode(this.compiled, this.loads, { K: this.gains, tb: this.instants }, this.streams, { result: this.result });
    const f = fairnessIndices(r, this.compiled.rates, this.scratch);
    const shared =
      this.reward === 'variance' ? -f.varianceFinish / (this.tRef * this.tRef) : -r.completionTime / this.tRef;
    const observations: PerAgent<Float32Array> = {};
    const rewards: PerAgent<number> = {};
    const terminations: PerAgent<boolean> = {};
    const truncations: PerAgent<boolean> = {};
    const infos: PerAgent<Info> = {};
    const common = {
      completionTime: r.completionTime,
      finishTimes: infoArray(r.finishTimes),
      tasksMoved: r.tasksMoved,
      jainFinish: f.jainFinish,
      jainBacklog: f.jainBacklog,
      varianceFinish: f.varianceFinish,
      tRef: this.tRef,
    };
    this.possibleAgents.forEach((agent, i) => {
      observations[agent] = this.localObservation(i);
      rewards[agent] = this.reward === 'per-node' ? -r.finishTimes[i]! / this.tRef : shared;
      terminations[agent] = true;
      truncations[agent] = false;
      let sent = 0;
      for (let k = 0; k < this.n; k++) sent += r.moved[i * this.n + k]!;
      infos[agent] = { ...common, K: this.gains[i], tb: this.instants[i], sent, queueAtBalance: r.queuesAtBalance[i] };
    });
    this.agents = [];
    return { observations, rewards, terminations, truncations, infos };
  }

  close(): void {
    this.agents = [];
    this.streams = undefined;
    this.loadRng = undefined;
  }

  /** The full state: streams, current loads, reference time, liveness (see core/checkpointable.ts). */
  getState(): MultiAgentEnvState {
    return {
      ...oneShotStreamsState(this.seed, this.loadRng, this.streams),
      loads: infoArray(this.loads),
      tRef: this.tRef,
      live: this.agents.length > 0,
    };
  }

  /** Restores a {@link getState} of an env built with the same options. */
  setState(state: unknown): void {
    const s = state as MultiAgentEnvState;
    if (typeof s !== 'object' || s === null || !Array.isArray(s.loads) || s.loads.length !== this.n) {
      throw new Error(`LB-MultiAgent setState: state ${JSON.stringify(state)?.slice(0, 80)} does not fit an env of ${this.n} nodes`);
    }
    ({ seed: this.seed, loadRng: this.loadRng, streams: this.streams } = restoreOneShotStreams(s, this.n));
    this.loads.set(s.loads);
    this.tRef = s.tRef;
    this.agents = s.live ? this.possibleAgents : [];
  }

  private localObservation(i: number): Float32Array {
    return Float32Array.of(this.loads[i]! / this.loadScale, this.shares[i]!);
  }

  private index(agent: AgentId): number {
    const i = this.possibleAgents.indexOf(agent);
    if (i < 0) throw new Error(`LB-MultiAgent: unknown agent ${JSON.stringify(agent)} (agents: ${this.possibleAgents.join(', ')})`);
    return i;
  }
}

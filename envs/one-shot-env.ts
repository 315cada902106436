/**
 * `LB-OneShot-v0`: one balancing round per episode (docs/model.md §4.1).
 *
 * At reset the initial loads Q(0) are drawn; the agent picks the gain K and the
 * balancing instant t_b; the step simulates the episode to completion.
 *
 * ## Action space
 * `Box([0, 0], [1, tbMax], float32)`: `[K, t_b]`, the gain and the balancing
 * instant in seconds. With `target: 'learned'`, `Box([0, 0, 0], [1, tbMax, 1])`:
 * `[K, t_b, alpha]`, where alpha mixes the two balancing targets,
 * `(1 - alpha) * plain + alpha * capacity-weighted` (envs/sim/balance.ts).
 * A NaN, wrong-length or out-of-bounds action is an error naming the value
 * (use `ClipAction` to clip instead).
 *
 * ## Observation space
 * `Box(float32)` of `n` (or `2n` with `rateSpread > 0`) values:
 *
 * | index      | meaning                                     | min | max                 |
 * |------------|---------------------------------------------|-----|---------------------|
 * | `i < n`    | initial load of node i / `loadScale`        | 0   | max load_i / loadScale |
 * | `n + i`    | node i's service rate / its nominal rate (only with `rateSpread`) | 1 - rateSpread | 1 + rateSpread |
 *
 * ## Rewards
 * `reward` option, see envs/one-shot-rewards.ts: `completion` (`-T / tRef`,
 * the default: its optimum is the regeneration-optimal policy, so regret is
 * exact), `jain-finish`, `jain-backlog`, `variance`, `fair-completion`.
 * `tRef` is `max(1, sum(m) / sum(lambda))` per episode unless fixed.
 *
 * ## Episode end
 * Terminated after the single step (every task served). Never truncated by
 * the environment itself.
 *
 * ## Info (after the step)
 * `completionTime`, `finishTimes`, `tasksMoved`, `moved` (n x n, from * n + to),
 * `knowledge` (n x n: node l informed of j at t_b), `queuesAtBalance`, `loads`,
 * `K`, `tb`, `tRef`, `jainFinish`, `jainBacklog`, `varianceFinish`, `alpha`
 * (with `target: 'learned'`), and `rates` when randomised. At reset: `loads`, `tRef` (and `rates`).
 *
 * ## Arguments (kwargs)
 * | name | default | meaning |
 * |---|---|---|
 * | `scenario` | `'wireless-lan'` | preset name or scenario object (two or n nodes) |
 * | `loads` | `{kind: 'uniform', low: 0, high: 100}` | initial-load distribution (envs/load-distribution.ts) |
 * | `loadScale` | max load of the distribution | divides loads in the observation |
 * | `tbMax` | 10 | upper bound of t_b (s) |
 * | `reward` | `'completion'` | see Rewards |
 * | `fairnessWeight` | 0.5 | weight `w` of `fair-completion` |
 * | `tRef` | per episode | a fixed reference time (s) |
 * | `rateSpread` | 0 | per-episode rate factor U(1 - s, 1 + s) per node, observed |
 * | `engine` | `'auto'` | simulator engine (auto, general, fast) |
 * | `target` | the scenario's `averaging` (`plain` in every preset) | balancing target: `plain` (the paper's average), `capacity` (capacity-weighted) or `learned` (a third action component alpha mixes them); overrides the scenario's `averaging` |
 *
 * ## Version history
 * - v0: initial version.
 */
import { DEFAULT_ENV_SEED, stepBeforeReset, streamsForReset } from './core/seeding.js';
import type { Checkpointable } from './core/checkpointable.js';
import type { Env, Info, ResetOptions, ResetResult, StepResult } from './core/env.js';
import { Box } from './core/spaces/box.js';
import { checkBoxAction } from './action-check.js';
import { type LoadDistribution, type LoadSampler, loadSampler } from './load-distribution.js';
import {
  type OneShotReward,
  fairnessIndices,
  oneShotReward,
  referenceTime,
  validateReward,
} from './one-shot-rewards.js';
import { resolveScenarioInput, type ScenarioInput } from './scenario-option.js';
import { TARGET_RULES, type TargetRule, mixedTargetWeights } from './sim/balance.js';
import { type CompiledScenario, compileScenario } from './sim/compiled-scenario.js';
import { type EpisodeResult, newEpisodeResult } from './sim/episode.js';
import { Rng, deriveSeed, streamFor } from './sim/rng.js';
import type { Scenario } from './sim/scenario.js';
import { type EngineChoice, simulateEpisode } from './sim/simulate.js';
import { type SimStreams, createSimStreams, restoreSimStreams, streamStates } from './sim/streams.js';
import { checkKnownKeys, invalid, requireInRange, requirePositive } from './sim/validation.js';
import { infoArray } from './core/numeric-info.js';

/** The largest `tbMax` (s): analyses scan t_b grids up to it. */
export const MAX_TB_MAX = 1000;

export interface OneShotEnvOptions {
  scenario?: ScenarioInput;
  loads?: LoadDistribution;
  loadScale?: number;
  tbMax?: number;
  reward?: OneShotReward;
  fairnessWeight?: number;
  tRef?: number;
  rateSpread?: number;
  engine?: EngineChoice;
  target?: TargetRule;
}

/** The seed used when the first reset gives none (reproducible by default). */
export { DEFAULT_ENV_SEED };

const ACTION_NAMES = ['K', 't_b', 'alpha'];

/** The random streams of a one-shot env (this one and LB-MultiAgent) as its state holds them. */
export interface OneShotStreamsState {
  /** Root seed of the streams (null before the first reset). */
  seed: number | null;
  loadRng: object | null;
  streams: object | null;
}

/** The streams' state: all null unless every stream exists (before the first reset, after close). */
export function oneShotStreamsState(seed: number | undefined, loadRng: Rng | undefined, streams: SimStreams | undefined): OneShotStreamsState {
  const started = seed !== undefined && loadRng !== undefined && streams !== undefined;
  return {
    seed: started ? seed : null,
    loadRng: started ? loadRng.state() : null,
    streams: started ? streamStates(streams) : null,
  };
}

/** The streams of {@link oneShotStreamsState} restored for an env of `n` nodes (all undefined when not started). */
export function restoreOneShotStreams(s: OneShotStreamsState, n: number): { seed: number | undefined; loadRng: Rng | undefined; streams: SimStreams | undefined } {
  if (s.seed === null || s.loadRng === null || s.streams === null) return { seed: undefined, loadRng: undefined, streams: undefined };
  return { seed: s.seed, loadRng: new Rng(deriveSeed(s.seed, 'loads'), s.loadRng), streams: restoreSimStreams(s.seed, n, s.streams) };
}

/** What {@link OneShotEnv.getState} returns (JSON-serialisable). */
export interface OneShotEnvState extends OneShotStreamsState {
  loads: number[];
  rateFactors: number[];
  observation: number[];
  tRef: number;
  needsReset: boolean;
}

export class OneShotEnv implements Env<Float32Array, Float32Array>, Checkpointable {
  readonly observationSpace: Box;
  readonly actionSpace: Box;
  readonly scenario: Scenario;
  readonly n: number;
  readonly loadScale: number;
  readonly tbMax: number;
  readonly reward: OneShotReward;
  readonly rateSpread: number;
  /** The balancing target rule (`learned`: the action's third component mixes plain and capacity). */
  readonly target: TargetRule;
  private readonly compiled: CompiledScenario;
  private readonly loadDist: LoadSampler;
  private readonly fairnessWeight: number;
  private readonly fixedTRef: number | undefined;
  private readonly engine: EngineChoice;
  private loadRng: Rng | undefined;
  private streams: SimStreams | undefined;
  private readonly loads: Int32Array;
  private readonly rateFactors: Float64Array;
  private episodeScenario: CompiledScenario;
  private readonly result: EpisodeResult;
  private readonly scratch: Float64Array;
  private observation: Float32Array;
  private tRef = 1;
  private needsReset = true;
  private seed: number | undefined;
  private mixed: CompiledScenario | undefined;
  /** The action components' names, for errors. */
  private readonly actionNames: readonly string[];
  private mixedBase: CompiledScenario | undefined;

  constructor(options: OneShotEnvOptions = {}) {
    checkKnownKeys<OneShotEnvOptions>(options, { scenario: true, loads: true, loadScale: true, tbMax: true, reward: true, fairnessWeight: true, tRef: true, rateSpread: true, engine: true, target: true }, '');
    const scenario = resolveScenarioInput(options.scenario);
    const target = options.target ?? (scenario.averaging === 'capacity-weighted' ? 'capacity' : 'plain');
    if (!(TARGET_RULES as readonly unknown[]).includes(target)) invalid('target', target, TARGET_RULES.join(', '));
    this.target = target;
    // plain and capacity are the scenario's own averaging; learned mixes per step (plain weights until then).
    this.scenario = { ...scenario, averaging: target === 'capacity' ? 'capacity-weighted' : 'plain' };
    this.compiled = compileScenario(this.scenario);
    this.episodeScenario = this.compiled;
    this.n = this.compiled.n;
    const n = this.n;
    this.loadDist = loadSampler(options.loads ?? { kind: 'uniform', low: 0, high: 100 }, n);
    this.loadScale = options.loadScale === undefined ? this.loadDist.maxLoad : requirePositive(options.loadScale, 'loadScale');
    this.tbMax = options.tbMax === undefined ? 10 : requirePositive(options.tbMax, 'tbMax');
    if (this.tbMax > MAX_TB_MAX) invalid('tbMax', this.tbMax, `a number in (0, ${MAX_TB_MAX}] (s)`);
    this.reward = validateReward(options.reward ?? 'completion');
    this.fairnessWeight = options.fairnessWeight === undefined ? 0.5 : requireInRange(options.fairnessWeight, 'fairnessWeight', 0, 1e6);
    this.fixedTRef = options.tRef === undefined ? undefined : requirePositive(options.tRef, 'tRef');
    this.rateSpread = options.rateSpread === undefined ? 0 : requireInRange(options.rateSpread, 'rateSpread', 0, 0.95);
    const engine = options.engine ?? 'auto';
    if (engine !== 'auto' && engine !== 'general' && engine !== 'fast') invalid('engine', engine, 'auto, general or fast');
    this.engine = engine;
    const obsDim = this.rateSpread > 0 ? 2 * n : n;
    const low = new Float32Array(obsDim);
    const high = new Float32Array(obsDim);
    for (let i = 0; i < n; i++) high[i] = this.loadDist.upper[i]! / this.loadScale;
    for (let i = n; i < obsDim; i++) {
      low[i] = 1 - this.rateSpread;
      high[i] = 1 + this.rateSpread;
    }
    this.observationSpace = new Box(low, high, [obsDim]);
    this.actionSpace =
      target === 'learned' ? new Box([0, 0, 0], [1, this.tbMax, 1], [3]) : new Box([0, 0], [1, this.tbMax], [2]);
    this.actionNames = ACTION_NAMES.slice(0, this.actionSpace.size);
    this.loads = new Int32Array(n);
    this.rateFactors = new Float64Array(n).fill(1);
    this.result = newEpisodeResult(n);
    this.scratch = new Float64Array(n);
    this.observation = new Float32Array(obsDim);
  }

  reset(opts: ResetOptions = {}): ResetResult<Float32Array> {
    const current = this.seed !== undefined && this.loadRng !== undefined && this.streams !== undefined ? { seed: this.seed, loadRng: this.loadRng, streams: this.streams } : undefined;
    const { seed, loadRng, streams } = streamsForReset(opts, current, (s) => ({ seed: s, loadRng: streamFor(s, 'loads'), streams: createSimStreams(s, this.n) }));
    this.seed = seed;
    this.loadRng = loadRng;
    this.streams = streams;
    const fixedLoads = opts.options?.['loads'];
    if (fixedLoads !== undefined) {
      const l = loadSampler({ kind: 'fixed', loads: fixedLoads }, this.n, 'options.loads');
      l.sample(loadRng, this.loads);
    } else {
      this.loadDist.sample(loadRng, this.loads);
    }
    if (this.rateSpread > 0) this.drawRates(loadRng);
    this.tRef = this.fixedTRef ?? referenceTime(this.loads, this.episodeScenario.rates);
    const obs = new Float32Array(this.observationSpace.size);
    for (let i = 0; i < this.n; i++) obs[i] = this.loads[i]! / this.loadScale;
    if (this.rateSpread > 0) for (let i = 0; i < this.n; i++) obs[this.n + i] = this.rateFactors[i]!;
    this.observation = obs;
    this.needsReset = false;
    const info: Info = { loads: infoArray(this.loads), tRef: this.tRef };
    if (this.rateSpread > 0) info['rates'] = infoArray(this.episodeScenario.rates);
    return { observation: obs, info };
  }

  step(action: Float32Array): StepResult<Float32Array> {
    if (this.needsReset || this.streams === undefined) {
      throw stepBeforeReset('LB-OneShot');
    }
    const a = checkBoxAction(action, this.actionSpace, 'LB-OneShot action', this.actionNames);
    const K = a[0]!;
    const tb = a[1]!;
    const alpha = this.target === 'learned' ? a[2]! : undefined;
    const sc = alpha === undefined ? this.episodeScenario : this.mixedScenario(alpha);
    const r = simulateEpisode(sc, this.loads, { K, tb }, this.streams, {
      engine: this.engine,
      result: this.result,
    });
    const f = fairnessIndices(r, this.episodeScenario.rates, this.scratch);
    const reward = oneShotReward(this.reward, f, this.tRef, this.fairnessWeight);
    this.needsReset = true;
    const info: Info = {
      completionTime: r.completionTime,
      finishTimes: infoArray(r.finishTimes),
      tasksMoved: r.tasksMoved,
      moved: infoArray(r.moved),
      knowledge: infoArray(r.informed),
      queuesAtBalance: infoArray(r.queuesAtBalance),
      loads: infoArray(this.loads),
      K,
      tb,
      tRef: this.tRef,
      jainFinish: f.jainFinish,
      jainBacklog: f.jainBacklog,
      varianceFinish: f.varianceFinish,
    };
    if (alpha !== undefined) info['alpha'] = alpha;
    if (this.rateSpread > 0) info['rates'] = infoArray(this.episodeScenario.rates);
    return { observation: this.observation.slice(), reward, terminated: true, truncated: false, info };
  }

  close(): void {
    this.streams = undefined;
    this.loadRng = undefined;
    this.needsReset = true;
  }

  /** The full state: streams, current loads, rates, observation, reference time (see core/checkpointable.ts). */
  getState(): OneShotEnvState {
    return {
      ...oneShotStreamsState(this.seed, this.loadRng, this.streams),
      loads: Array.from(this.loads),
      rateFactors: Array.from(this.rateFactors),
      observation: Array.from(this.observation),
      tRef: this.tRef,
      needsReset: this.needsReset,
    };
  }

  /** Restores a {@link getState} of an env built with the same options. */
  setState(state: unknown): void {
    const s = state as OneShotEnvState;
    if (typeof s !== 'object' || s === null || !Array.isArray(s.loads) || s.loads.length !== this.n) {
      throw new Error(`LB-OneShot setState: state ${JSON.stringify(state)?.slice(0, 80)} does not fit an env of ${this.n} nodes`);
    }
    if (s.observation.length !== this.observationSpace.size) {
      throw new Error(`LB-OneShot setState: observation of length ${s.observation.length} != ${this.observationSpace.size}`);
    }
    ({ seed: this.seed, loadRng: this.loadRng, streams: this.streams } = restoreOneShotStreams(s, this.n));
    this.loads.set(s.loads);
    this.rateFactors.set(s.rateFactors);
    if (this.rateSpread > 0) this.applyRates();
    this.observation = Float32Array.from(s.observation);
    this.tRef = s.tRef;
    this.needsReset = s.needsReset;
  }

  /** The episode's scenario with the target mixed by alpha (its weights array is reused). */
  private mixedScenario(alpha: number): CompiledScenario {
    const base = this.episodeScenario;
    if (this.mixed === undefined || this.mixedBase !== base) {
      this.mixed = { ...base, weights: new Float64Array(this.n) };
      this.mixedBase = base;
    }
    mixedTargetWeights(base.rates, alpha, this.mixed.weights!);
    return this.mixed;
  }

  /** Per-episode rates: nominal rate x U(1 - s, 1 + s), observed as the factor. */
  private drawRates(rng: Rng): void {
    const s = this.rateSpread;
    for (let i = 0; i < this.n; i++) this.rateFactors[i] = Math.fround(1 - s + 2 * s * rng.uniform());
    this.applyRates();
  }

  /** Compiles the episode's scenario from the current rate factors. */
  private applyRates(): void {
    const base = this.scenario;
    const scaled: Scenario = {
      ...base,
      nodes: base.nodes.map((nd, i) => ({
        ...nd,
        service: scaleMean(nd.service, 1 / this.rateFactors[i]!),
      })),
    };
    this.episodeScenario = compileScenario(scaled);
  }
}

function scaleMean<T extends Scenario['nodes'][number]['service']>(d: T, factor: number): T {
  if (d.family === 'empirical') {
    const mean = d.mean ?? d.samples.reduce((a, b) => a + b, 0) / d.samples.length;
    return { ...d, mean: mean * factor };
  }
  return { ...d, mean: d.mean * factor };
}

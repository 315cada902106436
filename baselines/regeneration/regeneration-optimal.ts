/**
 * RegenerationOptimal: the exact optimum as a one-shot `Policy`
 * (envs/core/policy.ts). It decodes the initial loads from the observation
 * and acts the optimum for them; optima are cached per load pair (in memory
 * and on disk).
 *
 * By default it is the paper's regeneration-optimal policy,
 * `argmin mu^{00}_{M,N}(t_b; K)` (optimal.ts), acting `[K, t_b]`. With a
 * `reward` spec it is the optimum of that reward over the spec's target
 * family (reward-optimum.ts), acting `[K, t_b]`, or `[K, t_b, alpha]` for the
 * `learned` family.
 *
 * By default the observation is `loads / loadScale` (what the one-shot
 * environment observes) and is decoded by rounding `observation * loadScale`.
 */
import type { ActOptions, Policy } from '../../envs/core/policy.js';
import type { Scenario } from '../../envs/sim/scenario.js';
import { requirePositive } from '../../envs/sim/validation.js';
import type { OptimalPolicy, OptimalPolicyOptions } from './optimal.js';
import { cachedOptimum, cachedRewardOptimum } from './optimum-cache.js';
import type { RewardSpec } from './reward-api.js';
import type { RewardOptimum } from './reward-optimum.js';
import { twoNodeLoads, twoNodeModel } from './two-node-model.js';

export interface RegenerationOptimalOptions {
  /** Observation = loads / loadScale. @default 100 */
  loadScale?: number;
  /** Decodes [M, N] from an observation. @default round(observation[i] * loadScale) */
  decodeLoads?: (observation: Float32Array) => readonly number[];
  /** Grids and resolutions of the optimisation. */
  search?: OptimalPolicyOptions;
  /** The reward and target family to optimise. @default the completion time over the scenario's own target */
  reward?: RewardSpec;
}

export const DEFAULT_LOAD_SCALE = 100;

export class RegenerationOptimal implements Policy<Float32Array, Float32Array> {
  readonly name = 'regeneration-optimal';
  private readonly scenario: Scenario;
  private readonly decode: (observation: Float32Array) => readonly number[];
  private readonly search: OptimalPolicyOptions;
  private readonly reward: RewardSpec | undefined;
  private readonly cache = new Map<string, OptimalPolicy>();
  private readonly rewardCache = new Map<string, RewardOptimum>();

  constructor(scenario: Scenario, options: RegenerationOptimalOptions = {}) {
    twoNodeModel(scenario); // fail fast outside the solver's model
    this.scenario = scenario;
    const scale = requirePositive(options.loadScale ?? DEFAULT_LOAD_SCALE, 'loadScale');
    this.decode = options.decodeLoads ?? ((obs) => [Math.round(obs[0]! * scale), Math.round(obs[1]! * scale)]);
    this.search = options.search ?? {};
    this.reward = options.reward;
  }

  act(observation: Float32Array, _options?: ActOptions): Float32Array {
    const loads = this.decode(observation);
    if (this.reward !== undefined) {
      const o = this.rewardOptimum(loads);
      return o.alpha === undefined ? Float32Array.of(o.K, o.tb) : Float32Array.of(o.K, o.tb, o.alpha);
    }
    const o = this.optimum(loads);
    return Float32Array.of(o.K, o.tb);
  }

  /** The reward spec it optimises (undefined: the paper's completion optimum). */
  get rewardSpec(): RewardSpec | undefined {
    return this.reward;
  }

  /** The (cached) optimum of the reward spec for initial loads [M, N] (requires the `reward` option). */
  rewardOptimum(loads: ArrayLike<number>): RewardOptimum {
    const l = twoNodeLoads(loads);
    const key = `${l[0]},${l[1]}`;
    let o = this.rewardCache.get(key);
    if (o === undefined) {
      o = cachedRewardOptimum(this.scenario, [l[0]!, l[1]!], this.reward ?? {}, this.search);
      this.rewardCache.set(key, o);
    }
    return o;
  }

  /** The (cached) optimum for initial loads [M, N]. */
  optimum(loads: ArrayLike<number>): OptimalPolicy {
    const l = twoNodeLoads(loads);
    const key = `${l[0]},${l[1]}`;
    let o = this.cache.get(key);
    if (o === undefined) {
      o = cachedOptimum(this.scenario, [l[0]!, l[1]!], this.search);
      this.cache.set(key, o);
    }
    return o;
  }

  /** Number of load pairs solved so far. */
  get cachedLoads(): number {
    return this.cache.size + this.rewardCache.size;
  }
}

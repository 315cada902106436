/**
 * RegenerationOptimal: the regeneration-optimal one-shot policy as a
 * `Policy` (envs/core/policy.ts). It decodes the initial loads from the
 * observation, solves `argmin mu^{00}_{M,N}(t_b; K)` exactly (optimal.ts) and
 * acts `Float32Array [K, t_b]`; optima are cached per load pair.
 *
 * By default the observation is `loads / loadScale` (what the one-shot
 * environment observes) and is decoded by rounding `observation * loadScale`.
 */
import type { ActOptions, Policy } from '../../envs/core/policy.js';
import type { Scenario } from '../../envs/sim/scenario.js';
import { requirePositive } from '../../envs/sim/validation.js';
import type { OptimalPolicy, OptimalPolicyOptions } from './optimal.js';
import { cachedOptimum } from './optimum-cache.js';
import { twoNodeLoads, twoNodeModel } from './two-node-model.js';

export interface RegenerationOptimalOptions {
  /** Observation = loads / loadScale. @default 100 */
  loadScale?: number;
  /** Decodes [M, N] from an observation. @default round(observation[i] * loadScale) */
  decodeLoads?: (observation: Float32Array) => readonly number[];
  /** Grids and resolutions of the optimisation. */
  search?: OptimalPolicyOptions;
}

export const DEFAULT_LOAD_SCALE = 100;

export class RegenerationOptimal implements Policy<Float32Array, Float32Array> {
  readonly name = 'regeneration-optimal';
  private readonly scenario: Scenario;
  private readonly decode: (observation: Float32Array) => readonly number[];
  private readonly search: OptimalPolicyOptions;
  private readonly cache = new Map<string, OptimalPolicy>();

  constructor(scenario: Scenario, options: RegenerationOptimalOptions = {}) {
    twoNodeModel(scenario); // fail fast outside the solver's model
    this.scenario = scenario;
    const scale = requirePositive(options.loadScale ?? DEFAULT_LOAD_SCALE, 'loadScale');
    this.decode = options.decodeLoads ?? ((obs) => [Math.round(obs[0]! * scale), Math.round(obs[1]! * scale)]);
    this.search = options.search ?? {};
  }

  act(observation: Float32Array, _options?: ActOptions): Float32Array {
    const o = this.optimum(this.decode(observation));
    return Float32Array.of(o.K, o.tb);
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
    return this.cache.size;
  }
}

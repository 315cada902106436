/**
 * Baselines of `LB-Dynamic-v0` as `Policy` objects, and `dynamicBaselines`,
 * the list `compare` runs: no balancing, a fixed (K, delay), and the delay
 * paper's repeated one-shot policy (with `trigger: 'arrival'`), which for
 * two all-exponential nodes asks the exact regeneration optimum
 * (`optimalPolicy`, coarse grid over `t_b` in [0, epoch]) at the observed
 * loads, and otherwise uses the Monte-Carlo grid fallback (`gridSolve`).
 */
import type { Kwargs } from '../../envs/core/registry.js';
import type { Policy } from '../../envs/core/policy.js';
import { DEFAULT_QUEUE_SCALE } from '../../envs/dynamic-env.js';
import { DEFAULT_EPOCH } from '../../envs/sim/dynamic/dynamic-config.js';
import { compileScenario } from '../../envs/sim/compiled-scenario.js';
import type { Scenario } from '../../envs/sim/scenario.js';
import { optimalPolicy } from '../regeneration/optimal.js';
import { fixedPolicy, noBalancingPolicy } from './fixed-policy.js';
import type { OneShotGridOptions } from './one-shot-grid.js';
import { type OneShotSolve, gridSolve, repeatedOneShotPolicy } from './repeated-one-shot.js';

export { fixedPolicy, noBalancingPolicy } from './fixed-policy.js';
export { bestOneShotOnGrid, type OneShotGridOptions, type OneShotGridResult } from './one-shot-grid.js';
export {
  gridSolve,
  repeatedOneShotPolicy,
  type OneShotSolution,
  type OneShotSolve,
  type RepeatedOneShotOptions,
} from './repeated-one-shot.js';

export interface DynamicBaseline {
  name: string;
  policy: Policy;
  /** Env kwargs the policy needs (merged over the env's). */
  envKwargs?: Kwargs;
}

export interface DynamicBaselinesOptions {
  /** Must match the env's. @default 20 */
  queueScale?: number;
  /** Must match the env's. @default 2 */
  epoch?: number;
  /** The fixed baseline's action. @default {K: 0.5, delay: 0.5} */
  fixed?: { K: number; delay: number };
  /** The one-shot optimum for the repeated policy. @default two exponential nodes: `regenerationSolve`; else `gridSolve` at `representativeLoads` */
  solve?: OneShotSolve;
  /** Loads of the grid fallback. @default the scenario's defaultLoads */
  representativeLoads?: number[];
  grid?: OneShotGridOptions;
}

export function dynamicBaselines(scenario: Scenario, options: DynamicBaselinesOptions = {}): DynamicBaseline[] {
  const epoch = options.epoch ?? DEFAULT_EPOCH;
  const fixed = options.fixed ?? { K: 0.5, delay: 0.5 };
  const tbGrid = (options.grid?.tbGrid ?? [0, 0.25, 0.5, 1, 2]).filter((t) => t <= epoch);
  const exact = scenario.nodes.length === 2 && compileScenario(scenario).allExponential;
  const solve =
    options.solve ??
    (exact
      ? regenerationSolve(scenario, epoch)
      : gridSolve(scenario, options.representativeLoads ?? scenario.defaultLoads, { ...options.grid, tbGrid }));
  return [
    { name: 'no-balancing', policy: noBalancingPolicy() },
    { name: 'fixed', policy: fixedPolicy(fixed.K, Math.min(fixed.delay, epoch)) },
    {
      name: 'repeated-one-shot',
      policy: repeatedOneShotPolicy({
        n: scenario.nodes.length,
        queueScale: options.queueScale ?? DEFAULT_QUEUE_SCALE,
        epoch,
        solve,
      }),
      envKwargs: { trigger: 'arrival' },
    },
  ];
}

/**
 * The exact two-node one-shot optimum at the given loads (`optimalPolicy` on
 * a coarse grid: K in steps of 0.1, t_b in steps of 0.1 s up to `epoch`, then
 * its local refinement); about 0.1 s per new load vector.
 */
export function regenerationSolve(scenario: Scenario, epoch: number): OneShotSolve {
  const steps = Math.max(1, Math.round(epoch / 0.1));
  const tbGrid = Array.from({ length: steps + 1 }, (_, i) => (i * epoch) / steps);
  const KGrid = Array.from({ length: 11 }, (_, i) => i / 10);
  return (loads) => {
    const r = optimalPolicy(scenario, loads, { KGrid, tbGrid });
    return { K: r.K, tb: Math.min(epoch, r.tb) };
  };
}

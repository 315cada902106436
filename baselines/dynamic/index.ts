/**
 * Baselines of `LB-Dynamic-v0` as `Policy` objects, and `dynamicBaselines`,
 * the list `compare` runs: no balancing, a fixed (K, delay), and the delay
 * paper's repeated one-shot policy (with `trigger: 'arrival'`).
 */
import type { Kwargs } from '../../envs/core/registry.js';
import type { Policy } from '../../envs/core/policy.js';
import { DEFAULT_QUEUE_SCALE } from '../../envs/dynamic-env.js';
import { DEFAULT_EPOCH } from '../../envs/sim/dynamic/dynamic-config.js';
import type { Scenario } from '../../envs/sim/scenario.js';
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
  /** The one-shot optimum for the repeated policy (two nodes: the regeneration optimum). @default gridSolve at `representativeLoads` */
  solve?: OneShotSolve;
  /** Loads of the grid fallback. @default the scenario's defaultLoads */
  representativeLoads?: number[];
  grid?: OneShotGridOptions;
}

export function dynamicBaselines(scenario: Scenario, options: DynamicBaselinesOptions = {}): DynamicBaseline[] {
  const epoch = options.epoch ?? DEFAULT_EPOCH;
  const fixed = options.fixed ?? { K: 0.5, delay: 0.5 };
  const tbGrid = (options.grid?.tbGrid ?? [0, 0.25, 0.5, 1, 2]).filter((t) => t <= epoch);
  const solve =
    options.solve ??
    gridSolve(scenario, options.representativeLoads ?? scenario.defaultLoads, { ...options.grid, tbGrid });
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

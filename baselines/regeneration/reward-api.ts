/**
 * The exact expected reward of `LB-OneShot-v0` for two exponential nodes, for
 * every reward and target rule, with the environment's own definitions:
 * its `tRef` (`max(1, sum(m) / sum(lambda))` unless fixed), its reward
 * formulas (envs/one-shot-rewards.ts, the same function) and its float32
 * actions (K, t_b and alpha are rounded to float32 first, as a Float32Array
 * action is).
 */
import { type TargetRule, TARGET_RULES } from '../../envs/sim/balance.js';
import {
  type OneShotReward,
  oneShotReward,
  referenceTime,
  validateReward,
} from '../../envs/one-shot-rewards.js';
import type { OneShotEnv, OneShotEnvOptions } from '../../envs/one-shot-env.js';
import type { Scenario } from '../../envs/sim/scenario.js';
import { invalid, requireInRange, requireNonNegative, requirePositive } from '../../envs/sim/validation.js';
import { COMPLETION_TIME, type ExpectedMeasures, JAIN_BACKLOG, JAIN_FINISH, type KernelNumerics, RewardSolver, VARIANCE_FINISH } from './reward-solver.js';
import type { SolverNumerics } from './solver.js';
import { checkGrid, domainOf } from './api.js';
import { type TwoNodeModel, type TwoNodeWeights, twoNodeLoads, twoNodeModel, twoNodeWeights } from './two-node-model.js';

/** Which reward, and the environment options that shape it. */
export interface RewardSpec {
  /** @default 'completion' */
  reward?: OneShotReward;
  /** Weight w of `fair-completion`. @default 0.5 */
  fairnessWeight?: number;
  /** Target rule. @default the scenario's averaging (plain or capacity) */
  target?: TargetRule;
  /** A fixed reference time (s). @default max(1, sum(m) / sum(lambda)) */
  tRef?: number;
}

/** A one-shot action: gain, balancing instant and (target `learned` only) the target mix alpha. */
export interface OneShotDecision {
  K: number;
  tb: number;
  alpha?: number;
}

/** The reward spec of an LB-OneShot-v0 env built from `kwargs` (what the exact solver needs). */
export function rewardSpecOf(env: OneShotEnv, kwargs: OneShotEnvOptions): RewardSpec {
  return {
    reward: env.reward,
    target: env.target,
    ...(kwargs.fairnessWeight !== undefined ? { fairnessWeight: kwargs.fairnessWeight } : {}),
    ...(kwargs.tRef !== undefined ? { tRef: kwargs.tRef } : {}),
  };
}

/** A resolved reward spec (every field set). */
export interface ResolvedRewardSpec {
  reward: OneShotReward;
  fairnessWeight: number;
  target: TargetRule;
  tRef: number | undefined;
}

export function resolveRewardSpec(scenario: Scenario, spec: RewardSpec = {}): ResolvedRewardSpec {
  const target = spec.target ?? (scenario.averaging === 'capacity-weighted' ? 'capacity' : 'plain');
  if (!(TARGET_RULES as readonly unknown[]).includes(target)) invalid('target', target, TARGET_RULES.join(', '));
  return {
    reward: validateReward(spec.reward ?? 'completion'),
    fairnessWeight: spec.fairnessWeight === undefined ? 0.5 : requireInRange(spec.fairnessWeight, 'fairnessWeight', 0, 1e6),
    target,
    tRef: spec.tRef === undefined ? undefined : requirePositive(spec.tRef, 'tRef'),
  };
}

/** Whether a reward needs `E[J(T_1, T_2)]`, the costly expectation. */
export function needsJain(reward: OneShotReward): boolean {
  return (rewardParts(reward) & JAIN_FINISH) !== 0;
}

/** The measures a reward is built from (envs/one-shot-rewards.ts oneShotReward), as RewardSolver.measures' `parts`. */
export function rewardParts(reward: OneShotReward): number {
  switch (reward) {
    case 'completion':
      return COMPLETION_TIME;
    case 'jain-finish':
      return JAIN_FINISH;
    case 'jain-backlog':
      return JAIN_BACKLOG;
    case 'variance':
      return VARIANCE_FINISH;
    case 'fair-completion':
      return COMPLETION_TIME | JAIN_FINISH;
  }
}

/** The action rounded to float32 and validated, with the target weights it implies. */
export function decisionWeights(model: TwoNodeModel, target: TargetRule, action: OneShotDecision): { K: number; tb: number; alpha: number | undefined; weights: TwoNodeWeights } {
  const K = requireInRange(Math.fround(action.K), 'K', 0, 1);
  const tb = requireNonNegative(Math.fround(action.tb), 'tb');
  if (target !== 'learned') {
    if (action.alpha !== undefined) invalid('alpha', action.alpha, `no alpha: the target rule is ${target} (alpha needs target "learned")`);
    return { K, tb, alpha: undefined, weights: twoNodeWeights(model, target) };
  }
  if (action.alpha === undefined) invalid('alpha', action.alpha, 'a number in [0, 1] (target "learned")');
  const alpha = requireInRange(Math.fround(action.alpha), 'alpha', 0, 1);
  return { K, tb, alpha, weights: twoNodeWeights(model, 'learned', alpha) };
}

/** The exact measures of one action and its expected reward (and tRef). */
export interface ExpectedRewardReport extends ExpectedMeasures {
  reward: OneShotReward;
  value: number;
  tRef: number;
}

/** Expected reward of `action` at initial loads `loads`, with the env's definitions (`allMeasures`: also `E[J(T_1, T_2)]` when the reward does not need it). */
export function expectedRewardReport(
  scenario: Scenario,
  loads: ArrayLike<number>,
  action: OneShotDecision,
  spec: RewardSpec = {},
  numerics: SolverNumerics = {},
  kernel: KernelNumerics = {},
  allMeasures = false,
): ExpectedRewardReport {
  const s = resolveRewardSpec(scenario, spec);
  const model = twoNodeModel(scenario);
  const l = twoNodeLoads(loads);
  const d = decisionWeights(model, s.target, action);
  const jain = allMeasures || needsJain(s.reward);
  const solver = new RewardSolver(model, l, { tbMin: d.tb, tbMax: d.tb, KMax: d.K, weightOptions: [d.weights] }, numerics, kernel, jain);
  const m = solver.measures(d.K, d.tb, d.weights, jain);
  const tRef = s.tRef ?? referenceTime(l, model.rates);
  return { ...m, reward: s.reward, value: oneShotReward(s.reward, m, tRef, s.fairnessWeight), tRef };
}

/** `E[reward]` of `action` at loads `loads` (LB-OneShot-v0's reward, exactly). */
export function expectedReward(
  scenario: Scenario,
  loads: ArrayLike<number>,
  action: OneShotDecision,
  spec: RewardSpec = {},
  numerics: SolverNumerics = {},
): number {
  return expectedRewardReport(scenario, loads, action, spec, numerics).value;
}

/** One point of a reward curve: the expected reward and completion time. */
export interface RewardCurvePoint {
  K: number;
  tb: number;
  alpha?: number;
  value: number;
  mu: number;
}

/**
 * The expected reward along a curve, the analogue of completionCurve for every
 * reward: in t_b at fixed K (`{K, tbGrid}`) or in K at fixed t_b (`{tb, KGrid}`),
 * at the target mix `alpha` for the `learned` target. One solver serves the
 * whole curve.
 */
export function rewardCurve(
  scenario: Scenario,
  loads: ArrayLike<number>,
  curve: { K: number; tbGrid: ArrayLike<number>; alpha?: number } | { tb: number; KGrid: ArrayLike<number>; alpha?: number },
  spec: RewardSpec = {},
  numerics: SolverNumerics = {},
): RewardCurvePoint[] {
  const s = resolveRewardSpec(scenario, spec);
  const model = twoNodeModel(scenario);
  const l = twoNodeLoads(loads);
  const actions: OneShotDecision[] =
    'tbGrid' in curve
      ? checkGrid(curve.tbGrid, 'tbGrid', 0, Infinity).map((tb) => ({ K: curve.K, tb, ...(curve.alpha !== undefined ? { alpha: curve.alpha } : {}) }))
      : checkGrid(curve.KGrid, 'KGrid', 0, 1).map((K) => ({ K, tb: curve.tb, ...(curve.alpha !== undefined ? { alpha: curve.alpha } : {}) }));
  const decisions = actions.map((a) => decisionWeights(model, s.target, a));
  const tbs = decisions.map((d) => d.tb);
  const solver = new RewardSolver(
    model,
    l,
    { ...domainOf(tbs, Math.max(...decisions.map((d) => d.K))), weightOptions: [twoNodeWeights(model, 'plain'), twoNodeWeights(model, 'capacity')] },
    numerics,
    {},
    needsJain(s.reward),
  );
  const tRef = s.tRef ?? referenceTime(l, model.rates);
  return decisions.map((d, i) => {
    const m = solver.measures(d.K, d.tb, d.weights, needsJain(s.reward));
    const a = actions[i]!;
    return { K: a.K, tb: a.tb, ...(d.alpha !== undefined ? { alpha: a.alpha! } : {}), value: oneShotReward(s.reward, m, tRef, s.fairnessWeight), mu: m.completionTime };
  });
}

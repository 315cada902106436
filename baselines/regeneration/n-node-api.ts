/**
 * The public functions of the exact n-node solver (docs/model.md §3.8), with
 * LB-OneShot-v0's definitions: its `tRef`, its reward formulas
 * (envs/one-shot-rewards.ts) and its float32 actions (K, t_b and alpha are
 * rounded to float32 first). Gains may be one value or one per node (the
 * LB-MultiAgent-v0 form with a common t_b).
 *
 * - `nNodeRewardReport`: the exact measures and expected reward of one action;
 * - `nNodeRewardOptimum`: the optimum over a common `(K, t_b)` (the
 *   two-node search of optimal.ts with K refined to 0.01 instead of 0.001;
 *   `learned` also scans alpha in 0, 0.5, 1);
 * - `nNodeGainsOptimum`: the optimum over per-node gains with a common t_b,
 *   by coordinate search from the common optimum.
 */
import type { TargetRule } from '../../envs/sim/balance.js';
import { oneShotReward, referenceTime } from '../../envs/one-shot-rewards.js';
import type { Scenario } from '../../envs/sim/scenario.js';
import { invalid, requireInRange, requireNonNegative } from '../../envs/sim/validation.js';
import { domainOf } from './api.js';
import { type NNodeModel, type NodeWeights, nNodeLoads, nNodeModel, nNodeWeights } from './n-node-model.js';
import { type NNodeNumerics, NNodeSolver } from './n-node-solver.js';
import { DEFAULT_STARTS, type OptimalPolicyOptions, searchGrids, searchMinimum, type Surface } from './optimal.js';
import { type ExpectedRewardReport, type RewardSpec, needsJain, resolveRewardSpec } from './reward-api.js';

/** An action of the n-node one-shot system: one gain or one per node, a common t_b, alpha for the learned target. */
export interface NNodeAction {
  K: number | readonly number[];
  tb: number;
  alpha?: number;
}

/** The action rounded to float32 and validated, with the target weights it implies. */
function resolveAction(model: NNodeModel, target: TargetRule, action: NNodeAction): { K: number | number[]; tb: number; weights: NodeWeights } {
  const K =
    typeof action.K === 'number'
      ? requireInRange(Math.fround(action.K), 'K', 0, 1)
      : action.K.length !== model.n
        ? invalid('K', Array.from(action.K), `${model.n} gains (one per node)`)
        : action.K.map((k, i) => requireInRange(Math.fround(k), `K[${i}]`, 0, 1));
  const tb = requireNonNegative(Math.fround(action.tb), 'tb');
  if (target !== 'learned') {
    if (action.alpha !== undefined) invalid('alpha', action.alpha, `no alpha: the target rule is ${target} (alpha needs target "learned")`);
    return { K, tb, weights: nNodeWeights(model, target) };
  }
  if (action.alpha === undefined) invalid('alpha', action.alpha, 'a number in [0, 1] (target "learned")');
  return { K, tb, weights: nNodeWeights(model, 'learned', requireInRange(Math.fround(action.alpha), 'alpha', 0, 1)) };
}

/** The weight options a solver must be prepared for (the extreme rules bound every mix). */
function weightOptions(model: NNodeModel): NodeWeights[] {
  return [nNodeWeights(model, 'plain'), nNodeWeights(model, 'capacity')];
}

/** Exact measures and expected reward of `action` at `loads` (`allMeasures`: also `E[J(T)]` when the reward does not need it). */
export function nNodeRewardReport(
  scenario: Scenario,
  loads: ArrayLike<number>,
  action: NNodeAction,
  spec: RewardSpec = {},
  numerics: NNodeNumerics = {},
  allMeasures = false,
): ExpectedRewardReport {
  const s = resolveRewardSpec(scenario, spec);
  const model = nNodeModel(scenario);
  const l = nNodeLoads(model, loads);
  const d = resolveAction(model, s.target, action);
  const jain = allMeasures || needsJain(s.reward);
  const KMax = typeof d.K === 'number' ? d.K : Math.max(...d.K);
  const solver = new NNodeSolver(model, l, { tbMin: d.tb, tbMax: d.tb, KMax, weightOptions: [d.weights] }, numerics, jain);
  const m = solver.measures(d.K, d.tb, d.weights, jain);
  const tRef = s.tRef ?? referenceTime(l, model.rates);
  return { ...m, reward: s.reward, value: oneShotReward(s.reward, m, tRef, s.fairnessWeight), tRef };
}

/** The optimum of a reward over a family of n-node actions. */
export interface NNodeRewardOptimum {
  reward: RewardSpec['reward'] & string;
  target: TargetRule;
  /** The gain (common optimum) or the gains (per-node optimum). */
  K: number | number[];
  tb: number;
  alpha?: number;
  value: number;
  /** The exact expected completion time there (s). */
  mu: number;
}

/** The K refinement step of the n-node searches (the two-node search refines to 1e-3). */
export const N_NODE_K_STEP = 0.01;

/** A prepared search: one solver over the whole (K, t_b) domain and the reward of an action. */
function searchContext(scenario: Scenario, loads: ArrayLike<number>, spec: RewardSpec, options: OptimalPolicyOptions) {
  const s = resolveRewardSpec(scenario, spec);
  const model = nNodeModel(scenario);
  const l = nNodeLoads(model, loads);
  const jain = needsJain(s.reward);
  const grids = searchGrids({ KStep: N_NODE_K_STEP, ...options });
  const solver = new NNodeSolver(model, l, { ...domainOf(grids.tbs, 1), weightOptions: weightOptions(model) }, options.numerics ?? {}, jain);
  const tRef = s.tRef ?? referenceTime(l, model.rates);
  const completionOnly = s.reward === 'completion';
  const reward = (K: number | readonly number[], tb: number, w: NodeWeights, screening = false): { value: number; mu: number } => {
    const m = solver.measures(K, tb, w, jain, screening, completionOnly);
    return { value: completionOnly ? -m.completionTime / tRef : oneShotReward(s.reward, m, tRef, s.fairnessWeight), mu: m.completionTime };
  };
  return { s, model, grids, reward };
}

/**
 * The optimum of `spec.reward` over a common `(K, t_b)` at `loads` (the
 * search of optimal.ts, every candidate at its float32 action). For the
 * `learned` target the search runs at alpha = 0, 0.5 and 1 and keeps the best.
 */
export function nNodeRewardOptimum(scenario: Scenario, loads: ArrayLike<number>, spec: RewardSpec = {}, options: OptimalPolicyOptions = {}): NNodeRewardOptimum {
  const { s, model, grids, reward } = searchContext(scenario, loads, spec, options);
  const surfaceFor = (w: NodeWeights): Surface => (Ks, tbs, screening) =>
    Ks.map((K) => tbs.map((tb) => -reward(Math.fround(K), Math.fround(tb), w, screening).value));
  const alphas = s.target === 'learned' ? [0, 0.5, 1] : [undefined];
  let best: NNodeRewardOptimum | undefined;
  for (const alpha of alphas) {
    const w = alpha === undefined ? nNodeWeights(model, s.target) : nNodeWeights(model, 'learned', alpha);
    const o = searchMinimum(surfaceFor(w), grids, DEFAULT_STARTS);
    const r = reward(Math.fround(o.K), Math.fround(o.tb), w);
    if (best === undefined || r.value > best.value) {
      best = { reward: s.reward, target: s.target, K: o.K, tb: o.tb, ...(alpha === undefined ? {} : { alpha }), value: r.value, mu: r.mu };
    }
  }
  return best!;
}

/**
 * The optimum over per-node gains `K_l` with a common t_b: from the common
 * optimum, rounds of coordinate search (each gain in turn on the coarse K
 * grid, then in steps of KStep (0.01) within one coarse spacing; then t_b in
 * steps of 0.05 s within 0.25 s and 0.01 s within 0.05 s) until no
 * coordinate moves, at most 4 rounds.
 * It is never worse than the common optimum it starts from.
 */
export function nNodeGainsOptimum(scenario: Scenario, loads: ArrayLike<number>, spec: RewardSpec = {}, options: OptimalPolicyOptions = {}): NNodeRewardOptimum {
  const common = nNodeRewardOptimum(scenario, loads, spec, options);
  const { s, model, grids, reward } = searchContext(scenario, loads, spec, options);
  const w = common.alpha === undefined ? nNodeWeights(model, s.target) : nNodeWeights(model, 'learned', common.alpha);
  const Ks = new Array<number>(model.n).fill(common.K as number);
  let tb = common.tb;
  const f32 = (xs: readonly number[]): number[] => xs.map((x) => Math.fround(x));
  let best = reward(f32(Ks), Math.fround(tb), w);
  const scan = (candidates: number[], set: (x: number) => void, get: () => number): void => {
    const keep = get();
    let arg = keep;
    for (const x of candidates) {
      set(x);
      const r = reward(f32(Ks), Math.fround(tb), w);
      if (r.value > best.value) {
        best = r;
        arg = x;
      }
    }
    set(arg);
  };
  const around = (c: number, radius: number, step: number, lo: number, hi: number): number[] => {
    const out: number[] = [];
    for (let i = -Math.round(radius / step); i <= Math.round(radius / step); i++) {
      const x = Number((c + i * step).toFixed(12));
      if (x >= lo && x <= hi && x !== c) out.push(x);
    }
    return out;
  };
  const tbHi = grids.tbs[grids.tbs.length - 1]!;
  for (let round = 0; round < 4; round++) {
    const before = [...Ks, tb].join(',');
    for (let l = 0; l < model.n; l++) {
      const set = (x: number): void => {
        Ks[l] = x;
      };
      const get = (): number => Ks[l]!;
      scan(grids.Ks.filter((x) => x !== Ks[l]), set, get);
      scan(around(Ks[l]!, 0.05, grids.KStep, 0, 1), set, get);
    }
    for (const step of grids.tbStages) {
      scan(around(tb, step === grids.tbStages[0] ? 0.25 : grids.tbStages[0]!, step, grids.tbs[0]!, tbHi), (x) => (tb = x), () => tb);
    }
    if ([...Ks, tb].join(',') === before) break;
  }
  return { reward: s.reward, target: s.target, K: Ks, tb, ...(common.alpha === undefined ? {} : { alpha: common.alpha }), value: best.value, mu: best.mu };
}

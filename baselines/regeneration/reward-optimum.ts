/**
 * The exact optimum of every one-shot reward over the policy family the
 * environment offers (docs/model.md, "Fairness rewards, exactly"):
 *
 * | target | family searched |
 * |---|---|
 * | `plain` | `(K, t_b)` with the paper's average target |
 * | `capacity` | `(K, t_b)` with capacity-weighted targets |
 * | `learned` | `(K, t_b, alpha)`, the target `(1 - alpha) plain + alpha capacity` |
 *
 * For `(K, t_b)` the search is optimal.ts's (a coarse grid, t_b step 0.25 s
 * and K step 0.05, refined from its best three basins to t_b 0.01 s and K 1e-3).
 * `completion` uses the regeneration solver's curves (one sum over the states
 * per t_b, state values shared along a curve in t_b); the other rewards are
 * evaluated point by point. For `learned`, that search runs at each
 * alpha of a coarse grid (0, 0.25, ..., 1 or 0, 0.5, 1 for the Jain rewards),
 * alpha is refined to 0.01 around the best at its `(K, t_b)`, and the `(K, t_b)`
 * search runs again at the refined alpha. alpha = 0 and 1 are exactly the plain
 * and capacity families, so the widest family's optimum is never worse than
 * theirs.
 *
 * Every candidate is evaluated at its action rounded to float32, as the
 * environment receives it (so an optimum never sits on the wrong side of a
 * step of `floor(K * excess)`), and that is the value reported.
 */
import type { Scenario } from '../../envs/sim/scenario.js';
import { referenceTime } from '../../envs/one-shot-rewards.js';
import { oneShotReward } from '../../envs/one-shot-rewards.js';
import { domainOf } from './api.js';
import { DEFAULT_STARTS, type OptimalPolicyOptions, searchGrids, searchMinimum, type Surface } from './optimal.js';
import { type RewardSpec, decisionWeights, needsJain, resolveRewardSpec, type ResolvedRewardSpec, rewardParts } from './reward-api.js';
import { COMPLETION_TIME, RewardSolver } from './reward-solver.js';
import { type TwoNodeWeights, twoNodeLoads, twoNodeModel, twoNodeWeights } from './two-node-model.js';

/** The optimum of a reward over a family. */
export interface RewardOptimum {
  reward: ResolvedRewardSpec['reward'];
  target: ResolvedRewardSpec['target'];
  K: number;
  tb: number;
  /** The target mix (family `learned` only). */
  alpha?: number;
  /** The expected reward at the optimum. */
  value: number;
  /** The exact expected completion time at the optimum (s). */
  mu: number;
}

export interface RewardOptimumOptions extends OptimalPolicyOptions {
  /** Coarse alphas of the `learned` family. @default 0, 0.25, 0.5, 0.75, 1 (0, 0.5, 1 for the Jain rewards) */
  alphaGrid?: readonly number[];
  /** Refinement step of alpha. @default 0.01 */
  alphaStep?: number;
}


/** The optimum of `spec.reward` over the family of `spec.target` at loads `loads`. */
export function rewardOptimum(scenario: Scenario, loads: ArrayLike<number>, spec: RewardSpec = {}, options: RewardOptimumOptions = {}): RewardOptimum {
  const s = resolveRewardSpec(scenario, spec);
  const model = twoNodeModel(scenario);
  const l = twoNodeLoads(loads);
  const jain = needsJain(s.reward);
  const grids = searchGrids(options);
  const plain = twoNodeWeights(model, 'plain');
  const capacity = twoNodeWeights(model, 'capacity');
  const solver = new RewardSolver(model, l, { ...domainOf(grids.tbs, 1), weightOptions: [plain, capacity] }, options.numerics, {}, jain);
  const tRef = s.tRef ?? referenceTime(l, model.rates);
  // The search asks only the measures its reward is built from.
  const parts = rewardParts(s.reward);
  const value = (K: number, tb: number, w: TwoNodeWeights, screening = false): number =>
    oneShotReward(s.reward, solver.measures(K, tb, w, jain, screening, parts), tRef, s.fairnessWeight);
  // Minimise -reward at the float32 actions the env receives (a batch floor(K * excess) can
  // drop by one when K is rounded); t_b-major so the Jain kernel (per t_b) is built once per column.
  const f32 = (xs: readonly number[]): number[] => xs.map((x) => Math.fround(x));
  const surfaceFor = (w: TwoNodeWeights): Surface =>
    s.reward === 'completion'
      ? (Ks, tbs, screening) => {
          const tb32 = f32(tbs);
          return f32(Ks).map((K) => Array.from(solver.completion.curve(K, tb32, w, screening), (mu) => mu / tRef));
        }
      : (Ks, tbs, screening) => {
          const K32 = f32(Ks);
          const tb32 = f32(tbs);
          // E[T] first as whole curves in t_b (one pass over the states per gain), which the
          // point requests below then find memoised: the same values, computed once per gain.
          if ((parts & COMPLETION_TIME) !== 0 && tbs.length > 1) for (const K of K32) solver.completion.curve(K, tb32, w, screening);
          const out = Ks.map(() => new Array<number>(tbs.length).fill(0));
          tb32.forEach((tb, j) => K32.forEach((K, i) => (out[i]![j] = -value(K, tb, w, screening))));
          return out;
        };
  const finish = (K: number, tb: number, alpha: number | undefined): RewardOptimum => {
    const d = decisionWeights(model, s.target, alpha === undefined ? { K, tb } : { K, tb, alpha });
    const m = solver.measures(d.K, d.tb, d.weights, jain);
    return { reward: s.reward, target: s.target, K, tb, ...(alpha === undefined ? {} : { alpha }), value: oneShotReward(s.reward, m, tRef, s.fairnessWeight), mu: m.completionTime };
  };
  if (s.target !== 'learned') {
    const best = searchMinimum(surfaceFor(s.target === 'plain' ? plain : capacity), grids, DEFAULT_STARTS);
    return finish(best.K, best.tb, undefined);
  }
  const mixed = (alpha: number): TwoNodeWeights => twoNodeWeights(model, 'learned', Math.fround(alpha));
  const alphas = [...(options.alphaGrid ?? (jain ? [0, 0.5, 1] : [0, 0.25, 0.5, 0.75, 1]))].sort((a, b) => a - b);
  let best = { K: 0, tb: 0, value: Infinity, alpha: 0 };
  for (const alpha of alphas) {
    const o = searchMinimum(surfaceFor(mixed(alpha)), grids, DEFAULT_STARTS);
    if (o.value < best.value) best = { ...o, alpha };
  }
  // Refine alpha at the incumbent (K, t_b), then (K, t_b) at the refined alpha.
  const step = options.alphaStep ?? 0.01;
  const radius = alphas.length > 1 ? Math.max(...alphas.slice(1).map((a, i) => a - alphas[i]!)) : 0;
  let alphaBest = best.alpha;
  let alphaValue = best.value;
  for (let i = -Math.round(radius / step); i <= Math.round(radius / step); i++) {
    const alpha = Number((best.alpha + i * step).toFixed(12));
    if (alpha < 0 || alpha > 1) continue;
    const v = -value(Math.fround(best.K), Math.fround(best.tb), mixed(alpha));
    if (v < alphaValue) {
      alphaValue = v;
      alphaBest = alpha;
    }
  }
  if (alphaBest !== best.alpha) {
    best = { K: best.K, tb: best.tb, value: alphaValue, alpha: alphaBest };
    const o = searchMinimum(surfaceFor(mixed(alphaBest)), grids, DEFAULT_STARTS);
    if (o.value < best.value) best = { ...o, alpha: alphaBest };
  }
  return finish(best.K, best.tb, best.alpha);
}

/**
 * The fairness/completion frontier of one-shot balancing, exactly
 * (docs/model.md §3.7): which pairs `(E[T], E[J(T_1, T_2)])` the action space
 * can reach, and where each compared policy sits.
 *
 * - At one load pair: the exact `(E[T], E[J])` of every action of a grid over
 *   the widest family, `(K, t_b, alpha)` (K step 0.05, t_b step 0.25 s,
 *   alpha in {0, 0.5, 1}); the frontier is its non-dominated set (lower
 *   `E[T]`, higher `E[J]`).
 * - Averaged over the 5 x 5 load grid, for policies that act on the loads:
 *   the supported frontier, `max over actions of E[J] - lambda E[T] / T_ref`
 *   chosen per load pair and averaged, for a sweep of `lambda` (a coarser
 *   action grid per pair: K step 0.1, ten t_b values, alpha in {0, 1}).
 */
import type { Scenario } from '../envs/sim/scenario.js';
import { referenceTime } from '../envs/one-shot-rewards.js';
import { RewardSolver } from '../baselines/regeneration/reward-solver.js';
import { domainOf } from '../baselines/regeneration/api.js';
import { twoNodeLoads, twoNodeModel, twoNodeWeights } from '../baselines/regeneration/two-node-model.js';
import type { FrontierPoint } from './report/report-data.js';

interface Cloud {
  mu: number[];
  jain: number[];
  actions: { K: number; tb: number; alpha: number }[];
}

/** Exact (E[T], E[J]) over a grid of (K, t_b, alpha) at one load pair. */
function cloud(scenario: Scenario, loads: readonly number[], Ks: number[], tbs: number[], alphas: number[]): Cloud {
  const model = twoNodeModel(scenario);
  const l = twoNodeLoads(loads);
  const plain = twoNodeWeights(model, 'plain');
  const capacity = twoNodeWeights(model, 'capacity');
  const solver = new RewardSolver(model, l, { ...domainOf(tbs, Math.max(...Ks)), weightOptions: [plain, capacity] });
  const out: Cloud = { mu: [], jain: [], actions: [] };
  // t_b-major: the Jain kernel is built once per t_b.
  for (const tb of tbs) {
    for (const alpha of alphas) {
      const w = twoNodeWeights(model, 'learned', Math.fround(alpha));
      for (const K of Ks) {
        const m = solver.measures(Math.fround(K), Math.fround(tb), w, true);
        out.mu.push(m.completionTime);
        out.jain.push(m.jainFinish);
        out.actions.push({ K, tb, alpha });
      }
    }
  }
  return out;
}

/** The non-dominated points (lower mu, higher jain), by increasing mu. */
export function paretoFront(points: FrontierPoint[]): FrontierPoint[] {
  const sorted = [...points].sort((a, b) => a.mu - b.mu || b.jain - a.jain);
  const out: FrontierPoint[] = [];
  let best = -Infinity;
  for (const p of sorted) {
    if (p.jain > best) {
      out.push(p);
      best = p.jain;
    }
  }
  return out;
}

const range = (n: number, step: number): number[] => Array.from({ length: n }, (_, i) => Number((i * step).toFixed(10)));

/** The exact frontiers at one load pair: over the widest family, and with the plain target alone (alpha = 0). */
export function frontierAt(scenario: Scenario, loads: readonly number[], tbMax: number): { widest: FrontierPoint[]; plain: FrontierPoint[] } {
  const tbs = range(Math.floor(tbMax / 0.25) + 1, 0.25);
  const c = cloud(scenario, loads, range(21, 0.05), tbs, [0, 0.5, 1]);
  const all = c.mu.map((mu, i): FrontierPoint => ({ mu, jain: c.jain[i]!, ...c.actions[i]! }));
  return { widest: paretoFront(all), plain: paretoFront(all.filter((p) => p.alpha === 0)) };
}

/** The supported frontier of load-dependent policies, averaged over `grid`. */
export function gridFrontier(scenario: Scenario, grid: readonly (readonly number[])[], tbMax: number): FrontierPoint[] {
  const tbs = [0, 0.1, 0.25, 0.5, 1, 2, 3, 5, 7.5, 10].filter((t) => t <= tbMax);
  const rates = twoNodeModel(scenario).rates;
  const clouds = grid.map((loads) => ({ c: cloud(scenario, loads, range(11, 0.1), tbs, [0, 1]), tRef: referenceTime(loads, rates) }));
  const lambdas = [0, ...Array.from({ length: 40 }, (_, i) => 10 ** (-3 + (i * 4) / 39))];
  const points = lambdas.map((lambda): FrontierPoint => {
    let mu = 0;
    let jain = 0;
    for (const { c, tRef } of clouds) {
      let best = 0;
      let score = -Infinity;
      for (let i = 0; i < c.mu.length; i++) {
        const s = c.jain[i]! - (lambda * c.mu[i]!) / tRef;
        if (s > score) {
          score = s;
          best = i;
        }
      }
      mu += c.mu[best]!;
      jain += c.jain[best]!;
    }
    return { mu: mu / clouds.length, jain: jain / clouds.length };
  });
  return paretoFront(points);
}

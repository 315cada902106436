/**
 * The public functions of the exact two-node solver: one expected completion
 * time, a curve in t_b, a surface over (K, t_b), and the
 * regeneration-optimal policy `argmin_{K, t_b} mu^{00}_{M,N}(t_b; K)`.
 *
 * All of them need two nodes and exponential delays (else an Error says what
 * is wrong) and accept the scenario's averaging and unknownQueue options.
 */
import type { Scenario } from '../../envs/sim/scenario.js';
import { requireInRange, requireNonNegative } from '../../envs/sim/validation.js';
import { RegenerationSolver, type SolverNumerics } from './solver.js';
import { twoNodeLoads, twoNodeModel } from './two-node-model.js';

export interface OneShotPoint {
  K: number;
  tb: number;
}

/** `mu^{00}_{M,N}(t_b; K)`: the exact expected completion time (s). */
export function expectedCompletion(
  scenario: Scenario,
  loads: ArrayLike<number>,
  action: OneShotPoint,
  numerics: SolverNumerics = {},
): number {
  const K = requireInRange(action.K, 'K', 0, 1);
  const tb = requireNonNegative(action.tb, 'tb');
  const solver = new RegenerationSolver(twoNodeModel(scenario), twoNodeLoads(loads), { tbMin: tb, tbMax: tb, KMax: K }, numerics);
  return solver.expectedCompletion(K, tb);
}

/** `mu(t_b)` at gain K for every t_b of `tbGrid`. */
export function completionCurve(
  scenario: Scenario,
  loads: ArrayLike<number>,
  options: { K: number; tbGrid: ArrayLike<number> },
  numerics: SolverNumerics = {},
): number[] {
  const K = requireInRange(options.K, 'K', 0, 1);
  const tbs = checkGrid(options.tbGrid, 'tbGrid', 0, Infinity);
  const solver = new RegenerationSolver(twoNodeModel(scenario), twoNodeLoads(loads), domainOf(tbs, K), numerics);
  return Array.from(solver.curve(K, tbs));
}

/** `surface[i][j] = mu(t_b = tbGrid[j]; K = KGrid[i])`. */
export function completionSurface(
  scenario: Scenario,
  loads: ArrayLike<number>,
  options: { KGrid: ArrayLike<number>; tbGrid: ArrayLike<number> },
  numerics: SolverNumerics = {},
): number[][] {
  const Ks = checkGrid(options.KGrid, 'KGrid', 0, 1);
  const tbs = checkGrid(options.tbGrid, 'tbGrid', 0, Infinity);
  const solver = new RegenerationSolver(twoNodeModel(scenario), twoNodeLoads(loads), domainOf(tbs, Math.max(...Ks)), numerics);
  return Ks.map((K) => Array.from(solver.curve(K, tbs)));
}

export function domainOf(tbs: readonly number[], KMax: number): { tbMin: number; tbMax: number; KMax: number } {
  return { tbMin: Math.min(...tbs), tbMax: Math.max(...tbs), KMax };
}

/** Validates a non-empty grid of finite numbers in [lo, hi]; errors name the field and entry. */
export function checkGrid(v: ArrayLike<number>, field: string, lo: number, hi: number): number[] {
  const xs = Array.from(v ?? []);
  if (xs.length === 0) throw new Error(`${field}: expected a non-empty array of numbers, got []`);
  xs.forEach((x, i) => requireInRange(x, `${field}[${i}]`, lo, hi === Infinity ? Number.MAX_VALUE : hi));
  return xs;
}

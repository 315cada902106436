/**
 * The regeneration solver's caches never change a value: survival tables
 * shared between solvers, state values carried from one gain to the next,
 * and values memoised per (batches, t_b) give exactly what a fresh solver
 * gives, and so do the reward solver's memoised measures and Jain kernels
 * (shared between solvers of different loads).
 * Screening values (for ranking a coarse grid) stay within 1e-6.
 */
import { describe, expect, it } from 'vitest';
import { JAIN_BACKLOG, JAIN_FINISH, RewardSolver } from '../../../baselines/regeneration/reward-solver.js';
import { RegenerationSolver, clearSharedSurvivalTables, powerOfFourUp } from '../../../baselines/regeneration/solver.js';
import { twoNodeModel, twoNodeWeights } from '../../../baselines/regeneration/two-node-model.js';
import { preset } from '../../../envs/sim/presets.js';

const sc = preset('wireless-lan');
const model = twoNodeModel(sc);
const domain = { tbMin: 0, tbMax: 10, KMax: 1 };
const tbs = [0, 0.3, 1.7, 4, 9.5];

function fresh(loads: [number, number], K: number): Float64Array {
  clearSharedSurvivalTables();
  return new RegenerationSolver(model, loads, domain).curve(K, tbs);
}

describe('regeneration solver caches', () => {
  it('a solver sharing tables with earlier solvers gives exactly the values of a fresh one', () => {
    const alone = fresh([60, 25], 0.7);
    // Other loads first, so that their tables are reused (same grid bucket).
    for (const loads of [[55, 30], [61, 20], [40, 40]] as [number, number][]) new RegenerationSolver(model, loads, domain).curve(0.5, tbs);
    const shared = new RegenerationSolver(model, [60, 25], domain).curve(0.7, tbs);
    expect(Array.from(shared)).toEqual(Array.from(alone));
  });

  it('a scan over neighbouring gains (state values carried over) equals fresh solvers, gain by gain', () => {
    const scan = new RegenerationSolver(model, [45, 70], domain);
    const Ks = Array.from({ length: 15 }, (_, i) => 0.3 + i * 0.013);
    const scanned = Ks.map((K) => Array.from(scan.curve(K, tbs)));
    // Back and forth: memoised values and matrices of earlier batches are reused.
    const again = [...Ks].reverse().map((K) => Array.from(scan.curve(K, tbs))).reverse();
    expect(again).toEqual(scanned);
    Ks.forEach((K, i) => expect(scanned[i]).toEqual(Array.from(fresh([45, 70], K))));
  });

  it('one t_b at a time equals the whole curve', () => {
    const s = new RegenerationSolver(model, [80, 10], domain);
    const one = tbs.map((tb) => s.expectedCompletion(0.9, tb));
    expect(Array.from(fresh([80, 10], 0.9))).toEqual(one);
  });

  it('screening values are within 1e-6 (relative) of the exact values', () => {
    const s = new RegenerationSolver(model, [90, 35], domain);
    for (const K of [0, 0.25, 0.6, 1]) {
      const exact = s.curve(K, tbs);
      const screened = s.curve(K, tbs, undefined, true);
      exact.forEach((mu, i) => expect(Math.abs(screened[i]! - mu) / mu).toBeLessThan(1e-6));
    }
  });
});

describe('reward solver caches', () => {
  const plain = twoNodeWeights(model, 'plain');
  const capacity = twoNodeWeights(model, 'capacity');
  const points: [number, number][] = [[0.7, 0.3], [0.7, 4], [0.35, 0.3], [1, 9.5], [0.7, 0.3], [0.35, 4]];
  const freshMeasures = (K: number, tb: number, weights: typeof plain, withJain: boolean) => {
    clearSharedSurvivalTables();
    return new RewardSolver(model, [50, 20], domain).measures(K, tb, weights, withJain);
  };

  it('measures memoised per (batches, t_b) and kernels kept per t_b equal a fresh solver, in any order of requests', () => {
    const s = new RewardSolver(model, [50, 20], domain);
    // Screening and no-Jain requests first, t_b back and forth (kernels evicted and reused), both targets.
    for (const [K, tb] of points) s.measures(K, tb, capacity, false, true);
    for (const [K, tb] of points) s.measures(K, tb, plain, false);
    for (const weights of [plain, capacity]) {
      for (const [K, tb] of points) {
        expect(s.measures(K, tb, weights, true)).toEqual(freshMeasures(K, tb, weights, true));
        const noJain = s.measures(K, tb, weights, false);
        const expected = freshMeasures(K, tb, weights, false);
        expect([noJain.completionTime, noJain.jainBacklog, noJain.varianceFinish]).toEqual([expected.completionTime, expected.jainBacklog, expected.varianceFinish]);
      }
    }
  });

  it('a scan over neighbouring gains at one t_b (E[J] terms of unchanged states carried over) equals fresh solvers, gain by gain', () => {
    const s = new RewardSolver(model, [50, 20], domain);
    const Ks = [0.5, 0.51, 0.52, 0.6, 0.52, 0.9];
    const scanned = Ks.map((K) => s.measures(K, 1.2, plain, true, true).jainFinish);
    expect(scanned).toEqual(Ks.map((K) => {
      clearSharedSurvivalTables();
      return new RewardSolver(model, [50, 20], domain).measures(K, 1.2, plain, true, true).jainFinish;
    }));
  });

  it('Jain kernels shared with solvers of other loads (their U vectors reused) give exactly a fresh solver\'s measures', () => {
    const alone = points.map(([K, tb]) => freshMeasures(K, tb, plain, true));
    clearSharedSurvivalTables();
    // Other loads first, on the same grid: their kernels and law vectors are reused.
    for (const loads of [[45, 25], [55, 15], [50, 21]] as [number, number][]) {
      const other = new RewardSolver(model, loads, domain);
      for (const [K, tb] of points) other.measures(K, tb, plain, true);
    }
    const s = new RewardSolver(model, [50, 20], domain);
    expect(points.map(([K, tb]) => s.measures(K, tb, plain, true))).toEqual(alone);
  });

  it('solvers of loads far apart share their grids (a power of four), so their tables and Jain kernels', () => {
    expect([1, 3, 4, 5, 96, 256, 257, 384, 1024].map(powerOfFourUp)).toEqual([1, 4, 4, 16, 256, 256, 1024, 1024, 1024]);
    const solvers = ([[30, 50], [50, 50], [70, 70]] as [number, number][]).map((loads) => new RewardSolver(model, loads, domain));
    expect(new Set(solvers.map((s) => s.base.gridKey)).size).toBe(1);
    expect(new Set(solvers.map((s) => s.completion.gridKey)).size).toBe(1);
  });

  it('a request for some measures leaves the others NaN and agrees with the full request on its own', () => {
    const s = new RewardSolver(model, [50, 20], domain);
    const only = s.measures(0.7, 4, plain, true, false, JAIN_FINISH | JAIN_BACKLOG);
    const all = new RewardSolver(model, [50, 20], domain).measures(0.7, 4, plain, true);
    expect([only.jainFinish, only.jainBacklog]).toEqual([all.jainFinish, all.jainBacklog]);
    expect([only.completionTime, only.varianceFinish]).toEqual([Number.NaN, Number.NaN]);
    // The full entry then answers a narrower request, the narrow one never a wider one.
    expect(s.measures(0.7, 4, plain, true).completionTime).toBe(all.completionTime);
  });

  it('screening measures are within 1e-6 (relative) of the exact ones', () => {
    const s = new RewardSolver(model, [90, 35], domain);
    for (const [K, tb] of points) {
      const screened = s.measures(K, tb, plain, true, true);
      const exact = s.measures(K, tb, plain, true);
      for (const key of ['completionTime', 'jainFinish', 'jainBacklog', 'varianceFinish'] as const) {
        expect(Math.abs(screened[key] - exact[key]) / Math.abs(exact[key])).toBeLessThan(1e-6);
      }
    }
  });
});

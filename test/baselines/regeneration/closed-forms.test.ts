/**
 * Closed forms, limits and numerical convergence of the exact solver.
 */
import { describe, expect, it } from 'vitest';
import { preset } from '../../../envs/sim/presets.js';
import { erlangCdf } from '../../../envs/sim/special.js';
import type { Scenario } from '../../../envs/sim/scenario.js';
import {
  completionCurve,
  completionSurface,
  expectedCompletion,
} from '../../../baselines/regeneration/index.js';
import { extendedTable, survivalTable, truncatedTable } from '../../../baselines/regeneration/node-completion.js';
import { integrate, panelGrid } from '../../../baselines/regeneration/quadrature.js';

const sc = preset('wireless-lan');
const [l1, l2] = [1 / 0.7847, 1 / 0.475];

/** E[max(Erlang(m, l1), Erlang(n, l2))] by direct quadrature of 1 - F1 F2. */
function expectedMaxErlang(m: number, n: number): number {
  const f = (t: number): number => 1 - erlangCdf(m, l1, t) * erlangCdf(n, l2, t);
  return integrate(f, 400, 0.25, 12);
}

describe('closed forms', () => {
  it('K = 0 gives E[max(Erlang(M, l1), Erlang(N, l2))] at every t_b', () => {
    const exact = expectedMaxErlang(100, 50);
    const curve = completionCurve(sc, [100, 50], { K: 0, tbGrid: [0, 0.119, 1, 5, 10] });
    for (const mu of curve) expect(Math.abs(mu - exact) / exact).toBeLessThan(1e-9);
    const small = expectedMaxErlang(3, 1);
    expect(Math.abs(expectedCompletion(sc, [3, 1], { K: 0, tb: 0.7 }) - small) / small).toBeLessThan(1e-9);
  });

  it('loads (m, 0) with K = 0 give m / lambda_1', () => {
    for (const m of [1, 7, 100]) {
      for (const tb of [0, 2.5]) {
        expect(expectedCompletion(sc, [m, 0], { K: 0, tb })).toBeCloseTo(m / l1, 9);
      }
    }
  });

  it('empty system completes at 0', () => {
    expect(expectedCompletion(sc, [0, 0], { K: 1, tb: 3 })).toBe(0);
  });

  it('t_b past the time both queues are surely empty gives the K = 0 value', () => {
    const exact = expectedMaxErlang(3, 1);
    const late = expectedCompletion(sc, [3, 1], { K: 1, tb: 60 });
    expect(Math.abs(late - exact) / exact).toBeLessThan(1e-9);
  });

  it('mu is continuous in t_b', () => {
    for (const tb of [0, 0.119, 2]) {
      const [a, b] = completionCurve(sc, [100, 50], { K: 0.8, tbGrid: [tb, tb + 1e-6] });
      expect(Math.abs(a! - b!)).toBeLessThan(1e-4);
    }
  });

  it('surface rows equal curves', () => {
    const tbGrid = [0, 0.5, 3];
    const surface = completionSurface(sc, [20, 40], { KGrid: [0.3, 1], tbGrid });
    const curve = completionCurve(sc, [20, 40], { K: 1, tbGrid });
    surface[1]!.forEach((mu, j) => expect(mu).toBeCloseTo(curve[j]!, 10));
  });
});

describe('numerical convergence', () => {
  it('halving the panels changes mu by less than 1e-9 (relative)', () => {
    const points: [number, number, number, number][] = [
      [100, 50, 1, 0],
      [100, 50, 0.7, 3],
      [5, 5, 0.3, 1],
      [20, 40, 1, 0.119],
    ];
    for (const [m, n, K, tb] of points) {
      const coarse = expectedCompletion(sc, [m, n], { K, tb });
      const fine = expectedCompletion(sc, [m, n], { K, tb }, { panelWidth: 0.1, panelGrowth: 0.75 });
      expect(Math.abs(coarse - fine) / fine).toBeLessThan(1e-9);
    }
  });

  it('tabulated survivals integrate to the exact means E[T_C] = (k+L)/lambda + theta rho^k', () => {
    const grid = panelGrid(600, 0.5, 8, 1.5, 2.1);
    for (const [rate, L, theta] of [
      [1.2744, 0, 1],
      [1.2744, 1, 0.386],
      [2.1053, 25, 10.2],
      [2.1053, 50, 20.3],
    ] as const) {
      const t = survivalTable(rate, L, theta, 60, grid);
      const G = grid.times.length;
      for (let k = 0; k <= 60; k++) {
        let s = 0;
        for (let i = 0; i < G; i++) s += grid.weights[i]! * t.rows[k * G + i]!;
        expect(Math.abs(s - t.means[k]!)).toBeLessThan(1e-10 * Math.max(1, t.means[k]!));
      }
    }
  });
});

describe('survival tables continued on a longer grid', () => {
  it('equal, bitwise, the tables built on that grid; the extended one can be continued again, the original not', () => {
    const short = panelGrid(60, 0.5, 8, 4, 2.1);
    const mid = panelGrid(200, 0.5, 8, 4, 2.1);
    const long = panelGrid(600, 0.5, 8, 4, 2.1);
    expect(long.times.slice(0, short.times.length)).toEqual(short.times);
    for (const [rate, L, theta] of [
      [1.2744, 0, 1],
      [2.1053, 3, 0.386],
      [2.1053, 25, 10.2],
    ] as const) {
      const first = survivalTable(rate, L, theta, 63, short);
      const second = extendedTable(first, mid)!;
      const third = extendedTable(second, long)!;
      expect(extendedTable(first, long)).toBeUndefined();
      expect(extendedTable(truncatedTable(second, short.times.length), long)).toBeUndefined();
      const fresh = survivalTable(rate, L, theta, 63, long);
      expect(third.stride).toBe(long.times.length);
      for (const field of ['rows', 'weighted', 'cumulative', 'start', 'end', 'means'] as const) {
        expect(Array.from(third[field])).toEqual(Array.from(fresh[field]));
      }
    }
  });

  it('are not continued where the longer grid lumps the chain at another level', () => {
    // With one kept row, J is set by the widest step while the inflow from below L = 40 is live, beyond a 5 s grid.
    const t = survivalTable(2.1053, 40, 10.2, 1, panelGrid(5, 0.5, 8, 4, 2.1));
    const long = panelGrid(600, 0.5, 8, 4, 2.1);
    expect(t.march!.J).not.toBe(survivalTable(2.1053, 40, 10.2, 1, long).march!.J);
    expect(extendedTable(t, long)).toBeUndefined();
  });
});

describe('input outside the solver', () => {
  it('rejects more than two nodes, naming the field', () => {
    expect(() => expectedCompletion(preset('hetero-4'), [1, 2, 3, 4], { K: 1, tb: 0 })).toThrow(
      /two nodes.*scenario\.nodes has 4 nodes/,
    );
  });

  it('rejects non-exponential delays, naming the field', () => {
    const lognormal: Scenario = { ...sc, nodes: [sc.nodes[0]!, { service: { family: 'lognormal', mean: 0.5, cv: 1 } }] };
    expect(() => expectedCompletion(lognormal, [1, 2], { K: 1, tb: 0 })).toThrow(/nodes\[1\]\.service\.family is "lognormal"/);
    const det: Scenario = { ...sc, comm: { family: 'deterministic', mean: 0.1 } };
    expect(() => expectedCompletion(det, [1, 2], { K: 1, tb: 0 })).toThrow(/comm\.family is "deterministic"/);
    const pareto: Scenario = { ...sc, transfer: { ...sc.transfer, shape: { family: 'pareto', shape: 2 } } };
    expect(() => expectedCompletion(pareto, [1, 2], { K: 1, tb: 0 })).toThrow(/transfer\.shape\.family is "pareto"/);
  });

  it('rejects bad K, t_b and loads, naming them', () => {
    expect(() => expectedCompletion(sc, [1, 2], { K: 1.5, tb: 0 })).toThrow(/K/);
    expect(() => expectedCompletion(sc, [1, 2], { K: 1, tb: -1 })).toThrow(/tb/);
    expect(() => expectedCompletion(sc, [1, 2.5], { K: 1, tb: 0 })).toThrow(/loads\[1\]/);
    expect(() => completionCurve(sc, [1, 2], { K: 1, tbGrid: [] })).toThrow(/tbGrid/);
  });
});

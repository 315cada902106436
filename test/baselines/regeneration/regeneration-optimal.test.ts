/**
 * The regeneration-optimal search and the RegenerationOptimal policy.
 */
import { describe, expect, it } from 'vitest';
import { preset } from '../../../envs/sim/presets.js';
import {
  RegenerationOptimal,
  completionSurface,
  expectedCompletion,
  optimalPolicy,
  paperTable,
} from '../../../baselines/regeneration/index.js';
import { screenedScan, type Surface } from '../../../baselines/regeneration/optimal.js';
import seedrandom from 'seedrandom';

const sc = preset('wireless-lan');

describe('optimalPolicy', () => {
  it('is no worse than every coarse grid point and reports its own mu', () => {
    const KGrid = [0, 0.25, 0.5, 0.75, 1];
    const tbGrid = [0, 0.5, 1, 2, 4];
    const o = optimalPolicy(sc, [20, 10], { KGrid, tbGrid });
    const surface = completionSurface(sc, [20, 10], { KGrid, tbGrid });
    for (const row of surface) for (const mu of row) expect(o.mu).toBeLessThanOrEqual(mu + 1e-12);
    expect(o.mu).toBeCloseTo(expectedCompletion(sc, [20, 10], { K: o.K, tb: o.tb }), 10);
    expect(o.K).toBeGreaterThanOrEqual(0);
    expect(o.K).toBeLessThanOrEqual(1);
    // Resolutions: K on a 1e-3 grid, t_b on a 0.01 grid.
    expect(Math.abs(o.K * 1000 - Math.round(o.K * 1000))).toBeLessThan(1e-6);
    expect(Math.abs(o.tb * 100 - Math.round(o.tb * 100))).toBeLessThan(1e-6);
  });
});

describe('screenedScan (the refinement scan in K)', () => {
  // A staircase in K (flat steps, as floor(K * excess) makes them) on a smooth bowl; screening
  // values carry a relative error up to 1e-6, as the solvers' do.
  const Ks = Array.from({ length: 101 }, (_, i) => Number((0.45 + i * 1e-3).toFixed(3)));
  const exactOf = (K: number, c: number): number => 1 + (Math.floor(K * 140) / 140 - c) ** 2;
  for (const c of [0.47, 0.5, 0.5214, 0.549]) {
    it(`keeps every value an exact scan's minimum and its ties depend on (bowl centre ${c})`, () => {
      const rng = seedrandom(`scan-${c}`);
      let exactCalls = 0;
      const surface: Surface = (ks, _tbs, screening) =>
        ks.map((K) => {
          if (!screening) exactCalls += 1;
          return [exactOf(K, c) * (screening ? 1 + (2 * rng() - 1) * 1e-6 : 1)];
        });
      const values = screenedScan(surface, Ks, 1);
      const exact = Ks.map((K) => exactOf(K, c));
      const lowest = Math.min(...exact);
      const first = exact.indexOf(lowest);
      const last = exact.lastIndexOf(lowest);
      // Every candidate of the exact minimum's run is evaluated exactly, and nothing before it is lower.
      for (let i = first; i <= last; i++) expect(values[i]).toBe(lowest);
      values.forEach((v, i) => {
        if (!Number.isNaN(v)) expect(v).toBe(exact[i]);
        if (i < first && !Number.isNaN(v)) expect(v).toBeGreaterThan(lowest);
      });
      // The point of screening: most of the scan is not evaluated exactly.
      expect(exactCalls).toBeLessThan(Ks.length / 4);
    });
  }
});

describe('RegenerationOptimal', () => {
  it('acts the cached optimum of the decoded loads', () => {
    const policy = new RegenerationOptimal(sc);
    expect(policy.name).toBe('regeneration-optimal');
    const a = policy.act(Float32Array.of(0.2, 0.4));
    const o = optimalPolicy(sc, [20, 40]);
    expect(a[0]).toBeCloseTo(o.K, 6);
    expect(a[1]).toBeCloseTo(o.tb, 5);
    expect(policy.cachedLoads).toBe(1);
    const again = policy.act(Float32Array.of(0.2, 0.4), { deterministic: true });
    expect(Array.from(again)).toEqual(Array.from(a));
    expect(policy.cachedLoads).toBe(1);
  });

  it('accepts a custom decoder and load scale', () => {
    const byScale = new RegenerationOptimal(sc, { loadScale: 10, search: { KGrid: [0, 0.5, 1], tbGrid: [0, 1, 2] } });
    const byDecoder = new RegenerationOptimal(sc, {
      decodeLoads: (obs) => [obs[0]!, obs[1]!],
      search: { KGrid: [0, 0.5, 1], tbGrid: [0, 1, 2] },
    });
    expect(Array.from(byScale.act(Float32Array.of(0.5, 0.3)))).toEqual(Array.from(byDecoder.act(Float32Array.of(5, 3))));
  });

  it('rejects a scenario outside the solver', () => {
    expect(() => new RegenerationOptimal(preset('hetero-4'))).toThrow(/two nodes/);
  });
});

describe('paperTable', () => {
  it('covers the five workloads with optimum no worse than blind balancing', () => {
    const rows = paperTable(sc, { KGrid: [0, 0.5, 1], tbGrid: [0, 1, 2, 4] });
    expect(rows.map((r) => r.loads)).toEqual([
      [100, 50],
      [50, 50],
      [20, 40],
      [70, 50],
      [100, 0],
    ]);
    for (const r of rows) expect(r.mu).toBeLessThanOrEqual(r.muBlind + 1e-12);
  });
});

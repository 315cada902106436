import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../envs/sim/compiled-scenario.js';
import type { Distribution } from '../../envs/sim/distributions.js';
import { simulateGeneral } from '../../envs/sim/engine.js';
import { newEpisodeResult } from '../../envs/sim/episode.js';
import { monteCarlo } from '../../envs/sim/monte-carlo.js';
import { preset } from '../../envs/sim/presets.js';
import type { Scenario } from '../../envs/sim/scenario.js';
import { simulateEpisode, simulateOnce } from '../../envs/sim/simulate.js';
import { createSimStreams } from '../../envs/sim/streams.js';
import { expectedMaxErlang } from '../helpers/stats.js';

const distArb: fc.Arbitrary<Distribution> = fc.oneof(
  fc.record({ family: fc.constant('exponential' as const), mean: fc.double({ min: 0.05, max: 3, noNaN: true }) }),
  fc.record({ family: fc.constant('deterministic' as const), mean: fc.double({ min: 0.05, max: 3, noNaN: true }) }),
  fc.record({ family: fc.constant('lognormal' as const), mean: fc.double({ min: 0.05, max: 3, noNaN: true }), cv: fc.double({ min: 0.1, max: 2, noNaN: true }) }),
  fc.record({ family: fc.constant('pareto' as const), mean: fc.double({ min: 0.05, max: 3, noNaN: true }), shape: fc.double({ min: 1.2, max: 4, noNaN: true }) }),
  fc.record({ family: fc.constant('empirical' as const), samples: fc.array(fc.double({ min: 0.01, max: 2, noNaN: true }), { minLength: 1, maxLength: 5 }) }),
);

const scenarioArb = fc.integer({ min: 2, max: 6 }).chain((n) =>
  fc.record({
    name: fc.constant('random'),
    nodes: fc.array(fc.record({ service: distArb }), { minLength: n, maxLength: n }),
    comm: distArb,
    transfer: fc.record({
      model: fc.oneof(
        fc.record({ kind: fc.constant('floor-linear' as const), dMin: fc.double({ min: 0.01, max: 1, noNaN: true }), d: fc.double({ min: 0, max: 1, noNaN: true }), beta: fc.double({ min: 0, max: 1, noNaN: true }) }),
        fc.record({ kind: fc.constant('affine' as const), dMin: fc.double({ min: 0.01, max: 1, noNaN: true }), d: fc.double({ min: 0, max: 0.5, noNaN: true }) }),
        fc.record({ kind: fc.constant('constant' as const), mean: fc.double({ min: 0.01, max: 2, noNaN: true }) }),
      ),
    }),
    averaging: fc.constantFrom('plain' as const, 'capacity-weighted' as const),
    unknownQueue: fc.constantFrom('zero' as const, 'own' as const),
    defaultLoads: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: n, maxLength: n }),
  }),
);

describe('general engine invariants (property-based)', () => {
  it('conserves tasks at every event and time never goes backwards', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 6, maxLength: 6 }),
        fc.array(fc.double({ min: 0, max: 8, noNaN: true }), { minLength: 6, maxLength: 6 }),
        fc.integer(),
        (scenario: Scenario, Ks, tbs, seed) => {
          const sc = compileScenario(scenario);
          const n = sc.n;
          const loads = scenario.defaultLoads;
          const initial = loads.reduce((a, b) => a + b, 0);
          let last = 0;
          let violations = 0;
          const r = simulateGeneral(
            sc,
            loads,
            { K: Ks.slice(0, n), tb: tbs.slice(0, n) },
            createSimStreams(seed, n),
            newEpisodeResult(n),
            (t, queues, inTransit, served) => {
              let q = 0;
              let s = 0;
              for (let i = 0; i < n; i++) {
                q += queues[i]!;
                s += served[i]!;
                if (queues[i]! < 0) violations++;
              }
              if (q + inTransit + s !== initial) violations++;
              if (t < last) violations++;
              last = t;
            },
          );
          expect(violations).toBe(0);
          let served = 0;
          for (let i = 0; i < n; i++) {
            served += r.served[i]!;
            expect(r.finishTimes[i]!).toBeLessThanOrEqual(r.completionTime);
            if (r.served[i] === 0) expect(r.finishTimes[i]).toBe(0);
            expect(r.moved[i * n + i]).toBe(0);
          }
          expect(served).toBe(initial);
          let moved = 0;
          for (const m of r.moved) moved += m;
          expect(moved).toBe(r.tasksMoved);
          expect(r.events).toBe(initial + n + r.moved.filter((m) => m > 0).length);
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });
});

describe('fast path invariants (property-based)', () => {
  it('serves every task, and never moves more than it had', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 8 }),
        fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 8, maxLength: 8 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        fc.integer(),
        (n, loadsAll, K, tb, seed) => {
          const scenario: Scenario = {
            ...preset('hetero-4'),
            nodes: Array.from({ length: n }, (_, i) => ({ service: { family: 'exponential', mean: 0.3 + 0.2 * i } })),
            defaultLoads: loadsAll.slice(0, n),
          };
          const loads = loadsAll.slice(0, n);
          const r = simulateOnce(scenario, loads, { K, tb }, seed, { engine: 'fast' });
          const initial = loads.reduce((a, b) => a + b, 0);
          expect(Array.from(r.served).reduce((a, b) => a + b, 0)).toBe(initial);
          for (let l = 0; l < n; l++) {
            let out = 0;
            for (let k = 0; k < n; k++) out += r.moved[l * n + k]!;
            expect(out).toBeLessThanOrEqual(Math.max(0, r.queuesAtBalance[l]! - 1));
            expect(r.finishTimes[l]!).toBeLessThanOrEqual(r.completionTime);
          }
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});

describe('determinism', () => {
  const sc = compileScenario(preset('wireless-lan'));
  for (const engine of ['fast', 'general'] as const) {
    it(`${engine}: same seed gives identical episodes, different seeds differ`, () => {
      const run = (seed: number) => {
        const s = createSimStreams(seed, 2);
        return Array.from({ length: 20 }, () => {
          const r = simulateEpisode(sc, [100, 50], { K: 0.9, tb: 0.2 }, s, { engine });
          return [r.completionTime, ...r.finishTimes, ...r.moved, ...r.informed];
        });
      };
      expect(run(5)).toEqual(run(5));
      expect(run(5)).not.toEqual(run(6));
    });
  }
});

describe('closed forms', () => {
  const wl = preset('wireless-lan');
  const [l1, l2] = [1 / 0.7847, 1 / 0.475];
  for (const engine of ['fast', 'general'] as const) {
    it(`${engine}: K = 0 gives E[max(Erlang(m, l1), Erlang(n, l2))]`, () => {
      const exact = expectedMaxErlang(30, l1, 20, l2);
      const r = monteCarlo(wl, [30, 20], { K: 0, tb: 3 }, { episodes: 100_000, seed: 11, engine });
      expect(Math.abs(r.meanCompletion - exact)).toBeLessThanOrEqual(4 * r.stdError);
      expect(r.meanTasksMoved).toBe(0);
    });
    it(`${engine}: one loaded node and K = 0 gives m / l1`, () => {
      const r = monteCarlo(wl, [40, 0], { K: 0, tb: 1 }, { episodes: 100_000, seed: 12, engine });
      expect(Math.abs(r.meanCompletion - 40 / l1)).toBeLessThanOrEqual(4 * r.stdError);
    });
    it(`${engine}: a node is informed at t_b with probability 1 - exp(-t_b / c)`, () => {
      const tb = 0.1;
      const p = 1 - Math.exp(-tb / 0.119);
      const episodes = 100_000;
      const r = monteCarlo(wl, [10, 10], { K: 1, tb }, { episodes, seed: 13, engine });
      const se = Math.sqrt((p * (1 - p)) / (2 * episodes));
      expect(Math.abs(r.informedFraction - p)).toBeLessThanOrEqual(4 * se);
    });
  }
  it('a node that finishes before t_b: completion is the slower node, nothing moves', () => {
    // 3 tasks at rate 2.1 and 2 at 1.27 finish long before t_b = 200 s.
    const r = monteCarlo(wl, [2, 3], { K: 1, tb: 200 }, { episodes: 50_000, seed: 14, engine: 'general' });
    expect(r.meanTasksMoved).toBe(0);
    const exact = expectedMaxErlang(2, l1, 3, l2);
    expect(Math.abs(r.meanCompletion - exact)).toBeLessThanOrEqual(4 * r.stdError);
    const f = monteCarlo(wl, [2, 3], { K: 1, tb: 200 }, { episodes: 50_000, seed: 14, engine: 'fast' });
    expect(Math.abs(f.meanCompletion - exact)).toBeLessThanOrEqual(4 * f.stdError);
  });
  it('blind full balancing moves floor(m/2) from each loaded node at t_b = 0', () => {
    const r = simulateOnce(wl, [100, 51], { K: 1, tb: 0 }, 1);
    expect(Array.from(r.moved)).toEqual([0, 50, 25, 0]);
    expect(Array.from(r.informed)).toEqual([0, 0, 0, 0]);
  });
});

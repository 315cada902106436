/**
 * The exact solver against the Monte-Carlo simulator: |analytic - MC| <= 3 SE
 * with 100,000 episodes per point and fixed seeds. The default run checks the
 * first points; `LBGYM_FULL=1 npx vitest run test/baselines/regeneration`
 * runs the whole matrix.
 */
import { describe, expect, it } from 'vitest';
import { monteCarlo } from '../../../envs/sim/monte-carlo.js';
import { preset } from '../../../envs/sim/presets.js';
import type { Scenario } from '../../../envs/sim/scenario.js';
import { expectedCompletion } from '../../../baselines/regeneration/index.js';

const FULL = process.env['LBGYM_FULL'] === '1';
const EPISODES = 100_000;

function wireless(patch: Partial<Scenario> = {}): Scenario {
  return { ...preset('wireless-lan'), ...patch };
}

interface Point {
  label: string;
  scenario: Scenario;
  loads: [number, number];
  K: number;
  tb: number;
}

const base = wireless();
const DEFAULT_POINTS: Point[] = [
  { label: 'blind full (100,50)', scenario: base, loads: [100, 50], K: 1, tb: 0 },
  { label: 'hybrid (100,50)', scenario: base, loads: [100, 50], K: 0.5, tb: 0.119 },
  { label: 'informed (100,50)', scenario: base, loads: [100, 50], K: 0.7, tb: 3 },
  { label: 'K=0 (100,50)', scenario: base, loads: [100, 50], K: 0, tb: 1 },
  { label: 'hybrid (50,50)', scenario: base, loads: [50, 50], K: 1, tb: 0.119 },
  { label: 'informed (20,40)', scenario: base, loads: [20, 40], K: 0.6, tb: 2 },
  { label: 'informed (70,50)', scenario: base, loads: [70, 50], K: 0.8, tb: 1 },
  { label: 'empty node 2 (100,0)', scenario: base, loads: [100, 0], K: 1, tb: 0 },
  { label: 'empty node 1 (0,40)', scenario: base, loads: [0, 40], K: 0.6, tb: 2 },
  { label: 'small (3,1)', scenario: base, loads: [3, 1], K: 1, tb: 0.5 },
  { label: 'small (5,5)', scenario: base, loads: [5, 5], K: 0.3, tb: 1 },
  {
    label: 'capacity-weighted (100,50)',
    scenario: wireless({ averaging: 'capacity-weighted' }),
    loads: [100, 50],
    K: 1,
    tb: 0.2,
  },
  { label: 'unknownQueue own (100,50)', scenario: wireless({ unknownQueue: 'own' }), loads: [100, 50], K: 1, tb: 0.119 },
  {
    label: 'affine transfer (20,40)',
    scenario: wireless({ transfer: { model: { kind: 'affine', dMin: 0.2, d: 0.1 } } }),
    loads: [20, 40],
    K: 1,
    tb: 0.1,
  },
];

const FULL_POINTS: Point[] = [
  { label: 'large (200,100)', scenario: base, loads: [200, 100], K: 0.9, tb: 1.5 },
  { label: 'late (100,0)', scenario: base, loads: [100, 0], K: 0.5, tb: 5 },
  { label: 'K=0 blind (50,50)', scenario: base, loads: [50, 50], K: 0, tb: 0 },
  { label: 'blind small (3,1)', scenario: base, loads: [3, 1], K: 0.5, tb: 0 },
  { label: 'informed (70,50)', scenario: base, loads: [70, 50], K: 1, tb: 4.5 },
  { label: 'blind (20,40)', scenario: base, loads: [20, 40], K: 1, tb: 0 },
  { label: 'one task (1,0)', scenario: base, loads: [1, 0], K: 1, tb: 0 },
  {
    label: 'constant transfer, other rates (60,10)',
    scenario: wireless({
      nodes: [
        { service: { family: 'exponential', mean: 0.5 } },
        { service: { family: 'exponential', mean: 1.5 } },
      ],
      transfer: { model: { kind: 'constant', mean: 2 } },
    }),
    loads: [60, 10],
    K: 0.75,
    tb: 0.8,
  },
  {
    label: 'per-pair comm delays (100,50)',
    scenario: wireless({
      commPairs: [
        [null, { family: 'exponential', mean: 0.05 }],
        [{ family: 'exponential', mean: 1 }, null],
      ],
    }),
    loads: [100, 50],
    K: 0.9,
    tb: 0.5,
  },
];

const POINTS = FULL ? [...DEFAULT_POINTS, ...FULL_POINTS] : DEFAULT_POINTS;

describe('exact solver agrees with the Monte-Carlo simulator', () => {
  POINTS.forEach((p, i) => {
    it(`${p.label}: K=${p.K}, t_b=${p.tb}`, () => {
      const mu = expectedCompletion(p.scenario, p.loads, { K: p.K, tb: p.tb });
      const mc = monteCarlo(p.scenario, p.loads, { K: p.K, tb: p.tb }, { episodes: EPISODES, seed: 1000 + i });
      expect(mc.engine).toBe('fast');
      expect(Math.abs(mu - mc.meanCompletion)).toBeLessThanOrEqual(3 * mc.stdError);
    });
  });
});

/**
 * The exact n-node solver (docs/model.md §3.8): against the environment's own
 * simulator (fast engine, 100,000 episodes per point, every measure within
 * 3 SE) on hetero-3 and a 4-node case across knowledge regimes; n = 2 through
 * the n-node code against the two-node solvers (1e-9); the stated tolerance
 * (1e-4 relative) by refinement; the several-batch law against the one-batch
 * tables; the optimum against a grid of exact values.
 */
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../../envs/sim/compiled-scenario.js';
import { newEpisodeResult } from '../../../envs/sim/episode.js';
import { preset } from '../../../envs/sim/presets.js';
import type { Scenario } from '../../../envs/sim/scenario.js';
import { simulateEpisode } from '../../../envs/sim/simulate.js';
import { createSimStreams } from '../../../envs/sim/streams.js';
import { fairnessIndices } from '../../../envs/one-shot-rewards.js';
import { nNodeModel } from '../../../baselines/regeneration/n-node-model.js';
import { NNodeSolver, type NNodeNumerics } from '../../../baselines/regeneration/n-node-solver.js';
import { nNodeGainsOptimum, nNodeRewardOptimum, nNodeRewardReport } from '../../../baselines/regeneration/n-node-api.js';
import { multiBatchLaw } from '../../../baselines/regeneration/multi-batch-completion.js';
import { survivalTable } from '../../../baselines/regeneration/node-completion.js';
import { panelGrid } from '../../../baselines/regeneration/quadrature.js';
import { RewardSolver } from '../../../baselines/regeneration/reward-solver.js';
import { twoNodeModel } from '../../../baselines/regeneration/two-node-model.js';

const EPISODES = 100_000;
const MEASURES = ['completionTime', 'jainFinish', 'jainBacklog', 'varianceFinish'] as const;

interface Point {
  label: string;
  scenario: Scenario;
  loads: number[];
  K: number | number[];
  tb: number;
}

function monteCarloMeasures(p: Point): Record<(typeof MEASURES)[number], { mean: number; se: number }> {
  const sc = compileScenario(p.scenario);
  const streams = createSimStreams(`n-node ${p.label}`, sc.n);
  const result = newEpisodeResult(sc.n);
  const scratch = new Float64Array(sc.n);
  const sum = new Float64Array(MEASURES.length);
  const sq = new Float64Array(MEASURES.length);
  // The action as the environment receives it (float32), as the exact API evaluates it.
  const action = { K: typeof p.K === 'number' ? Math.fround(p.K) : p.K.map((k) => Math.fround(k)), tb: Math.fround(p.tb) };
  for (let e = 0; e < EPISODES; e++) {
    simulateEpisode(sc, p.loads, action, streams, { engine: 'fast', result });
    const m = fairnessIndices(result, sc.rates, scratch);
    MEASURES.forEach((k, i) => {
      sum[i] = sum[i]! + m[k];
      sq[i] = sq[i]! + m[k] * m[k];
    });
  }
  const out = {} as Record<(typeof MEASURES)[number], { mean: number; se: number }>;
  MEASURES.forEach((k, i) => {
    const mean = sum[i]! / EPISODES;
    out[k] = { mean, se: Math.sqrt(Math.max(0, sq[i]! / EPISODES - mean * mean) / EPISODES) };
  });
  return out;
}

const h3 = preset('hetero-3');
const h4 = preset('hetero-4');
const POINTS: Point[] = [
  { label: 'hetero-3 blind full', scenario: h3, loads: [60, 30, 0], K: 1, tb: 0 },
  { label: 'hetero-3 hybrid', scenario: h3, loads: [60, 30, 0], K: 0.8, tb: 0.1 },
  { label: 'hetero-3 informed', scenario: h3, loads: [60, 30, 0], K: 0.7, tb: 2 },
  { label: 'hetero-3 per-node gains, hybrid', scenario: h3, loads: [40, 10, 25], K: [1, 0.5, 0.9], tb: 0.15 },
  { label: 'hetero-3 capacity-weighted', scenario: { ...h3, averaging: 'capacity-weighted' }, loads: [30, 30, 30], K: 1, tb: 0.3 },
  { label: '4 nodes blind', scenario: h4, loads: [40, 20, 10, 0], K: 1, tb: 0 },
  { label: '4 nodes hybrid', scenario: h4, loads: [40, 20, 10, 0], K: 0.9, tb: 0.08 },
  { label: '4 nodes informed', scenario: h4, loads: [40, 20, 10, 0], K: 0.6, tb: 1.5 },
];

describe('n-node exact measures against the simulator (100,000 episodes, 3 SE)', () => {
  for (const p of POINTS) {
    it(p.label, () => {
      const mc = monteCarloMeasures(p);
      const exact = nNodeRewardReport(p.scenario, p.loads, { K: p.K, tb: p.tb }, {}, {}, true);
      for (const k of MEASURES) {
        const { mean, se } = mc[k];
        expect(Math.abs(exact[k] - mean), `${k}: exact ${exact[k]} vs MC ${mean} +- ${se}`).toBeLessThanOrEqual(3 * se + 1e-9 * Math.abs(mean));
      }
    });
  }
});

describe('n = 2 through the n-node code', () => {
  const sc = preset('wireless-lan');
  const tight: NNodeNumerics = { stateEps: 1e-20 };
  const cases: [[number, number], number, number][] = [
    [[100, 50], 1, 0],
    [[100, 50], 0.5, 0.119],
    [[70, 50], 0.8, 1],
    [[20, 40], 0.6, 3],
    [[100, 0], 1, 0.2],
  ];
  for (const [loads, K, tb] of cases) {
    // E[J(T_1, T_2)] to 1e-7: the two-node solver neglects more of the kernel's smallest states (at most 2.5e-8 absolute).
    it(`equals the two-node solvers to 1e-9 (E[J] to 1e-7) at loads ${loads.join(',')}, K = ${K}, t_b = ${tb}`, () => {
      const two = new RewardSolver(twoNodeModel(sc), loads, { tbMin: tb, tbMax: tb, KMax: K }, {}, {}, true).measures(K, tb, null, true);
      const n = new NNodeSolver(nNodeModel(sc), loads, { tbMin: tb, tbMax: tb, KMax: K }, tight, true).measures(K, tb, null, true);
      for (const k of MEASURES) expect(Math.abs(n[k] - two[k]), `${k}: ${n[k]} vs ${two[k]}`).toBeLessThanOrEqual((k === 'jainFinish' ? 1e-7 : 1e-9) * Math.abs(two[k]));
    });
  }
});

describe('the stated tolerance (1e-4 relative) by refinement', () => {
  const cases: [Scenario, number[], number | number[], number][] = [
    [h3, [60, 30, 0], 1, 0],
    [h3, [60, 30, 0], 0.8, 0.1],
    [h3, [40, 10, 25], [1, 0.5, 0.9], 0.15],
    [h4, [40, 20, 10, 0], 0.9, 0.08],
  ];
  for (const [scenario, loads, K, tb] of cases) {
    it(`${scenario.name} ${loads.join(',')}, K = ${K}, t_b = ${tb}`, () => {
      const model = nNodeModel(scenario);
      const KMax = typeof K === 'number' ? K : Math.max(...K);
      const domain = { tbMin: tb, tbMax: tb, KMax };
      const base = new NNodeSolver(model, loads, domain, {}, true).measures(K, tb, null, true);
      // The smallest panel is the 12th edge (after 10 dyadic levels): halve it.
      const minWidth = new NNodeSolver(model, loads, domain, {}, true).grid.edges[11]!;
      const fine = new NNodeSolver(model, loads, domain, { stateEps: 1e-14, panelWidth: minWidth / 2, sigmaStep: 0.25 }, true).measures(K, tb, null, true);
      for (const k of MEASURES) expect(Math.abs(base[k] - fine[k]), `${k}: ${base[k]} vs refined ${fine[k]}`).toBeLessThanOrEqual(1e-4 * Math.abs(fine[k]));
    });
  }
});

describe('the several-batch law', () => {
  const grid = panelGrid(64, 0.4, 8, 4, 2);
  it('with one batch, equals the one-batch table', () => {
    const a = multiBatchLaw(2, [{ tasks: 5, theta: 1.3 }], 31, grid);
    const b = survivalTable(2, 5, 1.3, 31, grid);
    let worst = 0;
    for (let i = 0; i < b.rows.length; i++) worst = Math.max(worst, Math.abs(a.table.rows[i]! - b.rows[i]!));
    expect(worst).toBeLessThan(1e-12);
    for (let k = 0; k <= 31; k++) expect(a.table.means[k]).toBeCloseTo(b.means[k]!, 10);
  });
  it('its quadrature gives its exact mean, and a batch that arrives at once is kept work', () => {
    const two = multiBatchLaw(2, [{ tasks: 5, theta: 1.3 }, { tasks: 12, theta: 4 }], 31, grid);
    const G = grid.times.length;
    for (const k of [0, 7, 31]) {
      let q = 0;
      for (let i = 0; i < G; i++) q += grid.weights[i]! * two.table.rows[k * G + i]!;
      expect(Math.abs(q - two.table.means[k]!)).toBeLessThan(1e-6 * two.table.means[k]!);
    }
    // A batch of 4 tasks with a 1 ms mean delay: within a few ms of 4 more kept tasks and one batch.
    const instant = multiBatchLaw(2, [{ tasks: 4, theta: 1e-3 }, { tasks: 12, theta: 4 }], 31, grid);
    const one = survivalTable(2, 12, 4, 31, grid);
    expect(Math.abs(instant.table.means[3]! - one.means[7]!)).toBeLessThan(5e-3);
  });
});

describe('the n = 3 optimum', () => {
  it('over a common (K, t_b) is no worse than the best point of a grid, and per-node gains are no worse than it', () => {
    const loads = [20, 10, 0];
    const opt = nNodeRewardOptimum(h3, loads, {});
    let best = -Infinity;
    for (const K of [0, 0.2, 0.4, 0.6, 0.8, 1]) {
      for (const tb of [0, 0.05, 0.1, 0.3, 1, 2, 4, 8]) best = Math.max(best, nNodeRewardReport(h3, loads, { K, tb }).value);
    }
    expect(opt.value).toBeGreaterThanOrEqual(best - 1e-12);
    expect(nNodeRewardReport(h3, loads, { K: opt.K, tb: opt.tb }).value).toBeCloseTo(opt.value, 12);
    const gains = nNodeGainsOptimum(h3, loads, {});
    expect(gains.value).toBeGreaterThanOrEqual(opt.value - 1e-12);
    expect(nNodeRewardReport(h3, loads, { K: gains.K, tb: gains.tb }).value).toBeCloseTo(gains.value, 12);
  });
});

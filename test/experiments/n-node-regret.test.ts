/**
 * Exact regret for three nodes (experiments/regret.ts): the load grid, the
 * optimum's own actions have zero regret and no balancing has normalised
 * regret 1 on LB-OneShot-v0 with hetero-3; on LB-MultiAgent-v0 a common t_b
 * is evaluated exactly (per-node gains included) against the best common
 * (K, t_b) and against the best per-node gains, different instants by
 * Monte-Carlo; the two-node grid is unchanged.
 */
import { describe, expect, it } from 'vitest';
import { GRID_FRACTIONS, loadGrid, RegretEvaluator } from '../../experiments/regret.js';
import { nNodeRewardReport } from '../../baselines/regeneration/n-node-api.js';
import { preset } from '../../envs/sim/presets.js';

const LOADS = { kind: 'uniform', low: 0, high: 10 } as const;

describe('the load grid', () => {
  it('is the 5 x 5 grid for two nodes and 2^n + 1 points for more', () => {
    expect(loadGrid([100, 100])).toEqual(GRID_FRACTIONS.flatMap((a) => GRID_FRACTIONS.map((b) => [Math.round(100 * a), Math.round(100 * b)])));
    const g = loadGrid([10, 20, 30]);
    expect(g).toHaveLength(9);
    expect(g).toContainEqual([2, 4, 6]);
    expect(g).toContainEqual([8, 16, 24]);
    expect(g).toContainEqual([2, 16, 6]);
    expect(g[8]).toEqual([5, 10, 15]);
  });
});

describe('LB-OneShot-v0 on hetero-3', () => {
  const evaluator = RegretEvaluator.forOneShot({ scenario: 'hetero-3', loads: LOADS });
  if (typeof evaluator === 'string') throw new Error(evaluator);
  it('the optimum acting has zero regret, no balancing has normalised regret 1', () => {
    const optima = evaluator.optimum();
    const byObs = new Map(evaluator.grid.map((loads, i) => [loads.map((m) => Math.fround(m / 10)).join(','), optima[i]!]));
    const oracle = { name: 'oracle', act: (obs: Float32Array) => {
      const o = byObs.get(Array.from(obs).join(','))!;
      return Float32Array.of(o.K as number, o.tb);
    } };
    const r = evaluator.evaluate(oracle);
    expect(r.points).toHaveLength(9);
    expect(Math.abs(r.regret)).toBeLessThan(1e-6);
    const none = evaluator.evaluate({ name: 'none', act: () => Float32Array.of(0, 0) });
    expect(none.normalizedRegret).toBeCloseTo(1, 12);
    // Values are the exact solver's (float32 actions as the env).
    const p = none.points[3]!;
    expect(p.value).toBeCloseTo(nNodeRewardReport(preset('hetero-3'), p.loads, { K: 0, tb: 0 }).value, 12);
  });
});

describe('LB-MultiAgent-v0 on hetero-3', () => {
  const kwargs = { scenario: 'hetero-3', loads: LOADS, reward: 'completion' } as const;
  const common = RegretEvaluator.forMultiAgent(kwargs, 'common');
  const perNode = RegretEvaluator.forMultiAgent(kwargs, 'per-node');
  if (typeof common === 'string' || typeof perNode === 'string') throw new Error('no evaluator');
  it('labels its family, evaluates a common t_b exactly and different instants by Monte-Carlo', () => {
    expect(common.familyLabel()).toMatch(/best common \(K, t_b\)/);
    expect(perNode.familyLabel()).toMatch(/per-node gains/);
    // Per-node gains from the share observation, one common t_b: exact.
    const act = (_agent: string, obs: Float32Array): Float32Array => Float32Array.of(obs[1]! > 0.4 ? 0 : 1, 0.2);
    const a = common.evaluateAgents(act);
    expect(a.monteCarloPoints).toBe(0);
    const p = a.points[0]!;
    expect(p.value).toBeCloseTo(nNodeRewardReport(preset('hetero-3'), p.loads, { K: p.action.K, tb: 0.2 }).value, 12);
    const b = perNode.evaluateAgents(act);
    // The per-node gains optimum is at least the common one at every point.
    b.points.forEach((q, i) => expect(q.optimum.value).toBeGreaterThanOrEqual(a.points[i]!.optimum.value - 1e-12));
    expect(b.regret).toBeGreaterThanOrEqual(a.regret - 1e-12);
    const spread = common.evaluateAgents((agent) => Float32Array.of(1, agent === 'node0' ? 0.1 : 0.5));
    expect(spread.monteCarloPoints).toBe(9);
  });
  it('has no exact optimum for the per-node reward', () => {
    expect(RegretEvaluator.forMultiAgent({ ...kwargs, reward: 'per-node' }, 'common')).toMatch(/per-node/);
  });
});

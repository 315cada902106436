/**
 * The exact expected reward of every one-shot reward (reward-solver.ts,
 * reward-api.ts) against the Monte-Carlo of LB-OneShot-v0 itself, by
 * refinement, against independent quadrature, and the optimum against a
 * fine grid.
 */
import { describe, expect, it } from 'vitest';
import { OneShotEnv } from '../../../envs/one-shot-env.js';
import { ONE_SHOT_REWARDS, type OneShotReward, oneShotReward } from '../../../envs/one-shot-rewards.js';
import type { TargetRule } from '../../../envs/sim/balance.js';
import { preset } from '../../../envs/sim/presets.js';
import { erlangCdf, poissonPmf } from '../../../envs/sim/special.js';
import {
  expectedCompletion,
  expectedReward,
  expectedRewardReport,
  rewardCurve,
  rewardOptimum,
} from '../../../baselines/regeneration/index.js';
import { gaussLegendreUnit } from '../../../baselines/regeneration/quadrature.js';

const sc = preset('wireless-lan');
const EPISODES = 100_000;

interface Point {
  label: string;
  loads: [number, number];
  K: number;
  tb: number;
  target: TargetRule;
  alpha?: number;
}

const POINTS: Point[] = [
  { label: 'blind, K = 1', loads: [100, 50], K: 1, tb: 0, target: 'plain' },
  { label: 'hybrid', loads: [100, 50], K: 0.5, tb: 0.119, target: 'plain' },
  { label: 'informed', loads: [70, 50], K: 0.7, tb: 3, target: 'plain' },
  { label: 'K = 0', loads: [60, 20], K: 0, tb: 1, target: 'plain' },
  { label: 'a node empties before t_b', loads: [10, 5], K: 1, tb: 4, target: 'plain' },
  { label: 'capacity target', loads: [20, 40], K: 0.6, tb: 2, target: 'capacity' },
  { label: 'learned target, alpha = 0.4', loads: [70, 50], K: 0.8, tb: 1, target: 'learned', alpha: 0.4 },
  { label: 'small loads', loads: [3, 1], K: 1, tb: 0.5, target: 'plain' },
];

const MEASURES = ['completionTime', 'jainFinish', 'jainBacklog', 'varianceFinish'] as const;

/** Means and standard errors of the measures and of every reward over EPISODES episodes of the env. */
function monteCarloOfEnv(p: Point): Record<string, { mean: number; se: number }> {
  const env = new OneShotEnv({ scenario: sc, target: p.target });
  const action = Float32Array.from(p.alpha === undefined ? [p.K, p.tb] : [p.K, p.tb, p.alpha]);
  const keys = [...MEASURES, ...ONE_SHOT_REWARDS];
  const sum = new Map(keys.map((k) => [k, 0]));
  const sq = new Map(keys.map((k) => [k, 0]));
  env.reset({ seed: 11 });
  for (let e = 0; e < EPISODES; e++) {
    env.reset({ options: { loads: p.loads } });
    const { info } = env.step(action);
    const m = {
      completionTime: info['completionTime'] as number,
      jainFinish: info['jainFinish'] as number,
      jainBacklog: info['jainBacklog'] as number,
      varianceFinish: info['varianceFinish'] as number,
    };
    const values: Record<string, number> = { ...m };
    for (const r of ONE_SHOT_REWARDS) values[r] = oneShotReward(r, m, info['tRef'] as number, 0.5);
    for (const k of keys) {
      sum.set(k, sum.get(k)! + values[k]!);
      sq.set(k, sq.get(k)! + values[k]! ** 2);
    }
  }
  return Object.fromEntries(
    keys.map((k) => {
      const mean = sum.get(k)! / EPISODES;
      return [k, { mean, se: Math.sqrt(Math.max(0, sq.get(k)! / EPISODES - mean * mean) / EPISODES) }];
    }),
  );
}

describe('exact expected reward against the environment (100,000 episodes, 3 SE)', () => {
  for (const p of POINTS) {
    it(p.label, () => {
      const mc = monteCarloOfEnv(p);
      const action = p.alpha === undefined ? { K: p.K, tb: p.tb } : { K: p.K, tb: p.tb, alpha: p.alpha };
      const exact = expectedRewardReport(sc, p.loads, action, { target: p.target }, {}, {}, true);
      for (const k of MEASURES) {
        const { mean, se } = mc[k]!;
        expect(Math.abs(exact[k] - mean), `${k}: exact ${exact[k]} vs MC ${mean} +- ${se}`).toBeLessThanOrEqual(3 * se + 1e-12);
      }
      for (const reward of ONE_SHOT_REWARDS) {
        const value = expectedReward(sc, p.loads, action, { reward, target: p.target });
        const { mean, se } = mc[reward]!;
        expect(Math.abs(value - mean), `${reward}: exact ${value} vs MC ${mean} +- ${se}`).toBeLessThanOrEqual(3 * se + 1e-12);
      }
    });
  }
});

describe('numerical tolerance (1e-6 relative) by refinement', () => {
  const cases: [number[], number, number][] = [
    [[100, 50], 1, 0],
    [[100, 50], 0.7, 3],
    [[10, 5], 1, 4],
    [[2, 2], 0.3, 0],
    [[90, 10], 1, 0.05],
    [[1, 1], 1, 0.2],
  ];
  for (const [loads, K, tb] of cases) {
    it(`loads ${loads.join(',')}, K = ${K}, t_b = ${tb}`, () => {
      const a = expectedRewardReport(sc, loads, { K, tb }, {}, {}, {}, true);
      const b = expectedRewardReport(sc, loads, { K, tb }, {}, { panelWidth: 0.1, nodesPerPanel: 12, refineLevels: 16 }, { sigmaStep: 0.25 }, true);
      for (const k of MEASURES) expect(Math.abs(a[k] - b[k]) / Math.max(1e-12, Math.abs(b[k])), k).toBeLessThan(1e-6);
    });
  }
});

/** E[J(F_1, F_2)] for independent Erlang finish times by a plain 2-D Gauss–Legendre product rule (independent of the kernel). */
function jainOfErlangs(m: number, l1: number, n: number, l2: number): number {
  const rule = gaussLegendreUnit(20);
  const nodes: { t: number; w: number }[][] = [
    [m, l1],
    [n, l2],
  ].map(([k, rate]) => {
    const out: { t: number; w: number }[] = [];
    const width = 0.25;
    for (let p = 0; p < 800; p++) {
      for (let i = 0; i < rule.nodes.length; i++) {
        const t = (p + rule.nodes[i]!) * width;
        out.push({ t, w: rule.weights[i]! * width * rate! * poissonPmf(k! - 1, rate! * t) });
      }
    }
    return out;
  });
  let s = 0;
  for (const x of nodes[0]!) {
    if (x.w < 1e-300) continue;
    for (const y of nodes[1]!) s += x.w * y.w * ((x.t + y.t) ** 2 / (2 * (x.t * x.t + y.t * y.t)));
  }
  return s;
}

describe('edge laws', () => {
  it('K = 0 gives the no-balancing values, whatever t_b', () => {
    const rates = [1 / 0.7847, 1 / 0.475];
    const ref = jainOfErlangs(30, rates[0]!, 12, rates[1]!);
    for (const tb of [0, 1, 7]) {
      const r = expectedRewardReport(sc, [30, 12], { K: 0, tb }, {}, {}, {}, true);
      expect(Math.abs(r.jainFinish - ref) / ref).toBeLessThan(1e-6);
      expect(r.completionTime).toBeCloseTo(expectedCompletion(sc, [30, 12], { K: 0, tb: 0 }), 8);
      // Var of two independent Erlangs: (Var1 + Var2 + (m1 - m2)^2) / 4.
      const m1 = 30 / rates[0]!;
      const m2 = 12 / rates[1]!;
      const v = (30 / rates[0]! ** 2 + 12 / rates[1]! ** 2 + (m1 - m2) ** 2) / 4;
      expect(Math.abs(r.varianceFinish - v) / v).toBeLessThan(1e-9);
    }
  });

  it('jain-backlog tends to 1 as t_b passes the time both queues empty', () => {
    const values = [2, 6, 12, 25].map((tb) => expectedReward(sc, [5, 3], { K: 1, tb }, { reward: 'jain-backlog' }));
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThan(values[i - 1]!);
    const pNotBoth = 1 - erlangCdf(5, 1 / 0.7847, 25) * erlangCdf(3, 1 / 0.475, 25);
    expect(1 - values[3]!).toBeLessThanOrEqual(pNotBoth + 1e-12);
    expect(values[3]!).toBeGreaterThan(1 - 1e-6);
  });

  it('a float32 action is evaluated as the env receives it', () => {
    // K = 0.7 is 0.699999988 in float32: floor(0.7 * 10 + 1e-9) = 7 but floor(fround(0.7) * 10 + 1e-9) = 6.
    const loads = [30, 10];
    const exact32 = expectedReward(sc, loads, { K: 0.7, tb: 0 }, { reward: 'jain-backlog' });
    const exact64 = expectedReward(sc, loads, { K: Math.fround(0.7), tb: 0 }, { reward: 'jain-backlog' });
    expect(exact32).toBe(exact64);
  });

  it('alpha = 0 is the plain target and alpha = 1 the capacity target', () => {
    for (const reward of ['completion', 'variance', 'jain-backlog'] as OneShotReward[]) {
      const at = (target: TargetRule, alpha?: number): number =>
        expectedReward(sc, [60, 30], alpha === undefined ? { K: 0.9, tb: 0.4 } : { K: 0.9, tb: 0.4, alpha }, { reward, target });
      expect(at('learned', 0)).toBeCloseTo(at('plain'), 12);
      expect(at('learned', 1)).toBeCloseTo(at('capacity'), 12);
    }
  });
});

describe('the optimum', () => {
  const loads: [number, number] = [20, 10];
  for (const reward of ONE_SHOT_REWARDS) {
    it(`${reward}: no worse than the best point of a fine grid of exact values`, () => {
      const o = rewardOptimum(sc, loads, { reward });
      const KGrid = Array.from({ length: 21 }, (_, i) => i / 20);
      const tbGrid = Array.from({ length: 51 }, (_, i) => i / 5);
      let best = -Infinity;
      for (const K of KGrid) for (const p of rewardCurve(sc, loads, { K, tbGrid }, { reward })) best = Math.max(best, p.value);
      expect(o.value).toBeGreaterThanOrEqual(best - 1e-12);
      expect(o.value).toBeCloseTo(expectedReward(sc, loads, { K: o.K, tb: o.tb }, { reward }), 10);
    });
  }

  for (const reward of ['completion', 'variance', 'jain-backlog', 'jain-finish'] as OneShotReward[]) {
    it(`${reward}: the widest family's optimum is never worse than the plain or capacity one`, () => {
      const plain = rewardOptimum(sc, loads, { reward, target: 'plain' });
      const capacity = rewardOptimum(sc, loads, { reward, target: 'capacity' });
      const widest = rewardOptimum(sc, loads, { reward, target: 'learned' });
      expect(widest.alpha).toBeGreaterThanOrEqual(0);
      expect(widest.value).toBeGreaterThanOrEqual(Math.max(plain.value, capacity.value));
      expect(widest.value).toBeCloseTo(expectedReward(sc, loads, { K: widest.K, tb: widest.tb, alpha: widest.alpha! }, { reward, target: 'learned' }), 10);
    });
  }
});

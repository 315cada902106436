import { describe, expect, it } from 'vitest';
import { frontierAt, gridFrontier, paretoFront } from '../../experiments/frontier.js';
import { preset } from '../../envs/sim/presets.js';
import { expectedRewardReport, rewardOptimum } from '../../baselines/regeneration/index.js';
import { parseReportData } from '../../experiments/report/parse-report-data.js';
import { frontierChart } from '../../experiments/report/charts.js';
import { syntheticReport } from '../report/fixture.js';

describe('fairness/completion frontier', () => {
  it('paretoFront keeps exactly the non-dominated points, by increasing E[T]', () => {
    const pts = [
      { mu: 3, jain: 0.9 },
      { mu: 1, jain: 0.5 },
      { mu: 2, jain: 0.4 },
      { mu: 2, jain: 0.8 },
      { mu: 4, jain: 0.85 },
    ];
    expect(paretoFront(pts)).toEqual([
      { mu: 1, jain: 0.5 },
      { mu: 2, jain: 0.8 },
      { mu: 3, jain: 0.9 },
    ]);
  });

  it('at a load pair: exact points, the fastest near the completion optimum, the widest family dominating the plain one', () => {
    const sc = preset('wireless-lan');
    const { widest, plain } = frontierAt(sc, [20, 10], 10);
    for (const p of [...widest, ...plain]) {
      const r = expectedRewardReport(sc, [20, 10], { K: p.K!, tb: p.tb!, alpha: p.alpha! }, { target: 'learned' }, {}, {}, true);
      expect(r.completionTime).toBeCloseTo(p.mu, 9);
      expect(r.jainFinish).toBeCloseTo(p.jain, 9);
    }
    const muStar = rewardOptimum(sc, [20, 10], { target: 'learned' }).mu;
    expect(widest[0]!.mu).toBeGreaterThanOrEqual(muStar - 1e-9);
    expect(widest[0]!.mu / muStar - 1).toBeLessThan(0.02);
    // Every plain frontier point is matched or beaten by a widest-family point.
    for (const p of plain) expect(widest.some((q) => q.mu <= p.mu + 1e-12 && q.jain >= p.jain - 1e-12)).toBe(true);
  });

  it('over a grid: a monotone frontier, and it survives the report round trip and renders', () => {
    const sc = preset('wireless-lan');
    const overGrid = gridFrontier(sc, [[10, 5], [20, 10]], 10);
    for (let i = 1; i < overGrid.length; i++) {
      expect(overGrid[i]!.mu).toBeGreaterThan(overGrid[i - 1]!.mu);
      expect(overGrid[i]!.jain).toBeGreaterThan(overGrid[i - 1]!.jain);
    }
    const est = (m: number) => ({ mean: m, stdError: 0.1, ci95: [m - 0.2, m + 0.2] as [number, number] });
    const data = {
      ...syntheticReport(),
      frontier: { loads: [20, 10], atLoads: overGrid, atLoadsPlain: overGrid, overGrid, policies: [{ name: 'p', kind: 'agent' as const, mu: est(12), jain: est(0.9), gridMu: 9, gridJain: 0.95 }] },
    };
    const back = parseReportData(JSON.parse(JSON.stringify(data)), 'frontier.json');
    expect(back.frontier).toEqual(data.frontier);
    expect(frontierChart(back.frontier!, 'loads')).toBeDefined();
    expect(frontierChart(back.frontier!, 'grid')).toBeDefined();
  });
});

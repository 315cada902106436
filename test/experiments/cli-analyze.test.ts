import { describe, expect, it } from 'vitest';
import { expectedCompletion, nNodeRewardOptimum, nNodeRewardReport } from '../../baselines/regeneration/index.js';
import { preset } from '../../envs/sim/presets.js';
import { lastJson, runCli, runCliInProcess } from '../helpers/cli.js';

describe('lbgym analyze', () => {
  it('a point prints {"mu"} equal to the library value', () => {
    const r = runCli(['analyze', '--loads', '20,10', '--K', '0.9', '--tb', '1', '--json']);
    expect(r.code).toBe(0);
    const j = lastJson(r.stdout);
    expect(j['mu']).toBeCloseTo(expectedCompletion(preset('wireless-lan'), [20, 10], { K: 0.9, tb: 1 }), 10);
  });
  it('the optimum prints K, tb, mu and seconds', () => {
    const j = lastJson(runCli(['analyze', '--loads', '10,5', '--json']).stdout);
    for (const k of ['K', 'tb', 'mu', 'seconds']) expect(typeof j[k]).toBe('number');
    expect(j['K'] as number).toBeGreaterThanOrEqual(0);
    expect(j['K'] as number).toBeLessThanOrEqual(1);
  });
  it('curves print points over t_b or K', () => {
    const tb = lastJson(runCli(['analyze', '--loads', '10,5', '--K', '1', '--curve', 'tb', '--tb-max', '2', '--json']).stdout);
    const pts = tb['points'] as { tb: number; mu: number }[];
    expect(pts).toHaveLength(21);
    expect(pts[20]!.tb).toBe(2);
    const k = lastJson(runCli(['analyze', '--loads', '10,5', '--tb', '0.5', '--curve', 'K', '--json']).stdout);
    expect((k['points'] as { K: number }[]).map((p) => p.K)[20]).toBe(1);
  });
  it('the paper table has the five workloads', () => {
    const j = lastJson(runCli(['analyze', '--paper-table', '--json']).stdout);
    const rows = j['rows'] as { loads: number[]; mu: number; muBlind: number }[];
    expect(rows.map((r) => r.loads.join(','))).toEqual(['100,50', '50,50', '20,40', '70,50', '100,0']);
    for (const r of rows) expect(r.mu).toBeLessThanOrEqual(r.muBlind + 1e-9);
  });
  it('three nodes: a point with per-node gains is the n-node solver\'s value, the optimum names its family', () => {
    const p = lastJson(runCli(['analyze', '--preset', 'hetero-3', '--loads', '8,4,0', '--K', '1,0.5,0', '--tb', '0.2', '--json']).stdout);
    const exact = nNodeRewardReport(preset('hetero-3'), [8, 4, 0], { K: [1, 0.5, 0], tb: 0.2 }, {}, {}, true);
    expect(p['mu']).toBeCloseTo(exact.completionTime, 12);
    expect((p['measures'] as Record<string, number>)['jainFinish']).toBeCloseTo(exact.jainFinish, 12);
    const o = lastJson(runCli(['analyze', '--preset', 'hetero-3', '--loads', '8,4,0', '--json']).stdout);
    expect(o['family']).toBe('common (K, t_b)');
    expect(o['value']).toBeCloseTo(nNodeRewardOptimum(preset('hetero-3'), [8, 4, 0]).value, 12);
  });
  const bad: [string[], RegExp][] = [
    [['analyze', '--preset', 'hetero-3', '--K', '1', '--curve', 'tb'], /--curve: curves are for two nodes \(the scenario has 3\)/],
    [['analyze', '--preset', 'hetero-3', '--K', '1,0.5', '--tb', '0.2'], /--K: expected one gain or 3 \(one per node\)/],
    [['analyze', '--preset', 'hetero-3', '--per-node-gains', '--K', '1'], /give both --K and --tb/],
    [['analyze', '--per-node-gains'], /--per-node-gains: needs three or more nodes/],
    [['analyze', '--K', '0.5'], /give both --K and --tb/],
    [['analyze', '--curve', 'tb'], /--curve tb: give the gain with --K/],
    [['analyze', '--curve', 'x', '--K', '1'], /--curve: expected one of tb, K/],
    [['analyze', '--loads', '1,2,3'], /--loads: expected 2 values/],
  ];
  for (const [args, re] of bad) {
    it(`exits 2: ${args.join(' ')}`, async () => {
      const r = await runCliInProcess(args, process.cwd());
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(re);
    });
  }
});

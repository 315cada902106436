import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lastJson, runCliInProcess } from '../helpers/cli.js';

describe('lbgym sweep', () => {
  it('runs settings x seeds on worker threads, one run directory each, and summarises across seeds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lbgym-sweep-'));
    const file = join(dir, 'sweep.json');
    writeFileSync(
      file,
      JSON.stringify({
        env: 'LB-OneShot-v0',
        algo: 'reinforce',
        envKwargs: { loads: { kind: 'fixed', loads: [40, 20] } },
        base: { totalSteps: 64, numSteps: 32 },
        grid: { learningRate: [0.001, 0.003] },
        seeds: [1, 2],
        logdir: join(dir, 'runs'),
      }),
    );
    const r = await runCliInProcess(['sweep', '--config', file, '--workers', '2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = lastJson(r.stdout) as { rows: { setting: Record<string, number>; seeds: number[]; runs: string[]; finalReturn: { mean: number; ci95: number[] } }[]; failures: unknown[] };
    expect(j.failures).toEqual([]);
    expect(j.rows.map((x) => x.setting['learningRate'])).toEqual([0.001, 0.003]);
    for (const row of j.rows) {
      expect([...row.seeds].sort()).toEqual([1, 2]);
      expect(new Set(row.runs).size).toBe(2);
      for (const run of row.runs) expect(existsSync(join(run, 'summary.json'))).toBe(true);
      expect(row.finalReturn.ci95).toHaveLength(2);
    }
    expect(readFileSync(join(dir, 'runs', 'sweep.csv'), 'utf8').split('\n')[0]).toMatch(/^setting,seeds,final_return/);
  });
  it('rejects a bad sweep file by name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lbgym-sweep-bad-'));
    const file = join(dir, 'sweep.json');
    writeFileSync(file, JSON.stringify({ env: 'LB-OneShot-v0', algo: 'ppo', grid: { learningRate: [] } }));
    const r = await runCliInProcess(['sweep', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/grid\.learningRate must be a non-empty array/);
  });
});

describe('multi-agent: lbgym train --algo mappo, eval, compare', () => {
  it('trains MAPPO on LB-MultiAgent-v0 and compares it with per-node rules', async () => {
    const logdir = mkdtempSync(join(tmpdir(), 'lbgym-mappo-'));
    const t = await runCliInProcess(['train', '--env', 'LB-MultiAgent-v0', '--algo', 'mappo', '--total-steps', '256', '--num-steps', '128', '--logdir', logdir, '--json', '--quiet']);
    expect(t.code, t.stderr).toBe(0);
    const run = lastJson(t.stdout)['runDir'] as string;
    const e = await runCliInProcess(['eval', '--run', run, '--episodes', '20', '--json']);
    expect(e.code, e.stderr).toBe(0);
    expect(lastJson(e.stdout)).toHaveProperty('meanCompletion');
    const c = await runCliInProcess(['compare', '--run', run, '--episodes', '20', '--out', join(logdir, 'cmp'), '--json']);
    expect(c.code, c.stderr).toBe(0);
    const names = (lastJson(c.stdout)['rows'] as { name: string }[]).map((r) => r.name);
    expect(names.slice(1)).toEqual(['no-balancing', 'blind-full', 'informed-full', 'random']);
  });
});

describe('DQN on a discrete-action environment (Park)', () => {
  it('trains on the Discrete action space as it is and evaluates', async () => {
    const logdir = mkdtempSync(join(tmpdir(), 'lbgym-park-'));
    const t = await runCliInProcess(['train', '--env', 'Park-LoadBalance-v0', '--algo', 'dqn', '--total-steps', '1200', '--learning-starts', '200', '--train-frequency', '100', '--logdir', logdir, '--json', '--quiet']);
    expect(t.code, t.stderr).toBe(0);
    const run = lastJson(t.stdout)['runDir'] as string;
    const e = await runCliInProcess(['eval', '--run', run, '--episodes', '1', '--json']);
    expect(e.code, e.stderr).toBe(0);
    expect(lastJson(e.stdout)['meanReturn'] as number).toBeLessThan(0);
  });
});

describe('compare on the multi-dispatcher environment', () => {
  it('runs every dispatcher with the same classic rule; SED is fairer than ECMP', async () => {
    const out = mkdtempSync(join(tmpdir(), 'lbgym-dm-'));
    const r = await runCliInProcess(['compare', '--env', 'LB-DispatchMulti-v0', '--episodes', '2', '--baselines', 'ecmp,sed', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = lastJson(r.stdout)['rows'] as { name: string; meanReturn: number }[];
    expect(rows.map((x) => x.name)).toEqual(['ecmp', 'sed']);
    expect(rows[1]!.meanReturn).toBeGreaterThan(rows[0]!.meanReturn);
  });
});

/** `lbgym sweep --ray`: the trial plan mirrors the local sweep's jobs; misuse is refused before any work (the cluster run itself: python/tests/test_ray.py). */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rayPlan } from '../../experiments/ray-sweep.js';
import { type SweepFile, sweepJobs } from '../../experiments/sweep.js';
import { runCliInProcess } from '../helpers/cli.js';

const FILE: SweepFile = { env: 'LB-OneShot-v0', algo: 'ppo', envKwargs: { reward: 'variance' }, base: { totalSteps: 512 }, grid: { learningRate: [0.0003, 0.001] }, seeds: [1, 2] };

describe('lbgym sweep --ray', () => {
  it('plans one lbgym train config per (setting, seed), in the local sweep order', () => {
    const jobs = sweepJobs(FILE, 'runs/x');
    const plan = rayPlan(FILE, '127.0.0.1:6379', 'runs/x', jobs);
    expect(plan.jobs.map((j) => [j.setting, j.seed])).toEqual(jobs.map((j) => [j.setting, j.seed]));
    expect(plan.jobs[3]!.train).toEqual({ env: 'LB-OneShot-v0', algo: 'ppo', envKwargs: { reward: 'variance' }, backend: 'auto', logdir: resolve('runs/x', 'trial-3'), totalSteps: 512, learningRate: 0.001, seed: 2 });
    expect(plan.logdir).toBe(resolve('runs/x'));
  });

  it('refuses misuse with exit 2 before any directory exists', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lbgym-ray-'));
    writeFileSync(join(dir, 'eval.json'), JSON.stringify({ ...FILE, logdir: join(dir, 'out'), evaluate: { episodes: 2 } }));
    const cases: [string[], RegExp][] = [
      [['sweep', '--ray', '127.0.0.1:1', '--config', join(dir, 'eval.json')], /"evaluate" is not supported with --ray/],
      [['sweep', '--ray', '127.0.0.1:1', '--resume', dir], /--resume: not with --ray/],
      [['sweep', '--config', join(dir, 'eval.json'), '--ray-scheduler', 'asha'], /--ray-scheduler: only with --ray/],
      [['sweep', '--config', join(dir, 'eval.json'), '--ray', 'x', '--ray-scheduler', 'hyperband'], /--ray-scheduler: must be asha, got "hyperband"/],
    ];
    for (const [args, message] of cases) {
      const r = await runCliInProcess(args, dir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(readdirSync(dir)).toEqual(['eval.json']);
  });
});

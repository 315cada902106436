/**
 * One exit-code contract: every input the user could have got right exits 2
 * with one line naming the flag, field or file, no stack trace, and no new or
 * changed file (the working directory's tree is hashed before and after).
 * Each case runs the CLI in this process, in a fresh directory holding the
 * fixtures below.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { preset } from '../../envs/sim/presets.js';
import { runCliInProcess } from '../helpers/cli.js';
import { expectUsageError } from '../helpers/usage-error.js';


function fixtures(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lbgym-usage-'));
  const lognormal = { ...preset('wireless-lan'), nodes: preset('wireless-lan').nodes.map((n) => ({ ...n, service: { family: 'lognormal', mean: 0.5, cv: 0.8 } })) };
  writeFileSync(join(dir, 'lognormal.json'), JSON.stringify(lognormal));
  writeFileSync(join(dir, 'typo.json'), JSON.stringify({ ...preset('wireless-lan'), defaultLoads: undefined, defualtLoads: [10, 10] }));
  writeFileSync(join(dir, 'node-typo.json'), JSON.stringify({ ...preset('wireless-lan'), nodes: [{ service: { family: 'exponential', mean: 1 } }, { service: { family: 'exponential', mean: 1, cv: 2 } }] }));
  writeFileSync(join(dir, 'existing-file'), 'not a directory\n');
  writeFileSync(join(dir, 'sweep-env.json'), JSON.stringify({ env: 'LB-OneShot-v9', algo: 'ppo', base: { totalSteps: 2048 }, grid: { learningRate: [0.001, 0.01] }, seeds: [1, 2], logdir: 'runs/sweep' }));
  writeFileSync(join(dir, 'sweep-algo.json'), JSON.stringify({ env: 'LB-OneShot-v0', algo: 'mappo', base: { totalSteps: 2048 }, grid: { learningRate: [0.001, 0.01] }, seeds: [1, 2], logdir: 'runs/sweep' }));
  writeFileSync(join(dir, 'sweep-kwargs.json'), JSON.stringify({ env: 'LB-OneShot-v0', algo: 'ppo', envKwargs: { rewrd: 'variance' }, base: { totalSteps: 2048 }, grid: { learningRate: [0.001] }, seeds: [1, 2], logdir: 'runs/sweep' }));
  mkdirSync(join(dir, 'runs'));
  return dir;
}

/** [argv, the message the one line must match]. */
const CASES: [string[], RegExp][] = [
  // simulate
  [['simulate', '--scenario', 'lognormal.json', '--engine', 'fast', '--episodes', '10'], /--engine: .*fast.*exponential/],
  [['simulate', '--loads', '1e300,1', '--episodes', '10'], /--loads\[0\]: expected an integer in \[0, 1000000\]/],
  [['simulate', '--scenario', 'typo.json'], /typo\.json\.defualtLoads: unknown key \(did you mean "defaultLoads"\?\)/],
  [['simulate', '--scenario', 'node-typo.json'], /node-typo\.json\.nodes\[1\]\.service\.cv: unknown key/],
  // analyze
  [['analyze', '--loads', '5000,10'], /loads\[0\]: expected at most 4000 tasks per node/],
  [['analyze', '--loads', '1e12,1'], /--loads\[0\]: expected an integer in \[0, 1000000\]/],
  [['analyze', '--loads', '1e9,1', '--K', '1', '--tb', '0'], /--loads\[0\]: expected an integer in \[0, 1000000\]/],
  [['analyze', '--loads', '100,50', '--K', '1', '--curve', 'tb', '--tb-max', '1e12'], /--tb-max: expected a number in \(0, 1000\]|--tb-max: expected a number in \[/],
  // train
  [['train', '--env', 'LB-OneShot-v0', '--algo', 'dqn', '--bins', '11', '--total-steps', '64', '--logdir', 'runs'], /--bins: expected 2 values \(one per action dimension\)/],
  [['train', '--env', 'LB-OneShot-v0', '--algo', 'ppo', '--env-kwargs', '{"rewrd":"jain-finish"}', '--total-steps', '64', '--logdir', 'runs'], /--env-kwargs: rewrd: unknown key \(did you mean "reward"\?\)/],
  [['train', '--env', 'LB-OneShot-v0', '--algo', 'ppo', '--env-kwargs', '{"scenario":{"name":"x"}}', '--total-steps', '64', '--logdir', 'runs'], /scenario\.nodes: expected an array/],
  [['train', '--env', 'LB-OneShot-v9', '--algo', 'ppo', '--total-steps', '64', '--logdir', 'runs'], /LB-OneShot-v9/],
  [['train', '--env', 'LB-OneShot-v0', '--algo', 'a2c', '--total-steps', '64', '--logdir', 'runs'], /--algo: expected one of/],
  [['train', '--env', 'Park-LoadBalance-v0', '--algo', 'sac', '--total-steps', '64', '--logdir', 'runs'], /--algo: sac needs a continuous \(Box\) action space; Park-LoadBalance-v0 has Discrete\(10\)/],
  [['train', '--env', 'LB-OneShot-v0', '--algo', 'sac', '--tau', '2', '--total-steps', '64', '--logdir', 'runs'], /sac config: field 'tau' = 2 is above the maximum 1/],
  [['train', '--env', 'LB-OneShot-v0', '--algo', 'sac', '--gradient-steps', '0', '--total-steps', '64', '--logdir', 'runs'], /field 'gradientSteps' = 0 is below the minimum 1/],
  [['train', '--env', 'LB-OneShot-v0', '--algo', 'ppo', '--policy-lr', '0.1', '--total-steps', '64', '--logdir', 'runs'], /--policy-lr: not a setting of ppo \(it belongs to sac\)/],
  [['train', '--env', 'LB-OneShot-v0', '--algo', 'ppo', '--env-kwargs', '{"tbMax":1e12}', '--total-steps', '64', '--logdir', 'runs'], /tbMax: expected a number in \(0, 1000\]|tbMax: expected a number in \[/],
  // compare
  [['compare', '--env', 'LB-OneShot-v0', '--episodes', '10', '--out', 'existing-file'], /--out: .*existing-file.*not a directory/],
  [['compare', '--env', 'LB-OneShot-v0', '--episodes', '10', '--baselines', ',', '--out', 'reports/x'], /--baselines: expected comma-separated baseline names/],
  [['compare', '--env', 'LB-OneShot-v0', '--episodes', '10', '--baselines', 'regeneration-optimul', '--out', 'reports/x'], /regeneration-optimul/],
  [['compare', '--env', 'LB-OneShot-v0', '--episodes', '1', '--loads', '0.5', '--out', 'reports/x'], /--loads: LB-OneShot-v0 has no load kwarg/],
  [['compare', '--env', 'LB-Dispatch-v0', '--episodes', '1', '--loads', '0.5,0', '--out', 'reports/x'], /--loads: expected load levels > 0/],
  [['compare', '--env', 'LB-Dispatch-v0', '--episodes', '1', '--loads', '0.5,x', '--out', 'reports/x'], /--loads: expected a number/],
  [['compare', '--env', 'LB-Dispatch-v0', '--episodes', '1', '--loads', '0.5,200', '--baselines', 'sed', '--out', 'reports/x'], /: load: expected a number in \(0, 100\], got 200/],
  [['compare', '--env', 'LB-Dispatch-v0', '--episodes', '1', '--env-kwargs', '{"preset":"marl-7"}', '--out', 'reports/x'], /: preset: .*LB-DispatchMulti-v0/],
  // sweep: refused before any worker or directory
  [['sweep', '--config', 'sweep-env.json'], /env.*LB-OneShot-v9/],
  [['sweep', '--config', 'sweep-algo.json'], /mappo/],
  [['sweep', '--config', 'sweep-kwargs.json'], /rewrd: unknown key \(did you mean "reward"\?\)/],
];

describe('usage errors: exit 2, one line naming the culprit, nothing written', () => {
  for (const [argv, message] of CASES) {
    it(argv.join(' '), async () => {
      await expectUsageError(argv, fixtures(), message);
    });
  }
});

describe('statistics with one sample', () => {
  it('simulate --episodes 1 says "n = 1, no CI" instead of a zero-width interval', async () => {
    const dir = fixtures();
    const r = await runCliInProcess(['simulate', '--episodes', '1'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/n = 1, no CI/);
    const j = await runCliInProcess(['simulate', '--episodes', '1', '--json'], dir);
    expect(JSON.parse(j.stdout.trim().split('\n').pop()!)['ci95']).toBeNull();
  });
});

describe('library functions throw ConfigErrors naming their option fields (the CLI shows the flags)', () => {
  it('runTraining, runComparison and loadSweepState', async () => {
    const { runTraining } = await import('../../experiments/train-run.js');
    const { runComparison } = await import('../../experiments/compare.js');
    const { loadSweepState } = await import('../../experiments/sweep.js');
    const { ConfigError } = await import('../../envs/sim/validation.js');
    const { flagMessage } = await import('../../experiments/cli/errors.js');
    const cases: [() => unknown, string, RegExp][] = [
      [() => runTraining({ envId: 'LB-OneShot-v0', algo: 'a2c' as 'ppo', config: {}, progress: false }), 'algo', /^algo: expected one of/],
      [() => runTraining({ envId: 'Nope-v0', algo: 'ppo', config: {}, progress: false }), 'envId', /^envId: /],
      [() => runComparison({ envId: 'Nope-v0', episodes: 1 }), 'envId', /^envId: /],
      [() => runComparison({ episodes: 1 }), 'envId', /^envId: required when no runs are given/],
      [() => loadSweepState(fixtures()), 'resume', /^resume: .* is not a sweep directory/],
    ];
    for (const [call, field, message] of cases) {
      const e = await Promise.resolve().then(call).then(() => undefined, (err: unknown) => err);
      expect(e, field).toBeInstanceOf(ConfigError);
      expect((e as InstanceType<typeof ConfigError>).field).toBe(field);
      expect((e as Error).message).toMatch(message);
      expect(flagMessage(e as InstanceType<typeof ConfigError>)).toMatch(/^--(algo|env|resume): /);
    }
  });
});

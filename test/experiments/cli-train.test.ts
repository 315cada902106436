import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHistograms, readScalars, readTexts } from '../../experiments/tensorboard/event-reader.js';
import { readMetricsCsv } from '../../experiments/runs/metrics-csv.js';
import { lastJson, runCliInProcess } from '../helpers/cli.js';

const TINY = ['--total-steps', '512', '--num-steps', '128', '--num-minibatches', '4', '--update-epochs', '2', '--eval-every', '2', '--checkpoint-every', '2', '--quiet'];

describe('lbgym train + eval + compare (tiny end-to-end run)', () => {
  const logdir = mkdtempSync(join(tmpdir(), 'lbgym-train-'));
  let runDir = '';

  it('train writes a complete run directory and a JSON summary', async () => {
    // A short list of load pairs keeps the exact optima (one solve per pair) cheap in compare.
    const envKwargs = JSON.stringify({ loads: { kind: 'list', loads: [[40, 20], [20, 40], [60, 30], [10, 50]] } });
    const r = await runCliInProcess(['train', '--env', 'LB-OneShot-v0', '--algo', 'ppo', '--seed', '3', '--logdir', logdir, '--env-kwargs', envKwargs, '--json', ...TINY]);
    expect(r.code, r.stderr).toBe(0);
    const j = lastJson(r.stdout);
    for (const k of ['runDir', 'steps', 'seconds', 'finalReturn', 'regret']) expect(j).toHaveProperty(k);
    runDir = j['runDir'] as string;
    expect(runDir.split('/').pop()).toMatch(/^LB-OneShot-v0__ppo__3__\d+$/);
    expect(j['steps']).toBe(512);
    const files = readdirSync(runDir);
    expect(files).toEqual(expect.arrayContaining(['config.json', 'metrics.csv', 'summary.json', 'checkpoint', 'model']));
    expect(files.some((f) => f.startsWith('events.out.tfevents.'))).toBe(true);
    const config = JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(config['backend']!['backend']).toMatch(/wasm|cpu|tensorflow/);
    expect(config['config']!['learningRate']).toBeTypeOf('number');
    const rows = readMetricsCsv(join(runDir, 'metrics.csv'));
    expect(rows).toHaveLength(4);
    expect(rows.map((x) => x.step)).toEqual([128, 256, 384, 512]);
    expect(rows[1]!.regret).toBeTypeOf('number');
    const tags = new Set(readScalars(runDir).map((s) => s.tag));
    for (const t of ['charts/episodic_return', 'charts/SPS', 'charts/completion_time', 'charts/jain', 'charts/regret', 'losses/value_loss', 'losses/policy_loss', 'losses/entropy', 'losses/approx_kl', 'losses/clipfrac', 'losses/explained_variance']) {
      expect(tags.has(t), t).toBe(true);
    }
    expect(new Set(readHistograms(runDir).map((h) => h.tag))).toEqual(new Set(['charts/K', 'charts/t_b']));
    expect(readTexts(runDir).some((t) => t.tag === 'config')).toBe(true);
  });

  it('never overwrites a run: the same second gets a new directory', async () => {
    const a = lastJson((await runCliInProcess(['train', '--env', 'LB-OneShot-v0', '--algo', 'reinforce', '--seed', '1', '--logdir', logdir, '--json', '--total-steps', '64', '--num-steps', '32', '--quiet'])).stdout);
    const b = lastJson((await runCliInProcess(['train', '--env', 'LB-OneShot-v0', '--algo', 'reinforce', '--seed', '1', '--logdir', logdir, '--json', '--total-steps', '64', '--num-steps', '32', '--quiet'])).stdout);
    expect(a['runDir']).not.toBe(b['runDir']);
  });

  it('eval reports return, completion time, fairness and regret', async () => {
    const r = await runCliInProcess(['eval', '--run', runDir, '--episodes', '200', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = lastJson(r.stdout);
    for (const k of ['meanReturn', 'meanCompletion', 'completionCi95', 'jain', 'regret']) expect(j).toHaveProperty(k);
    // Progress on stderr (a line per 5 s and the last one when not a terminal); --quiet silences it.
    expect(r.stderr).toMatch(/100% 200\/200 episodes/);
    expect((await runCliInProcess(['eval', '--run', runDir, '--episodes', '20', '--quiet', '--json'])).stderr).toBe('');
  });

  it('compare writes the report files and ranks the optimum first in completion time', async () => {
    const out = join(logdir, 'report');
    const r = await runCliInProcess(['compare', '--run', runDir, '--baselines', 'regeneration-optimal,no-balancing,blind-full', '--episodes', '200', '--no-curves', '--out', out, '--logdir', logdir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/100% 4\/4 policies/);
    const j = lastJson(r.stdout);
    const rows = j['rows'] as { name: string; meanCompletion: number; regret?: number }[];
    expect(rows.map((x) => x.name)).toEqual([runDir.split('/').pop(), 'regeneration-optimal', 'no-balancing', 'blind-full']);
    const opt = rows[1]!;
    expect(opt.regret!).toBeLessThan(1e-4); // float32 actions round t_b slightly
    for (const f of ['report.html', 'comparison.json', 'comparison.md', 'comparison.csv']) expect(existsSync(join(out, f))).toBe(true);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/<svg/);
    // Baselines became TensorBoard runs next to the agent.
    expect(readdirSync(logdir).some((d) => d.includes('baseline-no-balancing'))).toBe(true);
  });

  it('a config file sets fields; flags override it', async () => {
    const cfg = join(logdir, 'cfg.json');
    writeFileSync(cfg, JSON.stringify({ env: 'LB-OneShot-v0', algo: 'ppo', learningRate: 0.005, envKwargs: { reward: 'variance' } }));
    const j = lastJson((await runCliInProcess(['train', '--config', cfg, '--seed', '2', '--logdir', logdir, '--json', ...TINY, '--total-steps', '128'])).stdout);
    const config = JSON.parse(readFileSync(join(j['runDir'] as string, 'config.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(config['config']!['learningRate']).toBe(0.005);
    expect(config['config']!['seed']).toBe(2);
    expect(config['envKwargs']).toEqual({ reward: 'variance' });
  });
});

describe('lbgym train: bad usage exits 2 with a one-line message', () => {
  const cases: [string[], RegExp][] = [
    [['train', '--algo', 'ppo'], /--env: required/],
    [['train', '--env', 'LB-OneShot-v0', '--algo', 'a2c'], /--algo: expected one of ppo, reinforce, dqn, mappo, sac, got "a2c"/],
    [['train', '--env', 'Nope-v0', '--algo', 'ppo'], /--env: .*Nope-v0/],
    [['train', '--env', 'LB-OneShot-v0', '--algo', 'ppo', '--learning-rate', 'fast'], /--learning-rate: expected a number, got "fast"/],
    [['train', '--env', 'LB-OneShot-v0', '--algo', 'dqn', '--clip-coef', '0.1'], /--clip-coef: not a setting of dqn/],
    [['train', '--env', 'LB-OneShot-v0', '--algo', 'ppo', '--env-kwargs', '{bad'], /--env-kwargs: expected a JSON object/],
    [['train', '--env', 'LB-OneShot-v0', '--algo', 'ppo', '--env-kwargs', '{"reward":"speed"}'], /--env-kwargs: reward: expected one of completion/],
    [['train', '--env', 'LB-OneShot-v0', '--algo', 'ppo', '--gamma', '2'], /gamma.*2/],
    [['train', '--env', 'LB-MultiAgent-v0', '--algo', 'ppo'], /multi-agent \(use mappo or sac\)/],
    [['train', '--env', 'Park-LoadBalance-v0', '--algo', 'ppo'], /ppo needs a continuous \(Box\) action space; Park-LoadBalance-v0 has Discrete\(10\) \(use dqn\)/],
    [['train', '--resume', '/no/such/run'], /--resume: expected a readable file/],
    [['eval'], /--run: required/],
    [['compare', '--run', '/no/such/run'], /--run: \/no\/such\/run is not a run directory/],
    [['compare'], /--env: required when no --run is given/],
    [['sweep'], /--config: required/],
  ];
  // In this process (no child start-up per case); the CLI's child-process path is covered above.
  for (const [args, re] of cases) {
    it(args.join(' '), async () => {
      const r = await runCliInProcess(args, process.cwd());
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(re);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });
  }
});

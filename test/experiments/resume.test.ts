import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMetricsCsv, type MetricRow } from '../../experiments/runs/metrics-csv.js';
import { runTraining, type TrainRunOptions } from '../../experiments/train-run.js';

/** Everything but wall-clock columns. */
function comparable(rows: MetricRow[]): MetricRow[] {
  return rows.map(({ seconds: _s, sps: _sps, ...rest }) => rest);
}

describe('--resume: an interrupted run resumed from its checkpoint ends like an uninterrupted one', () => {
  // The dispatch cases cut in mid-episode (200 decisions each), so the env's
  // state and the time limit's step count must come back exactly.
  const cases: { name: string; envId: string; algo: TrainRunOptions['algo']; config: Record<string, unknown>; cut: number }[] = [
    { name: 'ppo', envId: 'LB-OneShot-v0', algo: 'ppo', config: { seed: 4, totalSteps: 512, numSteps: 128, numMinibatches: 4, updateEpochs: 2 }, cut: 2 },
    { name: 'dqn', envId: 'LB-OneShot-v0', algo: 'dqn', config: { seed: 4, totalSteps: 600, learningStarts: 100, trainFrequency: 50, batchSize: 32, targetNetworkFrequency: 100 }, cut: 6 },
    { name: 'ppo on LB-Dispatch-v0', envId: 'LB-Dispatch-v0', algo: 'ppo', config: { seed: 4, totalSteps: 384, numEnvs: 2, numSteps: 48, numMinibatches: 2, updateEpochs: 1 }, cut: 2 },
    { name: 'mappo on LB-DispatchMulti-v0', envId: 'LB-DispatchMulti-v0', algo: 'mappo', config: { seed: 4, totalSteps: 320, numEnvs: 2, numSteps: 40, numMinibatches: 2, updateEpochs: 1 }, cut: 2 },
    { name: 'sac on LB-DispatchMulti-v0', envId: 'LB-DispatchMulti-v0', algo: 'sac', config: { seed: 4, totalSteps: 240, learningStarts: 60, trainFrequency: 30, gradientSteps: 2, batchSize: 16 }, cut: 4 },
  ];
  for (const { name, envId, algo, config, cut } of cases) {
    it(name, async () => {
      const logdir = mkdtempSync(join(tmpdir(), `lbgym-resume-${algo}-`));
      const base: TrainRunOptions = { envId, algo, config, logdir, backend: 'wasm', progress: false, evalEvery: 1000, checkpointEvery: 1000 };
      const full = await runTraining(base);
      let polls = 0;
      const interrupted = await runTraining({ ...base, shouldStop: () => ++polls > cut });
      expect(interrupted.stopped).toBe(true);
      expect(interrupted.updates).toBe(cut);
      const resumed = await runTraining({ ...base, resume: interrupted.runDir });
      expect(resumed.runDir).toBe(interrupted.runDir);
      expect(resumed.stopped).toBe(false);
      const a = comparable(readMetricsCsv(join(full.runDir, 'metrics.csv')));
      const b = comparable(readMetricsCsv(join(resumed.runDir, 'metrics.csv')));
      expect(b.length).toBe(a.length);
      for (let i = 0; i < a.length; i++) {
        for (const [k, v] of Object.entries(a[i]!)) {
          const w = (b[i] as Record<string, number>)[k]!;
          expect(Math.abs(w - v), `row ${i} ${k}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(v)));
        }
      }
      expect(resumed.finalReturn).toBeCloseTo(full.finalReturn!, 6);
      const summary = JSON.parse(readFileSync(join(resumed.runDir, 'summary.json'), 'utf8')) as { steps: number };
      expect(summary.steps).toBe(full.steps);
    });
  }
});

describe('Ctrl-C during lbgym train', () => {
  it('writes a checkpoint, flushes the logs and exits 130; --resume then finishes the run', async () => {
    const { spawn } = await import('node:child_process');
    const { existsSync } = await import('node:fs');
    const { fileURLToPath } = await import('node:url');
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const logdir = mkdtempSync(join(tmpdir(), 'lbgym-sigint-'));
    const args = ['--import', 'tsx', `${root}/experiments/cli.ts`, 'train', '--env', 'LB-OneShot-v0', '--algo', 'ppo', '--total-steps', '200000', '--num-steps', '128', '--num-minibatches', '4', '--update-epochs', '1', '--eval-every', '1000', '--logdir', logdir, '--json', '--quiet'];
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setInterval(() => {
        const runs = existsSync(logdir) ? readdirSync(logdir) : [];
        const csv = runs.length > 0 ? join(logdir, runs[0]!, 'metrics.csv') : '';
        if (csv !== '' && existsSync(csv) && readFileSync(csv, 'utf8').trim().split('\n').length >= 3) {
          clearInterval(timer);
          child.kill('SIGINT');
        }
      }, 100);
      child.on('exit', (c) => {
        clearInterval(timer);
        resolve(c);
      });
    });
    expect(code).toBe(130);
    const summary = JSON.parse(stdout.trim().split('\n').pop()!) as { runDir: string; stopped: boolean; steps: number };
    expect(summary.stopped).toBe(true);
    expect(summary.steps).toBeLessThan(200000);
    expect(existsSync(join(summary.runDir, 'checkpoint', 'agent.json'))).toBe(true);
    const rows = readMetricsCsv(join(summary.runDir, 'metrics.csv'));
    expect(rows[rows.length - 1]!.step).toBe(summary.steps);
    const resumed = await runTraining({ envId: '', algo: 'ppo', config: { totalSteps: summary.steps + 256 }, resume: summary.runDir, progress: false });
    expect(resumed.steps).toBe(summary.steps + 256);
    expect(resumed.stopped).toBe(false);
  });
});

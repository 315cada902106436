import { mkdtempSync, readFileSync } from 'node:fs';
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
  for (const algo of ['ppo', 'dqn'] as const) {
    it(algo, async () => {
      const logdir = mkdtempSync(join(tmpdir(), `lbgym-resume-${algo}-`));
      const config =
        algo === 'ppo'
          ? { seed: 4, totalSteps: 512, numSteps: 128, numMinibatches: 4, updateEpochs: 2 }
          : { seed: 4, totalSteps: 600, learningStarts: 100, trainFrequency: 50, batchSize: 32, targetNetworkFrequency: 100 };
      const base: TrainRunOptions = { envId: 'LB-OneShot-v0', algo, config, logdir, backend: 'wasm', progress: false, evalEvery: 1000, checkpointEvery: 1000 };
      const full = await runTraining(base);
      let polls = 0;
      const cut = algo === 'ppo' ? 2 : 6;
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

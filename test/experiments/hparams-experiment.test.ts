/**
 * One HParams experiment per runs/ folder: no run writes its own experiment
 * summary (TensorBoard then builds the experiment from every run's session:
 * checked with TensorBoard 2.x's hparams backend, see the README), and each
 * run's session carries its hyperparameters, group and final metrics.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHparamsPluginData, readRunHparams, readScalars } from '../../experiments/tensorboard/event-reader.js';
import { runCliInProcess } from '../helpers/cli.js';

describe('HParams across the runs of a folder', () => {
  it('every run is a session of one experiment, with its own hyperparameters and hparams/* metrics', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lbgym-hparams-'));
    for (const lr of ['0.001', '0.003']) {
      const r = await runCliInProcess(['train', '--env', 'LB-OneShot-v0', '--algo', 'ppo', '--total-steps', '1024', '--num-steps', '512', '--learning-rate', lr, '--logdir', 'runs', '--quiet'], dir);
      expect(r.code, r.stderr).toBe(0);
    }
    const runs = readdirSync(join(dir, 'runs')).sort();
    expect(runs).toHaveLength(2);
    const rates = runs.map((run) => {
      const path = join(dir, 'runs', run);
      expect(readHparamsPluginData(path).map((d) => d.kind)).toEqual(['sessionStartInfo', 'sessionEndInfo']);
      const hp = readRunHparams(path);
      expect(hp.groupName).toBe(run);
      expect(hp.status).toBe('success');
      const tags = new Set(readScalars(path).map((s) => s.tag));
      for (const tag of ['hparams/final_return', 'hparams/regret', 'hparams/normalized_regret']) expect(tags.has(tag), tag).toBe(true);
      return hp.hparams?.['learningRate'];
    });
    expect(rates.sort()).toEqual([0.001, 0.003]);
  });
});

/**
 * compare with trained runs: the learning curve ends at the run's final exact
 * evaluation (so the curve and the table agree), and baseline TensorBoard runs
 * are written once per baseline and configuration, not once per compare.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runComparison } from '../../experiments/compare.js';
import { runCliInProcess } from '../helpers/cli.js';

describe('compare with trained runs', () => {
  it('ends the learning curve at the final evaluation and keeps one baseline run per configuration', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lbgym-compare-runs-'));
    const r = await runCliInProcess(['train', '--env', 'LB-OneShot-v0', '--algo', 'ppo', '--total-steps', '1536', '--num-steps', '512', '--eval-every', '2', '--logdir', 'runs', '--quiet', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const runDir = join(dir, (JSON.parse(r.stdout.trim().split('\n').pop()!) as { runDir: string }).runDir);
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as { steps: number; regret: number };
    const options = { runs: [runDir], baselines: ['no-balancing', 'blind-full'], episodes: 20, seed: 3, curves: false, logdir: join(dir, 'tb') };
    const data = await runComparison(options);
    const rows = data.learning[0]!.rows;
    const last = rows[rows.length - 1]!;
    expect(last.step).toBe(summary.steps);
    expect(last.regret).toBe(summary.regret);
    // The same configuration twice: the same two baseline directories.
    const first = readdirSync(join(dir, 'tb')).sort();
    await runComparison(options);
    expect(readdirSync(join(dir, 'tb')).sort()).toEqual(first);
    expect(first.filter((d) => d.includes('__baseline-'))).toHaveLength(2);
    // Another configuration: its own directories.
    await runComparison({ ...options, seed: 4 });
    expect(readdirSync(join(dir, 'tb')).filter((d) => d.includes('__baseline-'))).toHaveLength(4);
  });
});

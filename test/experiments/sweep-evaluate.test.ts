/**
 * A sweep with `evaluate` evaluates every finished run on the same episodes
 * and summarises each metric across seeds (Student's t): the family's
 * headline metrics appear in the table and `eval_*` columns in sweep.csv;
 * each run's figures are those `evaluateRun` gives it alone. A bad
 * `evaluate` is a usage error before any work.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateRun } from '../../experiments/policy-loader.js';
import { estimate } from '../../experiments/evaluate.js';
import { loadSweepFile, sweepJobs, type SweepResult } from '../../experiments/sweep.js';
import { readdirSync } from 'node:fs';
import { runCliInProcess } from '../helpers/cli.js';
import { treeHash } from '../helpers/tree-hash.js';

const sweepFile = { env: 'LB-Dispatch-v0', algo: 'ppo', base: { totalSteps: 256, numSteps: 128, numMinibatches: 2, updateEpochs: 1 }, seeds: [1, 2], logdir: 'sweep', evaluate: { episodes: 2, seed: 7 } };

describe('sweep evaluate', () => {
  it('evaluates each run and gives the metrics across seeds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lbgym-sweep-eval-'));
    writeFileSync(join(dir, 'sweep.json'), JSON.stringify(sweepFile));
    const r = await runCliInProcess(['sweep', '--config', 'sweep.json', '--workers', '2'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/eval jainSojourn \[95% CI\].*eval mean response \(s\) \[95% CI\].*eval p99 response \(s\) \[95% CI\]/);
    const result = JSON.parse(readFileSync(join(dir, 'sweep', 'sweep.json'), 'utf8')) as SweepResult;
    expect(result.env).toBe('LB-Dispatch-v0');
    const row = result.rows[0]!;
    expect(row.seeds).toHaveLength(2);
    const perRun = await Promise.all(row.runs.map((run) => evaluateRun(join(dir, run), 2, 7)));
    for (const key of ["return", "jainSojourn", "meanResponseTime", "p99ResponseTime"]) {
      const want = estimate(perRun.map((e) => e[key]!));
      expect(row.evaluation?.[key]?.mean, key).toBeCloseTo(want.mean, 10);
      expect(row.evaluation?.[key]?.ci95[1], key).toBeCloseTo(want.ci95[1], 10);
    }
    const [header, line] = readFileSync(join(dir, 'sweep', 'sweep.csv'), 'utf8').trim().split('\n');
    const cols = header!.split(',');
    expect(cols.slice(0, 13).join(',')).toBe('setting,seeds,final_return,final_return_ci_low,final_return_ci_high,regret,regret_ci_low,regret_ci_high,seconds,normalized_regret,normalized_regret_ci_low,normalized_regret_ci_high,unfinished');
    expect(cols).toContain('eval_jainSojourn_ci_high');
    // The setting, {}, needs no quotes: the line splits on commas.
    const cells = line!.split(',');
    expect(cells[0]).toBe('{}');
    expect(Number(cells[cols.indexOf('eval_jainSojourn')])).toBeCloseTo(row.evaluation!['jainSojourn']!.mean, 12);
  });

  for (const [evaluate, message] of [
    [{ episodes: 0 }, /"evaluate\.episodes" must be an integer in \[1, 1000000\], got 0/],
    [{ episodes: 2, seeds: 3 }, /evaluate.*seeds.*unknown key/],
    [{ episodes: 2, seed: -1 }, /"evaluate\.seed" must be an integer >= 0, got -1/],
  ] as const) {
    it(`refuses evaluate ${JSON.stringify(evaluate)}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'lbgym-sweep-eval-bad-'));
      writeFileSync(join(dir, 'sweep.json'), JSON.stringify({ ...sweepFile, evaluate }));
      const before = treeHash(dir);
      const r = await runCliInProcess(['sweep', '--config', 'sweep.json'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(treeHash(dir)).toBe(before);
    });
  }

  it("the README's result sweeps (docs/results/) are valid sweep files that evaluate", () => {
    const files = readdirSync('docs/results').filter((f) => f.endsWith('.json'));
    expect(files.length).toBe(21);
    for (const f of files) {
      const file = loadSweepFile(join('docs/results', f));
      expect(file.evaluate?.episodes, f).toBeGreaterThan(0);
      expect(sweepJobs(file, 'unused')).toHaveLength(5);
    }
  });
});

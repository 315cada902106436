/** `compare --loads`: every policy at each load level, per-load tables and the fairness-against-load figure. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runComparison } from '../../experiments/compare.js';
import { loadSweepChart } from '../../experiments/report/charts.js';
import { parseReportData } from '../../experiments/report/parse-report-data.js';
import { writeReport } from '../../experiments/report/write-report.js';

describe('compare --loads', () => {
  it('evaluates every rule at each load of a preset, and the report plots fairness against load', async () => {
    const data = await runComparison({
      envId: 'LB-Dispatch-v0',
      envKwargs: { preset: 'rlb-2', smoothing: 0.9 },
      baselines: ['ecmp', 'sed'],
      episodes: 2,
      seed: 3,
      loads: [0.5, 1.0],
    });
    const sweep = data.loadSweep!;
    expect(sweep.fairness.key).toBe('jainSojourn');
    expect(sweep.levels.map((l) => l.load)).toEqual([0.5, 1.0]);
    for (const level of sweep.levels) expect(level.rows.map((r) => r.name)).toEqual(['ecmp', 'sed']);
    const at = (load: number, name: string, key: string): number => sweep.levels.find((l) => l.load === load)!.rows.find((r) => r.name === name)!.metrics[key]!.mean;
    // The offered load is the level's: twice the tasks at load 1 as at 0.5 (about 600 and 1,200 per episode).
    const arrivedRatio = at(1.0, 'sed', 'arrived') / at(0.5, 'sed', 'arrived');
    expect(Math.abs(arrivedRatio - 2)).toBeLessThan(0.25);
    expect(at(1.0, 'sed', 'meanResponseTime')).toBeGreaterThan(at(0.5, 'sed', 'meanResponseTime'));
    expect(at(1.0, 'sed', 'jainSojourn')).toBeGreaterThan(at(1.0, 'ecmp', 'jainSojourn'));
    // The main table stays the comparison at the kwargs' own load (0.9).
    expect(data.rows.map((r) => r.name)).toEqual(['ecmp', 'sed']);
    expect(data.rows[1]!.metrics['arrived']!.mean).not.toBe(at(1.0, 'sed', 'arrived'));

    const spec = loadSweepChart(sweep, 'jainSojourn', 'jainSojourn');
    expect(JSON.stringify(spec)).toContain('"field":"load"');
    const dir = mkdtempSync(join(tmpdir(), 'lbgym-loads-'));
    const files = await writeReport(dir, data);
    const html = readFileSync(files.html, 'utf8');
    expect(html).toContain('id="fairness-load"');
    expect(html).toContain('Comparison at load 1');
    expect(readFileSync(files.md, 'utf8')).toContain('## Load 0.5');
    // comparison.json reads back (lbgym report --from DIR).
    const back = parseReportData(JSON.parse(readFileSync(files.json, 'utf8')) as unknown, files.json);
    expect(back.loadSweep?.levels.length).toBe(2);
    expect(back.loadSweep?.levels[1]!.rows[1]!.metrics['jainSojourn']!.mean).toBe(at(1.0, 'sed', 'jainSojourn'));
    expect(() => parseReportData({ ...JSON.parse(readFileSync(files.json, 'utf8')), loadSweep: { fairness: { key: 'x', title: 'x' }, levels: [{ load: 'a', rows: [] }] } }, 'c.json')).toThrow(/c\.json: loadSweep\.levels\[0\]\.load/);
  });

  it('runs on the multi-dispatcher presets', async () => {
    const data = await runComparison({ envId: 'LB-DispatchMulti-v0', envKwargs: { preset: 'marl-7' }, baselines: ['lsq'], episodes: 1, seed: 1, loads: [0.7] });
    expect(data.loadSweep!.levels[0]!.rows[0]!.metrics['jainSojourn']!.mean).toBeGreaterThan(0.5);
  });

  it('refuses envs without a load kwarg', async () => {
    await expect(runComparison({ envId: 'LB-OneShot-v0', episodes: 1, baselines: ['no-balancing'], loads: [0.5] })).rejects.toThrow(/^loads: LB-OneShot-v0 has no load kwarg/);
  });
});

import { describe, expect, it } from 'vitest';
import { comparisonTableCells, formatEstimate, formatPercent, formatValue } from '../../experiments/report/comparison-table.js';
import { COMPARISON_CSV_COLUMNS, comparisonCsv } from '../../experiments/report/csv.js';
import { comparisonMarkdown, comparisonMarkdownTable } from '../../experiments/report/markdown.js';
import { syntheticReport } from './fixture.js';

const data = syntheticReport();

describe('comparison table formats', () => {
  it('formats values, percents and estimates', () => {
    expect(formatValue(81.34567)).toBe('81.35');
    expect(formatValue(Number.NaN)).toBe('n/a');
    expect(formatPercent(0.0213)).toBe('2.13%');
    expect(formatPercent(undefined)).toBe('—');
    expect(formatEstimate({ mean: 10, stdError: 1, ci95: [8.04, 11.96] })).toBe('10 [8.04, 11.96]');
    expect(formatEstimate({ mean: 10, stdError: Number.NaN, ci95: [Number.NaN, Number.NaN] })).toBe('10');
    expect(formatEstimate(undefined)).toBe('—');
  });

  it('cells follow the headers', () => {
    const { headers, cells } = comparisonTableCells(data.rows);
    expect(headers).toEqual(['policy', 'kind', 'mean completion (s) [95% CI]', 'regret', 'normalized regret', 'gap', 'Jain', 'mean return [95% CI]']);
    expect(cells[1]).toEqual(['ppo <seed 1> & "co"', 'agent', '81.3 [80.61, 81.99]', '1.23%', '4.56%', '1.50%', '0.95', '-81.3 [-81.99, -80.61]']);
    expect(cells[2]![3]).toBe('—');
  });

  it('markdown: one line per row, pipes escaped', () => {
    const md = comparisonMarkdownTable([{ ...data.rows[0]!, name: 'a|b' }]);
    const lines = md.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('| policy | kind | mean completion (s) [95% CI] | regret | normalized regret | gap | Jain | mean return [95% CI] |');
    expect(lines[2]).toContain('| a\\|b | baseline |');
    const doc = comparisonMarkdown(data);
    expect(doc.startsWith('# LB-OneShot-v0 <comparison> & friends\n')).toBe(true);
    expect(doc).toContain('- seed: 7, episodes per policy: 1000');
    expect(doc.split('\n').filter((l) => l.startsWith('| ')).length).toBe(2 + data.rows.length);
  });

  it('CSV: stable columns, raw numbers, quoted names, empty cells for absent or NaN', () => {
    const csv = comparisonCsv(data.rows).trimEnd().split('\n');
    expect(csv[0]).toBe(COMPARISON_CSV_COLUMNS.join(','));
    expect(csv[0]).toBe('name,kind,mean_completion,ci_low,ci_high,regret,gap,jain,mean_return,normalized_regret');
    expect(csv[1]).toBe(`regeneration-optimal,baseline,80.1,${80.1 - 1.96 * 0.3},${80.1 + 1.96 * 0.3},0,0,0.97,-80.1,`);
    expect(csv[2]!.startsWith('"ppo <seed 1> & ""co""",agent,81.3,')).toBe(true);
    expect(csv[3]).toBe('no-balancing,baseline,95,,,,,,-95,');
    expect(csv[2]!.endsWith(',0.0456')).toBe(true);
  });
});

describe('comparison table per environment family', () => {
  const est = (mean: number) => ({ mean, stdError: 0.01, ci95: [mean - 0.02, mean + 0.02] as [number, number] });
  const row = (name: string, metrics: Record<string, ReturnType<typeof est>>) => ({ name, kind: 'baseline' as const, meanReturn: est(-1), metrics });
  it('dispatch: jainSojourn, mean and p99 response are columns', () => {
    const { headers, cells } = comparisonTableCells([row('sed', { jainSojourn: est(0.954), meanResponseTime: est(1.5), p99ResponseTime: est(9) })], 'LB-Dispatch-v0');
    expect(headers).toEqual(['policy', 'kind', 'jainSojourn [95% CI]', 'mean response (s) [95% CI]', 'p99 response (s) [95% CI]', 'mean return [95% CI]']);
    expect(cells[0]).toEqual(['sed', 'baseline', '0.954 [0.934, 0.974]', '1.5 [1.48, 1.52]', '9 [8.98, 9.02]', '-1 [-1.02, -0.98]']);
  });
  it('dynamic: mean response and lost tasks', () => {
    const { headers, cells } = comparisonTableCells([row('jsq', { meanResponseTime: est(5.88), lost: est(3) })], 'LB-Dynamic-v0');
    expect(headers.slice(2, 4)).toEqual(['mean response (s) [95% CI]', 'lost tasks [95% CI]']);
    expect(cells[0]!.slice(2, 4)).toEqual(['5.88 [5.86, 5.9]', '3 [2.98, 3.02]']);
  });
});

describe('percent format', () => {
  it('shows no sign for noise below the last digit', () => {
    expect(formatPercent(-1e-12)).toBe('0.00%');
    expect(formatPercent(-0.0001)).toBe('-0.01%');
    expect(formatPercent(0.0157)).toBe('1.57%');
  });
});

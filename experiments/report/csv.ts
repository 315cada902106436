/**
 * The comparison as CSV (comparison.csv) with stable columns. Numbers are
 * written in full precision; absent or non-finite values are empty cells.
 * Fields containing a comma, quote or newline are quoted (RFC 4180).
 */
import type { ComparisonRow } from './report-data.js';

export const COMPARISON_CSV_COLUMNS = ['name', 'kind', 'mean_completion', 'ci_low', 'ci_high', 'regret', 'gap', 'jain', 'mean_return', 'normalized_regret'] as const;

function field(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function comparisonCsv(rows: ComparisonRow[]): string {
  const lines = rows.map((r) =>
    [
      r.name,
      r.kind,
      r.meanCompletion?.mean,
      r.meanCompletion?.ci95[0],
      r.meanCompletion?.ci95[1],
      r.regret,
      r.gap,
      r.jain?.mean,
      r.meanReturn.mean,
      r.normalizedRegret,
    ]
      .map(field)
      .join(','),
  );
  return `${[COMPARISON_CSV_COLUMNS.join(','), ...lines].join('\n')}\n`;
}

/**
 * The comparison table as text cells: one definition of its columns and
 * number formats, shared by the HTML report, comparison.md and the console
 * (pass `headers` and `cells` to `table()` of experiments/cli/output.ts).
 * Absent values are shown as an em dash, values that could not be estimated
 * (NaN) as `n/a`.
 */
import type { ComparisonRow, Estimate } from './report-data.js';

export const ABSENT = '—';
export const NOT_AVAILABLE = 'n/a';

export const COMPARISON_HEADERS = ['policy', 'kind', 'mean completion (s) [95% CI]', 'regret', 'gap', 'Jain', 'mean return [95% CI]'] as const;

/** `x` with 4 significant digits (`n/a` for NaN). */
export function formatValue(x: number): string {
  if (Number.isNaN(x)) return NOT_AVAILABLE;
  if (!Number.isFinite(x)) return String(x);
  return String(Number(x.toPrecision(4)));
}

/** A fraction as a percentage with two decimals: 0.0213 -> `2.13%`. */
export function formatPercent(x: number | undefined): string {
  if (x === undefined) return ABSENT;
  if (Number.isNaN(x)) return NOT_AVAILABLE;
  return `${(100 * x).toFixed(2)}%`;
}

/** `mean [low, high]`, or just the mean when the interval is unknown. */
export function formatEstimate(e: Estimate | undefined): string {
  if (e === undefined) return ABSENT;
  const [lo, hi] = e.ci95;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return formatValue(e.mean);
  return `${formatValue(e.mean)} [${formatValue(lo)}, ${formatValue(hi)}]`;
}

/** The cells of one row, in `COMPARISON_HEADERS` order. */
export function comparisonCells(row: ComparisonRow): string[] {
  return [
    row.name,
    row.kind,
    formatEstimate(row.meanCompletion),
    formatPercent(row.regret),
    formatPercent(row.gap),
    row.jain === undefined ? ABSENT : formatValue(row.jain.mean),
    formatEstimate(row.meanReturn),
  ];
}

/** Headers and cells of the whole table. */
export function comparisonTableCells(rows: ComparisonRow[]): { headers: string[]; cells: string[][] } {
  return { headers: [...COMPARISON_HEADERS], cells: rows.map(comparisonCells) };
}

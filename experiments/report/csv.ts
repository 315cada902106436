/** The comparison as CSV (comparison.csv) with stable columns, in lbgym's CSV dialect (experiments/csv-format.ts). */
import { csvTable } from '../csv-format.js';
import type { ComparisonRow } from './report-data.js';

export const COMPARISON_CSV_COLUMNS = ['name', 'kind', 'mean_completion', 'ci_low', 'ci_high', 'regret', 'gap', 'jain', 'mean_return', 'normalized_regret'] as const;

export function comparisonCsv(rows: ComparisonRow[]): string {
  return csvTable(
    COMPARISON_CSV_COLUMNS,
    rows.map((r) => [
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
    ]),
  );
}

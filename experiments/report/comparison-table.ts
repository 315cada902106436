/**
 * The comparison table as text cells: one definition of its columns (per
 * environment family: the one-shot table, or a family's headline metrics)
 * and number formats, shared by the HTML report, comparison.md and the console
 * (pass `headers` and `cells` to `table()` of experiments/cli/output.ts).
 * Absent values are shown as an em dash, values that could not be estimated
 * (NaN) as `n/a`.
 */
import { envFamily, type MetricColumn } from '../env-families.js';
import type { ComparisonRow, Estimate, ReportData } from './report-data.js';

export const ABSENT = '—';
export const NOT_AVAILABLE = 'n/a';

export const COMPARISON_HEADERS = ['policy', 'kind', 'mean completion (s) [95% CI]', 'regret', 'normalized regret', 'gap', 'Jain', 'mean return [95% CI]'] as const;

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
  // Below the last digit shown (numerical noise of the exact solver, ~1e-12): no sign.
  if (Math.abs(x) < 5e-5) return '0.00%';
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
    formatPercent(row.normalizedRegret),
    formatPercent(row.gap),
    row.jain === undefined ? ABSENT : formatValue(row.jain.mean),
    formatEstimate(row.meanReturn),
  ];
}

/** The headline metrics of `env`'s family (dispatch, dynamic), as `[header, info key]`; undefined for the one-shot envs. */
export function familyMetrics(env: string): readonly MetricColumn[] | undefined {
  return envFamily(env)?.headline?.columns;
}

/** Headers and cells of the whole table: the one-shot columns, or the headline metrics of `env`'s family. */
export function comparisonTableCells(rows: ComparisonRow[], env?: string): { headers: string[]; cells: string[][] } {
  const family = env === undefined ? undefined : envFamily(env)?.headline;
  if (family === undefined) {
    // LB-MultiAgent-v0 adds the regret against the best per-node gains.
    const perNode = rows.some((r) => r.perNodeGainsRegret !== undefined);
    return {
      headers: [...COMPARISON_HEADERS, ...(perNode ? ['regret vs per-node gains'] : [])],
      cells: rows.map((r) => [...comparisonCells(r), ...(perNode ? [formatPercent(r.perNodeGainsRegret)] : [])]),
    };
  }
  return {
    headers: ['policy', 'kind', ...family.columns.map((c) => c.header), 'mean return [95% CI]'],
    cells: rows.map((r) => [r.name, r.kind, ...family.columns.map((c) => formatEstimate(r.metrics[c.key])), formatEstimate(r.meanReturn)]),
  };
}

/** The note under the comparison table: what regret, normalized regret and gap measure here. */
export function comparisonNote(data: ReportData): string {
  const family = envFamily(data.env)?.headline;
  if (family !== undefined) return family.note;
  const e = data.exact;
  const against = e === undefined ? 'the exact optimum' : `the exact optimum of ${e.reward} over ${e.family}`;
  const widest =
    e?.widestOptimum === undefined
      ? ''
      : ` The widest family, (K, t_b, alpha) with the learned target mix, reaches a mean expected reward of ${formatValue(e.widestOptimum)} on the grid against ${formatValue(e.familyOptimum)} for this family${
          e.familyLeavesOfWidest === undefined ? '' : `: this family's optimum leaves ${formatPercent(e.familyLeavesOfWidest)} of the widest family's gain over no balancing unused`
        } (baseline optimal-learned-target, with --baselines).`;
  return `regret: exact relative regret against ${against}, over the ${e?.gridPoints === undefined ? '5 x 5 load grid' : `load grid of ${e.gridPoints} points (docs/model.md §5.5)`}${
    data.rows.some((r) => r.perNodeGainsRegret !== undefined) ? ' (regret vs per-node gains: the same against the best per-node gains K_l with a common t_b)' : ''
  }; normalized regret: the share of that optimum's gain over no balancing that the policy leaves unused (negative regret: better than the family's optimum, possible outside the family); gap: relative excess of the Monte-Carlo mean completion time over regeneration-optimal's on the same seeds; Jain: fairness of per-node finish times (1 = equal).${widest}`;
}

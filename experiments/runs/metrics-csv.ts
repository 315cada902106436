/**
 * `metrics.csv`: one row per update with fixed columns (documented in the
 * README). Missing values are empty cells. Appends synchronously, so a run
 * interrupted at any point keeps every row it logged.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { withPath } from '../../envs/sim/atomic-file.js';
import { csvLine } from '../csv-format.js';

export const METRIC_COLUMNS = [
  'step',
  'update',
  'seconds',
  'sps',
  'episodes',
  'episodic_return',
  'episode_length',
  'completion_time',
  'jain',
  'regret',
  'policy_loss',
  'value_loss',
  'entropy',
  'approx_kl',
  'clipfrac',
  'explained_variance',
  'learning_rate',
  'epsilon',
  'normalized_regret',
] as const;

export type MetricColumn = (typeof METRIC_COLUMNS)[number];
export type MetricRow = Partial<Record<MetricColumn, number>>;

export class MetricsCsv {
  constructor(readonly path: string) {
    if (!existsSync(path)) writeFileSync(path, `${METRIC_COLUMNS.join(',')}\n`);
  }

  append(row: MetricRow): void {
    try {
      appendFileSync(this.path, `${csvLine(METRIC_COLUMNS.map((c) => row[c]))}\n`);
    } catch (e) {
      throw withPath(e, this.path);
    }
  }

  /** Drops rows logged after `step` (used when resuming from an earlier checkpoint). */
  truncateAfter(step: number): void {
    const lines = readFileSync(this.path, 'utf8').split('\n').filter((l) => l.length > 0);
    const kept = [lines[0]!, ...lines.slice(1).filter((l) => Number(l.split(',')[0]) <= step)];
    writeFileSync(this.path, `${kept.join('\n')}\n`);
  }
}

/** Parses a metrics.csv back into rows (for reports). */
export function readMetricsCsv(path: string): MetricRow[] {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0);
  const header = lines[0]?.split(',') ?? [];
  return lines.slice(1).map((line) => {
    const row: MetricRow = {};
    line.split(',').forEach((cell, i) => {
      const key = header[i] as MetricColumn | undefined;
      if (key !== undefined && cell !== '') row[key] = Number(cell);
    });
    return row;
  });
}

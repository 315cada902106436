/**
 * Reads a training run directory (experiments/train-run.ts) for the
 * learning-curves report: its metrics.csv (required), summary.json and
 * config.json (optional: a run still going or killed has no summary).
 * Bad input throws a `ConfigError` naming the directory or file.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ConfigError } from '../../envs/sim/validation.js';
import { readMetricsCsv } from '../runs/metrics-csv.js';
import { readJson } from '../runs/run-dir.js';
import { formatPercent, formatValue } from './comparison-table.js';
import type { LearningCurve, LearningRow } from './report-data.js';

type Obj = Record<string, unknown>;

/** One training run for the learning-curves report. */
export interface RunReportEntry {
  /** Columns of the runs table, in order (run, env, algo, seed, steps, ...). */
  cells: Record<string, string>;
  curve: LearningCurve;
}

function readOptionalObject(path: string): Obj | undefined {
  if (!existsSync(path)) return undefined;
  const value = readJson<unknown>(path, path);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(path, value, 'a JSON object');
  return value as Obj;
}

/** The learning curve of a run from its metrics.csv (rows without a finite step are skipped). */
export function readLearningCurve(metricsPath: string, run: string): LearningCurve {
  let header: string;
  try {
    header = readFileSync(metricsPath, 'utf8').split('\n', 1)[0] ?? '';
  } catch (e) {
    throw new ConfigError(metricsPath, metricsPath, `a readable metrics.csv (${(e as Error).message})`);
  }
  if (!header.split(',').includes('step')) throw new ConfigError(metricsPath, header, 'a metrics.csv header with a "step" column');
  const rows: LearningRow[] = [];
  for (const m of readMetricsCsv(metricsPath)) {
    if (m.step === undefined || !Number.isFinite(m.step)) continue;
    const row: LearningRow = { step: m.step };
    for (const key of ['episodic_return', 'regret', 'completion_time', 'jain'] as const) {
      const v = m[key];
      if (v !== undefined && Number.isFinite(v)) row[key] = v;
    }
    rows.push(row);
  }
  return { run, rows };
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatValue(v);
  if (typeof v === 'boolean') return String(v);
  return undefined;
}

/** Reads `dir` into a row of the runs table and its learning curve. */
export function readRunDir(dir: string): RunReportEntry {
  const path = resolve(dir);
  if (!existsSync(path) || !statSync(path).isDirectory()) throw new ConfigError('--run', dir, 'a run directory');
  const run = basename(path);
  const curve = readLearningCurve(join(path, 'metrics.csv'), run);
  const summary = readOptionalObject(join(path, 'summary.json'));
  const config = readOptionalObject(join(path, 'config.json'));
  const algoConfig = config?.['config'];
  const backend = config?.['backend'];
  // Without summary.json, the last logged value of each column stands in.
  const last = (key: keyof LearningRow): number | undefined => {
    for (let i = curve.rows.length - 1; i >= 0; i--) {
      const v = curve.rows[i]![key];
      if (v !== undefined) return v;
    }
    return undefined;
  };
  const cells: Record<string, string> = { run };
  const put = (key: string, v: string | undefined) => {
    cells[key] = v ?? '—';
  };
  put('env', text(summary?.['env'] ?? config?.['env']));
  put('algo', text(summary?.['algo'] ?? config?.['algo']));
  put('seed', text(summary?.['seed'] ?? (typeof algoConfig === 'object' && algoConfig !== null ? (algoConfig as Obj)['seed'] : undefined)));
  put('steps', text(summary?.['steps'] ?? last('step')));
  put('seconds', text(summary?.['seconds']));
  put('final return', text(summary?.['finalReturn'] ?? last('episodic_return')));
  const regret = summary?.['regret'] ?? last('regret');
  put('regret', typeof regret === 'number' ? formatPercent(regret) : undefined);
  put('backend', text(summary?.['backend'] ?? (typeof backend === 'object' && backend !== null ? (backend as Obj)['backend'] : backend)));
  put('status', summary === undefined ? 'no summary.json (running or interrupted)' : summary['stopped'] === true ? 'stopped early' : 'finished');
  return { cells, curve };
}

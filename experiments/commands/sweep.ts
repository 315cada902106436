/** `lbgym sweep`: a grid of settings x seeds on worker threads, summarised across seeds. */
import { Command } from 'commander';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { loadSweepFile, loadSweepState, runSweep, type SweepResult } from '../sweep.js';
import { runRaySweep } from '../ray-sweep.js';
import { UsageError } from '../cli/errors.js';
import { fmt, printJson, table } from '../cli/output.js';
import { formatSeconds } from '../cli/progress.js';
import { parseNumberFlag } from '../cli/parse.js';
import { csvTable, type CsvValue } from '../csv-format.js';
import type { Estimate } from '../evaluate.js';
import { familyMetrics } from '../report/comparison-table.js';
import type { MetricColumn } from '../env-families.js';

export function sweepCommand(): Command {
  return new Command('sweep')
    .description('Train a grid of settings and seeds in parallel worker threads; one run directory each; summary across seeds')
    .addHelpText(
      'after',
      '\nExample:\n  lbgym sweep --config sweep.json --workers 2\n\nsweep.json:\n  {"env": "LB-OneShot-v0", "algo": "ppo", "base": {"totalSteps": 20000},\n   "grid": {"learningRate": [0.0003, 0.001]}, "seeds": [1, 2, 3], "logdir": "runs/sweep"}',
    )
    .option('--config <file>', 'sweep file (JSON)')
    .option('--resume <dir>', "continue an interrupted sweep from its directory (its sweep-state.json): finished runs are kept, stopped ones continue from their checkpoints")
    .option('--workers <n>', 'worker threads', '2')
    .option('--ray <address>', 'run each (setting, seed) as a Ray Tune trial on the Ray cluster at this address (Python with lbgym and ray[tune]: LBGYM_PYTHON, default python3)')
    .option('--ray-scheduler <name>', 'with --ray: asha (Tune stops bad trials early on episodic_return)')
    .option('--json', 'print the summary as JSON')
    .action(async (flags: { config?: string; resume?: string; workers: string; json?: boolean; ray?: string; rayScheduler?: string }) => {
      if (flags.ray !== undefined) {
        if (flags.resume !== undefined) throw new UsageError('--resume: not with --ray (Ray Tune keeps its own trial state)');
        if (flags.config === undefined) throw new UsageError('--config: required with --ray (a sweep file)');
        if (flags.rayScheduler !== undefined && flags.rayScheduler !== 'asha') throw new UsageError(`--ray-scheduler: must be asha, got ${JSON.stringify(flags.rayScheduler)}`);
        const file = loadSweepFile(flags.config);
        const { result, nodes } = runRaySweep(file, flags.ray, process.env['LBGYM_PYTHON'] ?? 'python3', flags.rayScheduler === 'asha' ? { name: 'asha', metric: 'episodic_return', mode: 'max' } : undefined);
        process.stderr.write(`lbgym: ${nodes.length} trials on ${new Set(nodes.filter((n) => n !== undefined)).size} Ray node(s)\n`);
        writeSummary(result, flags.json === true);
        return;
      }
      if (flags.rayScheduler !== undefined) throw new UsageError('--ray-scheduler: only with --ray');
      if (flags.config !== undefined && flags.resume !== undefined) throw new UsageError('--resume: the sweep directory holds its own sweep file; drop --config');
      if (flags.config === undefined && flags.resume === undefined) throw new UsageError('--config: required (a sweep file), or --resume DIR');
      const previous = flags.resume === undefined ? undefined : loadSweepState(flags.resume);
      const file = previous?.file ?? loadSweepFile(flags.config!);
      const workers = parseNumberFlag('--workers', flags.workers, { min: 1, integer: true });
      let stop = false;
      const onSigint = (): void => {
        stop = true;
        process.stderr.write('\nlbgym: interrupted; workers write checkpoints and stop\n');
      };
      process.on('SIGINT', onSigint);
      const t0 = performance.now();
      let ran = 0;
      try {
        const result = await runSweep(
          file,
          workers,
          (job, r, done, total) => {
            const what = r instanceof Error ? `failed: ${r.message}` : `${r.runDir}`;
            // The ETA counts only the jobs this process ran (a resumed sweep starts with some done).
            ran++;
            const seconds = (performance.now() - t0) / 1000;
            const eta = done < total ? `, ETA ${formatSeconds((seconds / ran) * (total - done))}` : '';
            process.stderr.write(`[${done}/${total}] ${JSON.stringify(job.setting)} seed ${job.seed}: ${what} (${formatSeconds(seconds)} elapsed${eta})\n`);
          },
          () => stop,
          previous,
        );
        writeSummary(result, flags.json === true);
        if (stop) {
          process.stderr.write(`lbgym: sweep interrupted; continue it with: lbgym sweep --resume ${result.logdir}\n`);
          process.exitCode = 130;
        }
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
}

/** sweep.csv next to sweep.json, the table (or JSON) on stdout; exit 1 when a job failed. */
function writeSummary(result: SweepResult, json: boolean): void {
  writeFileSync(join(result.logdir, 'sweep.csv'), sweepCsv(result));
  if (json) printJson(result);
  else process.stdout.write(`${sweepTable(result)}\n\nsummary: ${join(result.logdir, 'sweep.json')}\n`);
  if (result.failures.length > 0) process.exitCode = 1;
}

function ci(e: { mean: number; ci95: [number, number] } | null, scale = 1): string {
  if (e === null) return '-';
  if (Number.isNaN(e.ci95[0])) return `${fmt(scale * e.mean)} (n = 1, no CI)`;
  return `${fmt(scale * e.mean)} [${fmt(scale * e.ci95[0])}, ${fmt(scale * e.ci95[1])}]`;
}

/** The evaluation metrics a sweep's table shows: the env family's headline ones, else completion time and Jain. */
function evaluationColumns(r: SweepResult): readonly MetricColumn[] {
  if (!r.rows.some((row) => row.evaluation !== undefined)) return [];
  return familyMetrics(r.env) ?? [
    { header: 'mean completion (s) [95% CI]', key: 'completionTime' },
    { header: 'Jain (finish) [95% CI]', key: 'jainFinish' },
  ];
}

export function sweepTable(r: SweepResult): string {
  const columns = evaluationColumns(r);
  return table(
    ['setting', 'seeds', 'final return [95% CI]', 'regret % [95% CI]', 'normalized regret % [95% CI]', 'seconds', ...columns.map((c) => `eval ${c.header}`)],
    r.rows.map((row) => [
      JSON.stringify(row.setting),
      row.unfinished > 0 ? `${row.seeds.length} (${row.unfinished} unfinished)` : String(row.seeds.length),
      ci(row.finalReturn),
      ci(row.regret, 100),
      ci(row.normalizedRegret, 100),
      fmt(row.seconds, 1),
      ...columns.map((c) => ci(row.evaluation?.[c.key] ?? null)),
    ]),
  );
}

const SWEEP_CSV_COLUMNS = ['setting', 'seeds', 'final_return', 'final_return_ci_low', 'final_return_ci_high', 'regret', 'regret_ci_low', 'regret_ci_high', 'seconds', 'normalized_regret', 'normalized_regret_ci_low', 'normalized_regret_ci_high', 'unfinished'];

/** sweep.csv, in lbgym's CSV dialect (experiments/csv-format.ts); with `evaluate`, `eval_{key}` columns (mean, CI) follow. */
function sweepCsv(r: SweepResult): string {
  const estimate = (e: Estimate | null | undefined): CsvValue[] => [e?.mean, e?.ci95[0], e?.ci95[1]];
  const keys = Object.keys(r.rows.find((row) => row.evaluation !== undefined)?.evaluation ?? {});
  return csvTable(
    [...SWEEP_CSV_COLUMNS, ...keys.flatMap((k) => [`eval_${k}`, `eval_${k}_ci_low`, `eval_${k}_ci_high`])],
    r.rows.map((row) => [
      JSON.stringify(row.setting),
      row.seeds.length,
      ...estimate(row.finalReturn),
      ...estimate(row.regret),
      row.seconds,
      ...estimate(row.normalizedRegret),
      row.unfinished,
      ...keys.flatMap((k) => estimate(row.evaluation?.[k])),
    ]),
  );
}

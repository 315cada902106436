/**
 * `lbgym report`: re-renders a comparison report from DIR/comparison.json
 * (after editing it, or with a newer lbgym), or draws a learning-curves
 * report from training run directories. Bad input (a missing directory, bad
 * JSON, a comparison.json off the contract) exits 2 naming the file and field.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { readJson, writeFileAtomic } from '../runs/run-dir.js';
import { UsageError } from '../cli/errors.js';
import { printJson } from '../cli/output.js';
import { LazyProgress } from '../cli/progress.js';
import { parseReportData } from '../report/parse-report-data.js';
import { renderRunsReportHtml } from '../report/render.js';
import { readRunDir } from '../report/run-info.js';
import { REPORT_FILES, writeReport } from '../report/write-report.js';

export interface ReportFlags {
  from?: string;
  run: string[];
  out?: string;
  title?: string;
  json?: boolean;
  quiet?: boolean;
}

/** What `lbgym report` wrote (printed with `--json`). */
export type ReportResult =
  | { report: string; json: string; md: string; csv: string }
  | { report: string; runs: string[] };

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function reportCommand(): Command {
  return new Command('report')
    .description('Render report.html: from a comparison (comparison.json of lbgym compare) or from training runs (learning curves)')
    .addHelpText(
      'after',
      '\nExamples:\n  lbgym report --from compare-out\n  lbgym report --run runs/LB-OneShot-v0__ppo__1__1764000000 --run runs/LB-OneShot-v0__dqn__1__1764000100 --out report-out --json',
    )
    .option('--from <dir>', 'directory holding comparison.json; rewrites report.html, comparison.{json,md,csv}')
    .option('--run <dir>', 'a training run directory with metrics.csv (repeatable)', collect, [])
    .option('--out <dir>', 'output directory (default: the --from directory; required with --run)')
    .option('--title <text>', 'page title of a --run report', 'lbgym training runs')
    .option('--json', 'print one JSON object with the paths written')
    .option('--quiet', 'no progress output')
    .action(async (flags: ReportFlags) => {
      const result = await runReport(flags);
      if (flags.json === true) printJson(result);
      else process.stdout.write(`report  ${result.report}\n`);
    });
}

/** The work behind `lbgym report`, callable without the CLI. */
export async function runReport(flags: ReportFlags): Promise<ReportResult> {
  const runs = flags.run ?? [];
  const charts = new LazyProgress('charts', flags.quiet !== true);
  const onChart = (done: number, total: number): void => charts.update(done, total);
  if (flags.from !== undefined && runs.length > 0) throw new UsageError('--from and --run: give one or the other, not both');
  if (flags.from !== undefined) {
    const from = flags.from;
    if (!existsSync(from) || !statSync(from).isDirectory()) throw new UsageError(`--from: expected a directory holding comparison.json, got ${JSON.stringify(from)}`);
    const file = join(from, REPORT_FILES.json);
    const data = parseReportData(readJson<unknown>(file, file), file);
    const files = await writeReport(flags.out ?? from, data, onChart);
    charts.done();
    return { report: resolve(files.html), json: resolve(files.json), md: resolve(files.md), csv: resolve(files.csv) };
  }
  if (runs.length === 0) throw new UsageError('--from or --run: required (see lbgym report --help)');
  if (flags.out === undefined) throw new UsageError('--out: required with --run');
  const entries = runs.map(readRunDir);
  const html = await renderRunsReportHtml(flags.title ?? 'lbgym training runs', entries, onChart);
  charts.done();
  mkdirSync(flags.out, { recursive: true });
  const report = resolve(join(flags.out, REPORT_FILES.html));
  writeFileAtomic(report, html);
  return { report, runs: runs.map((r) => resolve(r)) };
}

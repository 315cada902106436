/**
 * `lbgym compare`: learned agents against the baselines on the same seeds;
 * writes report.html (SVG plots), comparison.{json,md,csv} to --out.
 */
import { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '../../agents/backend.js';
import { runComparison } from '../compare.js';
import { UsageError } from '../cli/errors.js';
import { printJson } from '../cli/output.js';
import { LazyProgress } from '../cli/progress.js';
import { parseJsonObject, parseNumberFlag, parseNumberList } from '../cli/parse.js';
import { comparisonMarkdownTable, loadSweepMarkdown } from '../report/markdown.js';
import { writeReport } from '../report/write-report.js';

interface CompareFlags {
  env?: string;
  run: string[];
  baselines?: string;
  episodes: string;
  seed: string;
  out?: string;
  quiet?: boolean;
  logdir?: string;
  envKwargs?: string;
  curves: boolean;
  json?: boolean;
  loads?: string;
}

export function compareCommand(): Command {
  return new Command('compare')
    .description('Compare trained agents with the analytic optimum and the heuristics on the same seeds; writes an HTML report')
    .addHelpText(
      'after',
      '\nExamples:\n  lbgym compare --env LB-OneShot-v0 --episodes 2000\n  lbgym compare --run runs/LB-OneShot-v0__ppo__1__1764000000 --out reports/ppo --logdir runs\n  lbgym compare --env LB-Dispatch-v0 --env-kwargs \'{"preset":"rlb-2"}\' --loads 0.6,0.8,1.0 --episodes 10',
    )
    .option('--env <id>', 'environment id (default: the runs\' environment)')
    .option('--run <dir>', 'a trained run directory (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--baselines <list>', 'comma-separated baseline names (default: all that apply)')
    .option('--episodes <n>', 'evaluation episodes per policy', '1000')
    .option('--seed <s>', 'evaluation seed shared by every policy', '12345')
    .option('--out <dir>', 'report directory (default reports/compare-<time>)')
    .option('--logdir <dir>', 'also write each baseline as a TensorBoard run here (e.g. runs)')
    .option('--env-kwargs <json>', 'environment kwargs (default: the runs\')')
    .option('--no-curves', 'skip the analytic/Monte-Carlo curves')
    .option('--loads <list>', 'comma-separated load levels: every policy again at each (the env\'s load kwarg), a table per level and a fairness-against-load figure')
    .option('--json', 'print a JSON summary')
    .option('--quiet', 'no progress output')
    .action(async (flags: CompareFlags) => {
      if (flags.env === undefined && flags.run.length === 0) throw new UsageError('--env: required when no --run is given');
      const episodes = parseNumberFlag('--episodes', flags.episodes, { min: 1, integer: true });
      const seed = parseNumberFlag('--seed', flags.seed, { integer: true });
      const out = flags.out ?? join('reports', `compare-${Math.floor(Date.now() / 1000)}`);
      // Refused before any work: a report directory that cannot be written, an empty baseline list.
      if (existsSync(out) && !statSync(out).isDirectory()) throw new UsageError(`--out: ${out} exists and is not a directory`);
      const baselines = flags.baselines?.split(',').map((b) => b.trim()).filter((b) => b !== '');
      if (baselines !== undefined && baselines.length === 0) throw new UsageError(`--baselines: expected comma-separated baseline names, got ${JSON.stringify(flags.baselines)}`);
      const loads = flags.loads === undefined ? undefined : parseNumberList('--loads', flags.loads, { min: 0 });
      if (loads !== undefined && loads.some((l) => l === 0)) throw new UsageError(`--loads: expected load levels > 0, got ${JSON.stringify(flags.loads)}`);
      if (flags.run.length > 0) await initBackend('auto');
      const data = await runComparison({
        ...(flags.env !== undefined ? { envId: flags.env } : {}),
        ...(flags.envKwargs !== undefined ? { envKwargs: parseJsonObject('--env-kwargs', flags.envKwargs) } : {}),
        runs: flags.run,
        ...(baselines !== undefined ? { baselines } : {}),
        episodes,
        seed,
        ...(flags.logdir !== undefined ? { logdir: flags.logdir } : {}),
        curves: flags.curves,
        progress: flags.quiet !== true,
        ...(loads !== undefined ? { loads } : {}),
      });
      const charts = new LazyProgress('charts', flags.quiet !== true);
      const files = await writeReport(out, data, (done, total) => charts.update(done, total));
      charts.done();
      if (flags.json === true) {
        printJson({
          out,
          report: files.html,
          ...(data.exact !== undefined ? { exact: data.exact } : {}),
          rows: data.rows.map((r) => ({
            name: r.name,
            kind: r.kind,
            meanReturn: r.meanReturn.mean,
            ...(r.meanCompletion !== undefined ? { meanCompletion: r.meanCompletion.mean, ci95: r.meanCompletion.ci95 } : {}),
            ...(r.regret !== undefined ? { regret: r.regret } : {}),
            ...(r.normalizedRegret !== undefined ? { normalizedRegret: r.normalizedRegret } : {}),
            ...(r.perNodeGainsRegret !== undefined ? { perNodeGainsRegret: r.perNodeGainsRegret } : {}),
            ...(r.gap !== undefined ? { gap: r.gap } : {}),
            ...(r.jain !== undefined ? { jain: r.jain.mean } : {}),
          })),
          ...(data.loadSweep !== undefined
            ? {
                loads: data.loadSweep.levels.map((level) => ({
                  load: level.load,
                  rows: level.rows.map((r) => ({ name: r.name, kind: r.kind, meanReturn: r.meanReturn.mean, metrics: Object.fromEntries(Object.entries(r.metrics).map(([k, e]) => [k, e.mean])) })),
                })),
              }
            : {}),
        });
        return;
      }
      process.stdout.write(`${comparisonMarkdownTable(data.rows, data.env)}\n${loadSweepMarkdown(data)}\nreport: ${files.html}\n`);
    });
}

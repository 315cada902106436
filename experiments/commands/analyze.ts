/**
 * `lbgym analyze`: the exact two-node regeneration-theory solution (docs/model.md §3):
 * a point, a curve, the optimum, or the delay paper's workload table.
 */
import { Command } from 'commander';
import { completionCurve, expectedCompletion, optimalPolicy, paperTable, twoNodeModel } from '../../baselines/regeneration/index.js';
import type { Scenario } from '../../envs/sim/scenario.js';
import { validateLoads } from '../../envs/sim/scenario.js';
import { UsageError } from '../cli/errors.js';
import { fmt, printJson, table } from '../cli/output.js';
import { parseChoice, parseNumberFlag, parseNumberList } from '../cli/parse.js';
import { type ScenarioFlags, addScenarioOptions, resolveScenario } from '../cli/scenario-option.js';

interface AnalyzeFlags extends ScenarioFlags {
  loads?: string;
  K?: string;
  tb?: string;
  curve?: string;
  tbMax: string;
  paperTable?: boolean;
  json?: boolean;
}

export function analyzeCommand(): Command {
  const cmd = new Command('analyze')
    .description('Exact expected completion time of two-node one-shot balancing (regeneration theory), its optimum and curves')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  lbgym analyze --loads 100,50                 # the regeneration-optimal (K, t_b)',
        '  lbgym analyze --loads 100,50 --K 0.9 --tb 5  # one point',
        '  lbgym analyze --loads 100,50 --K 1 --curve tb --json',
        '  lbgym analyze --paper-table',
      ].join('\n'),
    );
  addScenarioOptions(cmd)
    .option('--loads <M,N>', "initial queues (default: the scenario's defaultLoads)")
    .option('--K <gain>', 'gain K in [0, 1]')
    .option('--tb <seconds>', 'balancing instant t_b >= 0')
    .option('--curve <param>', 'tb: mu(t_b) at the given --K; K: mu(K) at the given --tb')
    .option('--tb-max <seconds>', 'upper end of the t_b curve', '10')
    .option('--paper-table', "the delay paper's workloads: optimal K, t_b, mu*, and blind full balancing")
    .option('--json', 'print one JSON object')
    .action((flags: AnalyzeFlags) => runAnalyze(flags));
  return cmd;
}

function solverDomain<T>(scenario: Scenario, f: () => T): T {
  try {
    twoNodeModel(scenario);
  } catch (e) {
    throw new UsageError(`analyze: the exact solver needs two nodes and exponential delays (${(e as Error).message})`);
  }
  return f();
}

function runAnalyze(flags: AnalyzeFlags): void {
  const scenario = resolveScenario(flags);
  const json = flags.json === true;
  if (flags.paperTable === true) {
    const t0 = performance.now();
    const rows = solverDomain(scenario, () => paperTable(scenario));
    const seconds = (performance.now() - t0) / 1000;
    if (json) {
      printJson({ scenario: scenario.name, rows, seconds });
      return;
    }
    process.stdout.write(`The delay paper's workloads on ${scenario.name} (exact, ${seconds.toFixed(1)} s)\n\n`);
    process.stdout.write(
      `${table(
        ['loads', 'K*', 't_b* (s)', 'mu* (s)', 'mu blind full (s)', 'gain vs blind'],
        rows.map((r) => [`(${r.loads.join(', ')})`, fmt(r.K, 3), fmt(r.tb, 2), fmt(r.mu), fmt(r.muBlind), `${fmt((100 * (r.muBlind - r.mu)) / r.muBlind, 2)} %`]),
      )}\n`,
    );
    return;
  }
  const n = scenario.nodes.length;
  const loads = validateLoads(flags.loads === undefined ? scenario.defaultLoads : parseNumberList('--loads', flags.loads, { min: 0, integer: true }), n, '--loads');
  const K = flags.K === undefined ? undefined : parseNumberFlag('--K', flags.K, { min: 0, max: 1 });
  const tb = flags.tb === undefined ? undefined : parseNumberFlag('--tb', flags.tb, { min: 0 });
  if (flags.curve !== undefined) {
    const param = parseChoice('--curve', flags.curve, ['tb', 'K'] as const);
    if (param === 'tb') {
      if (K === undefined) throw new UsageError('--curve tb: give the gain with --K');
      const tbMax = parseNumberFlag('--tb-max', flags.tbMax, { min: 0 });
      const tbGrid = Array.from({ length: Math.round(tbMax / 0.1) + 1 }, (_, i) => Math.min(tbMax, Math.round(i * 10) / 100));
      const mus = solverDomain(scenario, () => completionCurve(scenario, loads, { K, tbGrid }));
      const points = tbGrid.map((t, i) => ({ tb: Number(t.toFixed(10)), mu: mus[i]! }));
      if (json) printJson({ K, loads, points });
      else process.stdout.write(`${table(['t_b (s)', 'mu (s)'], points.map((p) => [fmt(p.tb, 2), fmt(p.mu)]))}\n`);
    } else {
      if (tb === undefined) throw new UsageError('--curve K: give the instant with --tb');
      const KGrid = Array.from({ length: 21 }, (_, i) => i / 20);
      const points = solverDomain(scenario, () => KGrid.map((k) => ({ K: k, mu: expectedCompletion(scenario, loads, { K: k, tb }) })));
      if (json) printJson({ tb, loads, points });
      else process.stdout.write(`${table(['K', 'mu (s)'], points.map((p) => [fmt(p.K, 2), fmt(p.mu)]))}\n`);
    }
    return;
  }
  if (K !== undefined && tb !== undefined) {
    const mu = solverDomain(scenario, () => expectedCompletion(scenario, loads, { K, tb }));
    if (json) printJson({ mu, K, tb, loads });
    else process.stdout.write(`mu(K = ${K}, t_b = ${tb} s; loads ${loads.join(', ')}) = ${fmt(mu)} s\n`);
    return;
  }
  if (K !== undefined || tb !== undefined) throw new UsageError('analyze: give both --K and --tb for a point, neither for the optimum, or --curve');
  const t0 = performance.now();
  const opt = solverDomain(scenario, () => optimalPolicy(scenario, loads));
  const seconds = (performance.now() - t0) / 1000;
  if (json) printJson({ K: opt.K, tb: opt.tb, mu: opt.mu, seconds, loads });
  else process.stdout.write(`regeneration-optimal policy for loads (${loads.join(', ')}): K* = ${fmt(opt.K, 3)}, t_b* = ${fmt(opt.tb, 2)} s, mu* = ${fmt(opt.mu)} s  (${seconds.toFixed(2)} s)\n`);
}

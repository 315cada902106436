/**
 * `lbgym analyze`: the exact regeneration-theory solution (docs/model.md §3; three or
 * more nodes: analyze-n-node.ts, §3.8):
 * a point, a curve, the optimum, or the delay paper's workload table, for the
 * completion time (the default) or any one-shot reward (`--reward`, with
 * `--target` and `--fairness-weight` as LB-OneShot-v0's kwargs).
 */
import { Command } from 'commander';
import {
  completionCurve,
  expectedCompletion,
  expectedRewardReport,
  optimalPolicy,
  paperTable,
  resolveRewardSpec,
  rewardCurve,
  rewardOptimum,
  rewardPaperTable,
  type RewardSpec,
  twoNodeModel,
} from '../../baselines/regeneration/index.js';
import { ONE_SHOT_REWARDS } from '../../envs/one-shot-rewards.js';
import { TARGET_RULES } from '../../envs/sim/balance.js';
import type { Scenario } from '../../envs/sim/scenario.js';
import { validateLoads } from '../../envs/sim/scenario.js';
import { UsageError } from '../cli/errors.js';
import { fmt, printJson, table } from '../cli/output.js';
import { parseChoice, parseNumberFlag, parseNumberList } from '../cli/parse.js';
import { type ScenarioFlags, addScenarioOptions, resolveScenario } from '../cli/scenario-option.js';
import { runNNodeAnalyze } from './analyze-n-node.js';

interface AnalyzeFlags extends ScenarioFlags {
  loads?: string;
  K?: string;
  tb?: string;
  curve?: string;
  tbMax: string;
  paperTable?: boolean;
  json?: boolean;
  reward?: string;
  target?: string;
  fairnessWeight?: string;
  alpha?: string;
  perNodeGains?: boolean;
}

export function analyzeCommand(): Command {
  const cmd = new Command('analyze')
    .description('Exact expected completion time of one-shot balancing (regeneration theory), its optimum and curves (curves: two nodes)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  lbgym analyze --loads 100,50                 # the regeneration-optimal (K, t_b)',
        '  lbgym analyze --loads 100,50 --K 0.9 --tb 5  # one point',
        '  lbgym analyze --loads 100,50 --K 1 --curve tb --json',
        '  lbgym analyze --paper-table',
        '  lbgym analyze --loads 100,50 --reward jain-finish                # the optimum of a fairness reward',
        '  lbgym analyze --loads 100,50 --reward variance --target learned  # ... over (K, t_b, alpha)',
        '  lbgym analyze --loads 100,50 --reward fair-completion --K 1 --tb 0.5 --json',
        '  lbgym analyze --preset hetero-3 --loads 60,30,0                  # n nodes: the optimum over (K, t_b)',
        '  lbgym analyze --preset hetero-4 --K 1,0.5,0.5,0 --tb 0.2        # n nodes: one point, per-node gains',
      ].join('\n'),
    );
  addScenarioOptions(cmd)
    .option('--loads <M,N>', "initial queues (default: the scenario's defaultLoads)")
    .option('--K <gain>', 'gain K in [0, 1]')
    .option('--tb <seconds>', 'balancing instant t_b >= 0')
    .option('--curve <param>', 'tb: mu(t_b) at the given --K; K: mu(K) at the given --tb')
    .option('--tb-max <seconds>', 'upper end of the t_b curve', '10')
    .option('--paper-table', "the delay paper's workloads: optimal K, t_b, mu*, and blind full balancing")
    .option('--reward <name>', `one-shot reward: ${ONE_SHOT_REWARDS.join(', ')} (LB-OneShot-v0's definitions)`, 'completion')
    .option('--target <rule>', `balancing target: ${TARGET_RULES.join(', ')} (default: the scenario's averaging)`)
    .option('--fairness-weight <w>', 'weight w of fair-completion', '0.5')
    .option('--alpha <a>', 'target mix alpha in [0, 1] of a point or curve (--target learned)')
    .option('--per-node-gains', 'three or more nodes: the optimum over per-node gains K_l with a common t_b')
    .option('--json', 'print one JSON object')
    .action((flags: AnalyzeFlags) => runAnalyze(flags));
  return cmd;
}

/** The longest t_b curve (s): 10,001 points at its 0.1 s step. */
const MAX_TB = 1000;

function solverDomain<T>(scenario: Scenario, f: () => T): T {
  try {
    twoNodeModel(scenario);
  } catch (e) {
    throw new UsageError(`analyze: the exact solver needs two nodes and exponential delays (${(e as Error).message})`);
  }
  return f();
}

function rewardSpecOf(flags: AnalyzeFlags, scenario: Scenario): RewardSpec {
  const reward = parseChoice('--reward', flags.reward ?? 'completion', ONE_SHOT_REWARDS);
  const target = flags.target === undefined ? undefined : parseChoice('--target', flags.target, TARGET_RULES);
  const fairnessWeight = parseNumberFlag('--fairness-weight', flags.fairnessWeight ?? '0.5', { min: 0 });
  const spec: RewardSpec = { reward, fairnessWeight, ...(target !== undefined ? { target } : {}) };
  resolveRewardSpec(scenario, spec);
  return spec;
}

function runAnalyze(flags: AnalyzeFlags): void {
  const scenario = resolveScenario(flags);
  const json = flags.json === true;
  const spec = rewardSpecOf(flags, scenario);
  const target = resolveRewardSpec(scenario, spec).target;
  // The paper's completion-time outputs, unchanged, unless another reward or family is asked.
  const paper = spec.reward === 'completion' && flags.target === undefined;
  const alpha = flags.alpha === undefined ? undefined : parseNumberFlag('--alpha', flags.alpha, { min: 0, max: 1 });
  if (alpha !== undefined && target !== 'learned') throw new UsageError(`--alpha: needs --target learned (the target rule is ${target})`);
  if (flags.paperTable === true && !paper) {
    const t0 = performance.now();
    const rows = solverDomain(scenario, () => rewardPaperTable(scenario, spec));
    const seconds = (performance.now() - t0) / 1000;
    if (json) {
      printJson({ scenario: scenario.name, reward: spec.reward, target, rows, seconds });
      return;
    }
    process.stdout.write(`The delay paper's workloads on ${scenario.name}, optimum of ${spec.reward} over ${target} targets (exact, ${seconds.toFixed(1)} s)\n\n`);
    process.stdout.write(
      `${table(
        ['loads', 'K*', 't_b* (s)', ...(target === 'learned' ? ['alpha*'] : []), 'E[reward]*', 'mu (s)', 'E[reward] blind full'],
        rows.map((r) => [`(${r.loads.join(', ')})`, fmt(r.K, 3), fmt(r.tb, 2), ...(target === 'learned' ? [fmt(r.alpha ?? 0, 2)] : []), fmt(r.value), fmt(r.mu), fmt(r.valueBlind)]),
      )}\n`,
    );
    return;
  }
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
  if (n > 2) {
    if (flags.curve !== undefined) throw new UsageError(`--curve: curves are for two nodes (the scenario has ${n})`);
    runNNodeAnalyze({ scenario, loads, spec, K: flags.K, tb: flags.tb, alpha, perNodeGains: flags.perNodeGains === true, json });
    return;
  }
  if (flags.perNodeGains === true) throw new UsageError('--per-node-gains: needs three or more nodes (two nodes share their optimum)');
  const K = flags.K === undefined ? undefined : parseNumberFlag('--K', flags.K, { min: 0, max: 1 });
  const tb = flags.tb === undefined ? undefined : parseNumberFlag('--tb', flags.tb, { min: 0 });
  if (target === 'learned' && alpha === undefined && (flags.curve !== undefined || K !== undefined || tb !== undefined)) {
    throw new UsageError('--alpha: required for a point or curve with --target learned');
  }
  const alphaPart = alpha === undefined ? {} : { alpha };
  if (flags.curve !== undefined && !paper) {
    const param = parseChoice('--curve', flags.curve, ['tb', 'K'] as const);
    let points;
    if (param === 'tb') {
      if (K === undefined) throw new UsageError('--curve tb: give the gain with --K');
      const tbMax = parseNumberFlag('--tb-max', flags.tbMax, { min: 0, max: MAX_TB });
      const tbGrid = Array.from({ length: Math.round(tbMax / 0.1) + 1 }, (_, i) => Math.min(tbMax, Math.round(i * 10) / 100));
      points = solverDomain(scenario, () => rewardCurve(scenario, loads, { K, tbGrid, ...alphaPart }, spec)).map((p) => ({ tb: Number(p.tb.toFixed(10)), value: p.value, mu: p.mu }));
      if (json) printJson({ reward: spec.reward, K, ...alphaPart, loads, points });
      else process.stdout.write(`${table(['t_b (s)', `E[${spec.reward}]`, 'mu (s)'], points.map((p) => [fmt(p.tb, 2), fmt(p.value), fmt(p.mu)]))}\n`);
    } else {
      if (tb === undefined) throw new UsageError('--curve K: give the instant with --tb');
      const KGrid = Array.from({ length: 21 }, (_, i) => i / 20);
      points = solverDomain(scenario, () => rewardCurve(scenario, loads, { tb, KGrid, ...alphaPart }, spec)).map((p) => ({ K: p.K, value: p.value, mu: p.mu }));
      if (json) printJson({ reward: spec.reward, tb, ...alphaPart, loads, points });
      else process.stdout.write(`${table(['K', `E[${spec.reward}]`, 'mu (s)'], points.map((p) => [fmt(p.K, 2), fmt(p.value), fmt(p.mu)]))}\n`);
    }
    return;
  }
  if (flags.curve !== undefined) {
    const param = parseChoice('--curve', flags.curve, ['tb', 'K'] as const);
    if (param === 'tb') {
      if (K === undefined) throw new UsageError('--curve tb: give the gain with --K');
      const tbMax = parseNumberFlag('--tb-max', flags.tbMax, { min: 0, max: MAX_TB });
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
    const r = solverDomain(scenario, () => expectedRewardReport(scenario, loads, { K, tb, ...alphaPart }, spec, {}, {}, true));
    const mu = paper ? solverDomain(scenario, () => expectedCompletion(scenario, loads, { K, tb })) : r.completionTime;
    if (json) {
      printJson({
        reward: r.reward,
        value: r.value,
        mu,
        K,
        tb,
        ...alphaPart,
        loads,
        measures: { completionTime: r.completionTime, jainFinish: r.jainFinish, jainBacklog: r.jainBacklog, varianceFinish: r.varianceFinish, tRef: r.tRef },
      });
    } else {
      process.stdout.write(`mu(K = ${K}, t_b = ${tb} s${alpha === undefined ? '' : `, alpha = ${alpha}`}; loads ${loads.join(', ')}) = ${fmt(mu)} s\n`);
      process.stdout.write(`E[${r.reward}] = ${fmt(r.value)}   (E[J finish] = ${fmt(r.jainFinish)}, E[J backlog] = ${fmt(r.jainBacklog)}, E[Var finish] = ${fmt(r.varianceFinish)} s^2, tRef = ${fmt(r.tRef)} s)\n`);
    }
    return;
  }
  if (K !== undefined || tb !== undefined) throw new UsageError('analyze: give both --K and --tb for a point, neither for the optimum, or --curve');
  const t0 = performance.now();
  if (!paper) {
    const o = solverDomain(scenario, () => rewardOptimum(scenario, loads, spec));
    const secs = (performance.now() - t0) / 1000;
    if (json) printJson({ reward: o.reward, target: o.target, K: o.K, tb: o.tb, ...(o.alpha !== undefined ? { alpha: o.alpha } : {}), value: o.value, mu: o.mu, seconds: secs, loads });
    else {
      const a = o.alpha === undefined ? '' : `, alpha* = ${fmt(o.alpha, 2)}`;
      process.stdout.write(`optimum of ${o.reward} over ${o.target} targets for loads (${loads.join(', ')}): K* = ${fmt(o.K, 3)}, t_b* = ${fmt(o.tb, 2)} s${a}, E[reward]* = ${fmt(o.value)}, mu = ${fmt(o.mu)} s  (${secs.toFixed(2)} s)\n`);
    }
    return;
  }
  const opt = solverDomain(scenario, () => optimalPolicy(scenario, loads));
  const seconds = (performance.now() - t0) / 1000;
  const value = solverDomain(scenario, () => expectedRewardReport(scenario, loads, { K: opt.K, tb: opt.tb }, spec).value);
  if (json) printJson({ reward: 'completion', K: opt.K, tb: opt.tb, value, mu: opt.mu, seconds, loads });
  else process.stdout.write(`regeneration-optimal policy for loads (${loads.join(', ')}): K* = ${fmt(opt.K, 3)}, t_b* = ${fmt(opt.tb, 2)} s, mu* = ${fmt(opt.mu)} s  (${seconds.toFixed(2)} s)\n`);
}

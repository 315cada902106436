/**
 * `lbgym analyze` on a scenario of three or more nodes: the exact n-node
 * solver (docs/model.md §3.8). A point (`--K` one gain or one per node,
 * `--tb`), or the optimum over a common `(K, t_b)`, and with
 * `--per-node-gains` the optimum over per-node gains with a common t_b.
 * Curves and the paper's table are two-node outputs.
 */
import { nNodeGainsOptimum, nNodeRewardOptimum, nNodeRewardReport, type NNodeRewardOptimum } from '../../baselines/regeneration/n-node-api.js';
import { nNodeModel } from '../../baselines/regeneration/n-node-model.js';
import type { RewardSpec } from '../../baselines/regeneration/reward-api.js';
import type { Scenario } from '../../envs/sim/scenario.js';
import { UsageError } from '../cli/errors.js';
import { fmt, printJson } from '../cli/output.js';
import { parseNumberFlag, parseNumberOrList } from '../cli/parse.js';

export interface NNodeAnalyzeRequest {
  scenario: Scenario;
  loads: number[];
  spec: RewardSpec;
  K: string | undefined;
  tb: string | undefined;
  alpha: number | undefined;
  perNodeGains: boolean;
  json: boolean;
}

function gainsText(K: number | readonly number[]): string {
  return typeof K === 'number' ? fmt(K, 3) : `(${K.map((k) => fmt(k, 3)).join(', ')})`;
}

export function runNNodeAnalyze(r: NNodeAnalyzeRequest): void {
  try {
    nNodeModel(r.scenario);
  } catch (e) {
    throw new UsageError(`analyze: the exact solver needs exponential delays (${(e as Error).message})`);
  }
  const n = r.scenario.nodes.length;
  const alphaPart = r.alpha === undefined ? {} : { alpha: r.alpha };
  if (r.K !== undefined && r.tb !== undefined) {
    const K = parseNumberOrList('--K', r.K, { min: 0, max: 1 });
    if (typeof K !== 'number' && K.length !== n) throw new UsageError(`--K: expected one gain or ${n} (one per node), got ${JSON.stringify(r.K)}`);
    const tb = parseNumberFlag('--tb', r.tb, { min: 0 });
    const t0 = performance.now();
    const x = nNodeRewardReport(r.scenario, r.loads, { K, tb, ...alphaPart }, r.spec, {}, true);
    const seconds = (performance.now() - t0) / 1000;
    if (r.json) {
      printJson({
        reward: x.reward,
        value: x.value,
        mu: x.completionTime,
        K,
        tb,
        ...alphaPart,
        loads: r.loads,
        measures: { completionTime: x.completionTime, jainFinish: x.jainFinish, jainBacklog: x.jainBacklog, varianceFinish: x.varianceFinish, tRef: x.tRef },
        seconds,
      });
    } else {
      process.stdout.write(`mu(K = ${gainsText(K)}, t_b = ${tb} s; loads ${r.loads.join(', ')}) = ${fmt(x.completionTime)} s  (exact, ${n} nodes, ${seconds.toFixed(2)} s)\n`);
      process.stdout.write(`E[${x.reward}] = ${fmt(x.value)}   (E[J finish] = ${fmt(x.jainFinish)}, E[J backlog] = ${fmt(x.jainBacklog)}, E[Var finish] = ${fmt(x.varianceFinish)} s^2, tRef = ${fmt(x.tRef)} s)\n`);
    }
    return;
  }
  if (r.K !== undefined || r.tb !== undefined) throw new UsageError('analyze: give both --K and --tb for a point, neither for the optimum');
  const t0 = performance.now();
  const o: NNodeRewardOptimum = r.perNodeGains ? nNodeGainsOptimum(r.scenario, r.loads, r.spec) : nNodeRewardOptimum(r.scenario, r.loads, r.spec);
  const seconds = (performance.now() - t0) / 1000;
  const family = r.perNodeGains ? 'per-node gains, common t_b' : 'common (K, t_b)';
  if (r.json) {
    printJson({ reward: o.reward, target: o.target, family, K: o.K, tb: o.tb, ...(o.alpha !== undefined ? { alpha: o.alpha } : {}), value: o.value, mu: o.mu, seconds, loads: r.loads });
    return;
  }
  const a = o.alpha === undefined ? '' : `, alpha* = ${fmt(o.alpha, 2)}`;
  process.stdout.write(
    `optimum of ${o.reward} over ${family} (${o.target} targets) for loads (${r.loads.join(', ')}): K* = ${gainsText(o.K)}, t_b* = ${fmt(o.tb, 2)} s${a}, E[reward]* = ${fmt(o.value)}, mu = ${fmt(o.mu)} s  (${seconds.toFixed(2)} s)\n`,
  );
}

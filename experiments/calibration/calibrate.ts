/**
 * A scenario fitted from measurements (docs/model.md §8): service rates,
 * the communication-delay family, the transfer-delay curve and, optionally,
 * a speed factor from completion times, each with a 95 % interval. The
 * parts that were not measured come from a base scenario. The result's
 * scenario passes `validateScenario`.
 */
import { twoNodeModel } from '../../baselines/regeneration/two-node-model.js';
import type { Distribution } from '../../envs/sim/distributions.js';
import { streamFor } from '../../envs/sim/rng.js';
import { type Scenario, validateLoads, validateScenario } from '../../envs/sim/scenario.js';
import { ci95 } from '../../envs/sim/student-t.js';
import { type TransferModel, TRANSFER_KINDS } from '../../envs/sim/transfer-delay.js';
import { ConfigError, requirePositiveInt } from '../../envs/sim/validation.js';
import { fitCompletionTimes, type CompletionFit, withSpeedFactor } from './completion-fit.js';
import { bootstrapIntervals, type Interval } from './confidence.js';
import { familyIntervals, familyParameters, FITTED_FAMILIES, type FamilyFit, type FittedFamily, selectFamily } from './delay-family-fit.js';
import type { Measurements } from './measurements.js';
import { fitServiceRate } from './service-fit.js';
import { batchTotals, fitTransferModel, selectTransferModel, type TransferFit, type TransferKind, transferParameters } from './transfer-fit.js';

export interface CalibrationOptions {
  /** Where the parts that were not measured come from (and averaging, unknownQueue, node names). */
  base: Scenario;
  /** @default 'calibrated' */
  name?: string;
  /** The scenario's defaultLoads. @default the base's when it has as many nodes, else the first completion row's */
  loads?: number[];
  /** @default 'auto' (by AIC among exponential, lognormal, pareto) */
  commFamily?: FittedFamily | 'auto';
  /** @default 'auto' (by AIC among floor-linear, affine, constant) */
  transferModel?: TransferKind | 'auto';
  /** Bootstrap resamples. @default 1000 */
  bootstrap?: number;
  /** Seed of the bootstrap streams. @default 1 */
  seed?: number;
}

export type CiMethod = 'profile likelihood' | 'bootstrap' | 'none';

export interface CalibratedParameter {
  /** e.g. `lambda_1`, `comm.mean`, `transfer.dMin`, `speedFactor`. */
  name: string;
  value: number;
  /** 95 % interval; null when there is none (e.g. a fit from one sample). */
  ci95: Interval | null;
  method: CiMethod;
  unit: string;
  /** Samples or observations it was fitted from. */
  samples: number;
}

export interface ModelChoice {
  name: string;
  logLik: number;
  params: number;
  aic: number;
  excluded?: string;
}

export interface BatchMean {
  batch: number;
  count: number;
  mean: number;
  /** Student's t 95 % interval of the mean; null with one observation. */
  ci95: Interval | null;
}

export interface CalibrationResult {
  scenario: Scenario;
  parameters: CalibratedParameter[];
  /** The candidate families of the communication delay (when measured). */
  comm?: { chosen: FittedFamily; candidates: ModelChoice[] };
  /** The candidate transfer models, the per-batch means and the observations (when measured). */
  transfer?: { chosen: TransferKind; candidates: ModelChoice[]; fits: TransferModel[]; batchMeans: BatchMean[] };
  completion?: CompletionFit;
  /** The parts taken from the base scenario. */
  fromBase: string[];
  base: string;
  seed: number;
  bootstrap: number;
  /** Bootstrap resamples whose refit failed, per quantity (left out of the intervals). */
  bootstrapFailures: Record<string, number>;
}

function commPart(samples: number[], family: FittedFamily | 'auto'): { distribution: Distribution; parameters: CalibratedParameter[]; choice: NonNullable<CalibrationResult['comm']> } {
  if (samples.length < 2) throw new ConfigError('comm', samples.length, '', `comm: expected at least 2 communication-delay samples, got ${samples.length}`);
  const sel = selectFamily(samples, family === 'auto' ? FITTED_FAMILIES : [family], 'comm');
  const chosen = sel.best;
  const intervals = familyIntervals(chosen.family, samples);
  const parameters = familyParameters(chosen.distribution).map(([name, value], j): CalibratedParameter => ({
    name: `comm.${name}`,
    value,
    ci95: intervals[j] ?? null,
    method: 'profile likelihood',
    unit: name === 'mean' ? 's' : '',
    samples: samples.length,
  }));
  const candidates = sel.fits.map((f: FamilyFit): ModelChoice => ({ name: f.family, logLik: f.logLik, params: f.params, aic: f.aic, ...(f.excluded !== undefined ? { excluded: f.excluded } : {}) }));
  return { distribution: chosen.distribution, parameters, choice: { chosen: chosen.family, candidates } };
}

function transferPart(m: Measurements, kind: TransferKind | 'auto', resamples: number, seed: number): { model: TransferModel; parameters: CalibratedParameter[]; choice: NonNullable<CalibrationResult['transfer']>; failed: number } {
  const obs = m.transfer;
  const sel = selectTransferModel(obs, kind === 'auto' ? TRANSFER_KINDS : [kind], 'transfer');
  const chosen: TransferFit = sel.best;
  // Stratified by batch size: every resample keeps the design (the observations at each size).
  const byBatch = new Map<number, number[]>();
  obs.forEach((o, i) => {
    const g = byBatch.get(o.batch);
    if (g === undefined) byBatch.set(o.batch, [i]);
    else g.push(i);
  });
  const boot = bootstrapIntervals(
    [...byBatch.values()],
    (rows) => {
      const f = fitTransferModel(chosen.model.kind, batchTotals(obs, rows));
      return f === undefined ? undefined : transferParameters(f.model).map(([, v]) => v);
    },
    resamples,
    streamFor(seed, 'bootstrap-transfer'),
  );
  const units: Record<string, string> = { dMin: 's', d: 's/task', beta: '1/task', mean: 's' };
  const parameters = transferParameters(chosen.model).map(([name, value], j): CalibratedParameter => ({
    name: `transfer.${name}`,
    value,
    ci95: boot.intervals[j] ?? null,
    method: 'bootstrap',
    unit: units[name] ?? '',
    samples: obs.length,
  }));
  const t = batchTotals(obs);
  const batchMeans = Array.from(t.batch, (batch, i): BatchMean => {
    const xs = obs.filter((o) => o.batch === batch).map((o) => o.seconds);
    const mean = t.sum[i]! / t.count[i]!;
    const sd = xs.length > 1 ? Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1)) : 0;
    const ci = ci95(mean, sd / Math.sqrt(xs.length), xs.length);
    return { batch, count: xs.length, mean, ci95: Number.isNaN(ci[0]) ? null : ci };
  });
  return {
    model: chosen.model,
    parameters,
    choice: {
      chosen: chosen.model.kind,
      candidates: sel.fits.map((f) => ({ name: f.model.kind, logLik: f.logLik, params: f.params, aic: f.aic })),
      fits: sel.fits.map((f) => f.model),
      batchMeans,
    },
    failed: boot.failed,
  };
}

/** The node count the measurements imply (service tables, else completion loads, else the base's). */
function nodeCount(m: Measurements, base: Scenario): number {
  const fromService = m.service.length;
  const fromCompletion = m.completion[0]?.loads.length;
  if (fromService > 0 && fromCompletion !== undefined && fromCompletion !== fromService) {
    const w = m.completion[0]!.where;
    throw new ConfigError(w, fromCompletion, '', `${w}: expected ${fromService} load columns (the service tables have nodes 1 .. ${fromService}), got ${fromCompletion}`);
  }
  return fromService > 0 ? fromService : fromCompletion ?? base.nodes.length;
}

export function calibrate(m: Measurements, options: CalibrationOptions): CalibrationResult {
  const base = options.base;
  const resamples = requirePositiveInt(options.bootstrap ?? 1000, 'bootstrap');
  const seed = options.seed ?? 1;
  const n = nodeCount(m, base);
  if (n < 2) throw new ConfigError('service', n, '', `service: expected service times of at least 2 nodes (node 1, node 2, ...), got ${n}`);
  const fromBase: string[] = [];
  const parameters: CalibratedParameter[] = [];
  const failures: Record<string, number> = {};
  const sameNodes = base.nodes.length === n;
  if (!sameNodes && m.service.length === 0) {
    throw new ConfigError('service', n, '', `service: expected service times for the ${n} nodes of the completion tables (the base scenario ${base.name} has ${base.nodes.length} nodes)`);
  }
  let nodes = base.nodes.map((nd) => ({ ...nd }));
  if (m.service.length > 0) {
    nodes = m.service.map((xs, i) => {
      const fit = fitServiceRate(xs);
      parameters.push({ name: `lambda_${i + 1}`, value: fit.rate, ci95: fit.ci95, method: 'profile likelihood', unit: 'tasks/s', samples: fit.samples });
      return { name: (sameNodes ? base.nodes[i]?.name : undefined) ?? `node${i + 1}`, service: { family: 'exponential' as const, mean: 1 / fit.rate } };
    });
  } else fromBase.push('nodes');
  let comm = base.comm;
  let commChoice: CalibrationResult['comm'];
  if (m.comm.length > 0) {
    const part = commPart(m.comm, options.commFamily ?? 'auto');
    comm = part.distribution;
    commChoice = part.choice;
    parameters.push(...part.parameters);
  } else fromBase.push(base.commPairs === undefined ? 'comm' : 'comm, commPairs');
  let transfer = base.transfer;
  let transferChoice: CalibrationResult['transfer'];
  if (m.transfer.length > 0) {
    const part = transferPart(m, options.transferModel ?? 'auto', resamples, seed);
    transfer = { model: part.model };
    transferChoice = part.choice;
    parameters.push(...part.parameters);
    failures['transfer'] = part.failed;
  } else fromBase.push('transfer');
  let loads: number[];
  if (options.loads !== undefined) loads = validateLoads(options.loads, n, '--loads');
  else if (sameNodes) {
    loads = [...base.defaultLoads];
    fromBase.push('defaultLoads');
  } else if (m.completion[0] !== undefined) loads = [...m.completion[0].loads];
  else throw new ConfigError('--loads', undefined, '', `--loads: required, the measurements have ${n} nodes and the base scenario ${base.name} has ${base.nodes.length}, so its defaultLoads do not fit`);
  const draft: Scenario = {
    name: options.name ?? 'calibrated',
    description: `Calibrated from ${m.files.length === 0 ? 'measurements' : m.files.join(', ')} by lbgym calibrate`,
    nodes,
    comm,
    ...(m.comm.length === 0 && sameNodes && base.commPairs !== undefined ? { commPairs: base.commPairs } : {}),
    transfer,
    averaging: base.averaging ?? 'plain',
    unknownQueue: base.unknownQueue ?? 'zero',
    defaultLoads: loads,
  };
  let scenario = validateScenario(draft, 'calibrated scenario');
  let completion: CompletionFit | undefined;
  if (m.completion.length > 0) {
    const where = m.completion[0]!.where;
    try {
      twoNodeModel(scenario);
    } catch (e) {
      throw new ConfigError(where, undefined, '', `${where}: completion times are fitted with the exact two-node solver, which does not apply to this fit (${(e as Error).message}); use --comm-family exponential, or leave the completion table out`);
    }
    completion = fitCompletionTimes(scenario, m.completion);
    scenario = validateScenario(withSpeedFactor(scenario, completion.speedFactor), 'calibrated scenario');
    parameters.push({ name: 'speedFactor', value: completion.speedFactor, ci95: completion.ci95, method: 'profile likelihood', unit: '', samples: m.completion.length });
  }
  return {
    scenario,
    parameters,
    ...(commChoice !== undefined ? { comm: commChoice } : {}),
    ...(transferChoice !== undefined ? { transfer: transferChoice } : {}),
    ...(completion !== undefined ? { completion } : {}),
    fromBase,
    base: base.name,
    seed,
    bootstrap: resamples,
    bootstrapFailures: failures,
  };
}

/**
 * Validates a parsed `comparison.json` against the `ReportData` contract
 * (experiments/report/report-data.ts). Each error is a `ConfigError` whose
 * message names the file and the field path, e.g.
 * `out/comparison.json: rows[2].meanReturn.ci95: expected [low, high] numbers, got [1]`.
 *
 * JSON has no NaN: `JSON.stringify` writes it as `null`, so `null` is read
 * back as NaN in estimates and as "absent" for optional fields.
 */
import { ConfigError } from '../../envs/sim/validation.js';
import type { ComparisonRow, CurvePoint, Estimate, ExactSummary, FrontierData, FrontierPoint, FrontierPolicy, LearningCurve, LearningRow, LoadSweep, McPoint, PolicyMap, ReportData } from './report-data.js';

type Obj = Record<string, unknown>;

class Reader {
  constructor(readonly source: string) {}

  fail(path: string, value: unknown, expected: string): never {
    throw new ConfigError(`${this.source}: ${path}`, value, expected);
  }

  object(v: unknown, path: string): Obj {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(path, v, 'an object');
    return v as Obj;
  }

  array(v: unknown, path: string): unknown[] {
    if (!Array.isArray(v)) this.fail(path, v, 'an array');
    return v;
  }

  string(v: unknown, path: string): string {
    if (typeof v !== 'string') this.fail(path, v, 'a string');
    return v;
  }

  finite(v: unknown, path: string): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(path, v, 'a finite number');
    return v;
  }

  /** A number, or null read as NaN (a statistic that could not be estimated). */
  numberOrNull(v: unknown, path: string): number {
    if (v === null) return Number.NaN;
    if (typeof v !== 'number') this.fail(path, v, 'a number or null');
    return v;
  }

  interval(v: unknown, path: string): [number, number] {
    if (!Array.isArray(v) || v.length !== 2) this.fail(path, v, '[low, high] numbers');
    return [this.numberOrNull(v[0], `${path}[0]`), this.numberOrNull(v[1], `${path}[1]`)];
  }

  estimate(v: unknown, path: string): Estimate {
    const o = this.object(v, path);
    return {
      mean: this.numberOrNull(o['mean'], `${path}.mean`),
      stdError: this.numberOrNull(o['stdError'], `${path}.stdError`),
      ci95: this.interval(o['ci95'], `${path}.ci95`),
    };
  }

  optional<T>(o: Obj, key: string, path: string, read: (v: unknown, path: string) => T): T | undefined {
    const v = o[key];
    return v === undefined || v === null ? undefined : read(v, `${path}.${key}`);
  }

  list<T>(v: unknown, path: string, read: (v: unknown, path: string) => T): T[] {
    return this.array(v, path).map((x, i) => read(x, `${path}[${i}]`));
  }
}

function readRow(r: Reader, v: unknown, path: string): ComparisonRow {
  const o = r.object(v, path);
  const kind = o['kind'];
  if (kind !== 'agent' && kind !== 'baseline') r.fail(`${path}.kind`, kind, '"agent" or "baseline"');
  const metricsObj = r.object(o['metrics'], `${path}.metrics`);
  const metrics: Record<string, Estimate> = {};
  for (const [key, est] of Object.entries(metricsObj)) metrics[key] = r.estimate(est, `${path}.metrics.${key}`);
  const row: ComparisonRow = {
    name: r.string(o['name'], `${path}.name`),
    kind,
    meanReturn: r.estimate(o['meanReturn'], `${path}.meanReturn`),
    metrics,
  };
  const meanCompletion = r.optional(o, 'meanCompletion', path, (x, p) => r.estimate(x, p));
  const jain = r.optional(o, 'jain', path, (x, p) => r.estimate(x, p));
  const regret = r.optional(o, 'regret', path, (x, p) => r.finite(x, p));
  const gap = r.optional(o, 'gap', path, (x, p) => r.finite(x, p));
  const normalizedRegret = r.optional(o, 'normalizedRegret', path, (x, p) => r.finite(x, p));
  if (meanCompletion !== undefined) row.meanCompletion = meanCompletion;
  if (jain !== undefined) row.jain = jain;
  if (regret !== undefined) row.regret = regret;
  if (gap !== undefined) row.gap = gap;
  if (normalizedRegret !== undefined) row.normalizedRegret = normalizedRegret;
  const perNode = r.optional(o, 'perNodeGainsRegret', path, (x, p) => r.finite(x, p));
  if (perNode !== undefined) row.perNodeGainsRegret = perNode;
  return row;
}

function readExact(r: Reader, v: unknown, path: string): ExactSummary {
  const o = r.object(v, path);
  const out: ExactSummary = {
    reward: r.string(o['reward'], `${path}.reward`),
    target: r.string(o['target'], `${path}.target`),
    family: r.string(o['family'], `${path}.family`),
    familyOptimum: r.finite(o['familyOptimum'], `${path}.familyOptimum`),
  };
  const widest = r.optional(o, 'widestOptimum', path, (x, p) => r.finite(x, p));
  const leaves = r.optional(o, 'familyLeavesOfWidest', path, (x, p) => r.finite(x, p));
  if (widest !== undefined) out.widestOptimum = widest;
  if (leaves !== undefined) out.familyLeavesOfWidest = leaves;
  const gridPoints = r.optional(o, 'gridPoints', path, (x, p) => r.finite(x, p));
  if (gridPoints !== undefined) out.gridPoints = gridPoints;
  return out;
}

function readFrontierPoint(r: Reader, v: unknown, path: string): FrontierPoint {
  const o = r.object(v, path);
  const p: FrontierPoint = { mu: r.finite(o['mu'], `${path}.mu`), jain: r.finite(o['jain'], `${path}.jain`) };
  for (const key of ['K', 'tb', 'alpha'] as const) {
    const x = r.optional(o, key, path, (y, q) => r.finite(y, q));
    if (x !== undefined) p[key] = x;
  }
  return p;
}

function readFrontier(r: Reader, v: unknown, path: string): FrontierData {
  const o = r.object(v, path);
  return {
    loads: readLoads(r, o['loads'], `${path}.loads`),
    atLoads: r.list(o['atLoads'], `${path}.atLoads`, (x, p) => readFrontierPoint(r, x, p)),
    ...(o['atLoadsPlain'] === undefined ? {} : { atLoadsPlain: r.list(o['atLoadsPlain'], `${path}.atLoadsPlain`, (x, p) => readFrontierPoint(r, x, p)) }),
    overGrid: r.list(o['overGrid'], `${path}.overGrid`, (x, p) => readFrontierPoint(r, x, p)),
    policies: r.list(o['policies'], `${path}.policies`, (x, p): FrontierPolicy => {
      const q = r.object(x, p);
      const kind = q['kind'];
      if (kind !== 'agent' && kind !== 'baseline') r.fail(`${p}.kind`, kind, '"agent" or "baseline"');
      const out: FrontierPolicy = { name: r.string(q['name'], `${p}.name`), kind, mu: r.estimate(q['mu'], `${p}.mu`), jain: r.estimate(q['jain'], `${p}.jain`) };
      const gridMu = r.optional(q, 'gridMu', p, (y, z) => r.finite(y, z));
      const gridJain = r.optional(q, 'gridJain', p, (y, z) => r.finite(y, z));
      if (gridMu !== undefined) out.gridMu = gridMu;
      if (gridJain !== undefined) out.gridJain = gridJain;
      return out;
    }),
  };
}

function readRewardCurves(r: Reader, v: unknown, path: string): NonNullable<ReportData['rewardCurves']> {
  const o = r.object(v, path);
  return {
    reward: r.string(o['reward'], `${path}.reward`),
    loads: readLoads(r, o['loads'], `${path}.loads`),
    analytic: r.list(o['analytic'], `${path}.analytic`, (x, p) => {
      const q = r.object(x, p);
      return { K: r.finite(q['K'], `${p}.K`), tb: r.finite(q['tb'], `${p}.tb`), value: r.finite(q['value'], `${p}.value`) };
    }),
  };
}

function readLoadSweep(r: Reader, v: unknown, path: string): LoadSweep {
  const o = r.object(v, path);
  const f = r.object(o['fairness'], `${path}.fairness`);
  return {
    fairness: { key: r.string(f['key'], `${path}.fairness.key`), title: r.string(f['title'], `${path}.fairness.title`) },
    levels: r.list(o['levels'], `${path}.levels`, (x, p) => {
      const level = r.object(x, p);
      return { load: r.finite(level['load'], `${p}.load`), rows: r.list(level['rows'], `${p}.rows`, (y, q) => readRow(r, y, q)) };
    }),
  };
}

function readCurvePoint(r: Reader, v: unknown, path: string): CurvePoint {
  const o = r.object(v, path);
  return { K: r.finite(o['K'], `${path}.K`), tb: r.finite(o['tb'], `${path}.tb`), mu: r.finite(o['mu'], `${path}.mu`) };
}

function readMcPoint(r: Reader, v: unknown, path: string): McPoint {
  const o = r.object(v, path);
  return {
    K: r.finite(o['K'], `${path}.K`),
    tb: r.finite(o['tb'], `${path}.tb`),
    mean: r.finite(o['mean'], `${path}.mean`),
    ci95: r.interval(o['ci95'], `${path}.ci95`),
  };
}

const LEARNING_KEYS = ['episodic_return', 'regret', 'normalized_regret', 'completion_time', 'jain'] as const;

function readLearning(r: Reader, v: unknown, path: string): LearningCurve {
  const o = r.object(v, path);
  const rows = r.list(o['rows'], `${path}.rows`, (x, p): LearningRow => {
    const row = r.object(x, p);
    const out: LearningRow = { step: r.finite(row['step'], `${p}.step`) };
    for (const key of LEARNING_KEYS) {
      const value = r.optional(row, key, p, (y, q) => r.finite(y, q));
      if (value !== undefined) out[key] = value;
    }
    return out;
  });
  return { run: r.string(o['run'], `${path}.run`), rows };
}

function readLoads(r: Reader, v: unknown, path: string): number[] {
  const loads = r.list(v, path, (x, p) => r.finite(x, p));
  if (loads.length < 2) r.fail(path, v, 'at least 2 loads (one per node)');
  return loads;
}

function readMap(r: Reader, v: unknown, path: string): PolicyMap {
  const o = r.object(v, path);
  return {
    policy: r.string(o['policy'], `${path}.policy`),
    points: r.list(o['points'], `${path}.points`, (x, p) => {
      const pt = r.object(x, p);
      return { loads: readLoads(r, pt['loads'], `${p}.loads`), K: r.finite(pt['K'], `${p}.K`), tb: r.finite(pt['tb'], `${p}.tb`) };
    }),
  };
}

/** Checks `value` (parsed JSON read from `source`) against the contract and returns it typed. */
export function parseReportData(value: unknown, source: string): ReportData {
  const r = new Reader(source);
  const o = r.object(value, '(top level)');
  const data: ReportData = {
    title: r.string(o['title'], 'title'),
    env: r.string(o['env'], 'env'),
    envKwargs: r.object(o['envKwargs'], 'envKwargs'),
    scenario: r.string(o['scenario'], 'scenario'),
    seed: r.finite(o['seed'], 'seed'),
    episodes: r.finite(o['episodes'], 'episodes'),
    createdAt: r.string(o['createdAt'], 'createdAt'),
    rows: r.list(o['rows'], 'rows', (x, p) => readRow(r, x, p)),
    learning: o['learning'] === undefined ? [] : r.list(o['learning'], 'learning', (x, p) => readLearning(r, x, p)),
    maps: o['maps'] === undefined ? [] : r.list(o['maps'], 'maps', (x, p) => readMap(r, x, p)),
    ...(o['exact'] === undefined || o['exact'] === null ? {} : { exact: readExact(r, o['exact'], 'exact') }),
    ...(o['frontier'] === undefined || o['frontier'] === null ? {} : { frontier: readFrontier(r, o['frontier'], 'frontier') }),
    ...(o['rewardCurves'] === undefined || o['rewardCurves'] === null ? {} : { rewardCurves: readRewardCurves(r, o['rewardCurves'], 'rewardCurves') }),
    ...(o['loadSweep'] === undefined || o['loadSweep'] === null ? {} : { loadSweep: readLoadSweep(r, o['loadSweep'], 'loadSweep') }),
  };
  const tb = r.optional(o, 'tbCurves', '', (x) => r.object(x, 'tbCurves'));
  if (tb !== undefined) {
    data.tbCurves = {
      loads: readLoads(r, tb['loads'], 'tbCurves.loads'),
      analytic: r.list(tb['analytic'], 'tbCurves.analytic', (x, p) => readCurvePoint(r, x, p)),
      monteCarlo: r.list(tb['monteCarlo'] ?? [], 'tbCurves.monteCarlo', (x, p) => readMcPoint(r, x, p)),
    };
  }
  const k = r.optional(o, 'kCurves', '', (x) => r.object(x, 'kCurves'));
  if (k !== undefined) {
    data.kCurves = {
      loads: readLoads(r, k['loads'], 'kCurves.loads'),
      analytic: r.list(k['analytic'], 'kCurves.analytic', (x, p) => readCurvePoint(r, x, p)),
    };
  }
  return data;
}

/**
 * The report's charts as vega-lite specs, one function per chart. Each takes
 * a piece of `ReportData` and returns a spec (render it to SVG with
 * `renderSvg` from ./render.ts). Units are in the axis titles: times in
 * seconds, loads in tasks, regret in percent.
 */
import type { TopLevelSpec } from 'vega-lite';
import { type ComparisonRow, type FrontierPoint, type LearningCurve, type LearningRow, type LoadSweep, OPTIMAL_POLICY, type PolicyMap, type ReportData } from './report-data.js';

const WIDTH = 520;
const HEIGHT = 300;
/** Learning curves are thinned to at most this many points per run (SVG size). */
export const MAX_CURVE_POINTS = 400;
/** Heatmap cells get their value written in them when a policy's grid has at most this many cells. */
const MAX_LABELLED_CELLS = 100;
const KIND_COLORS = { baseline: '#4c78a8', agent: '#f58518' } as const;

function loadsText(loads: number[]): string {
  return `initial loads (${loads.join(', ')}) tasks`;
}

/**
 * A left-aligned title. Subtitles are given as short lines: without a canvas,
 * vega estimates text widths generously, and one long line would widen the SVG.
 */
function chartTitle(text: string, subtitle: string[] = []) {
  return { text, anchor: 'start', ...(subtitle.length > 0 ? { subtitle } : {}) } as const;
}

/** mu(t_b) for several K: analytic lines, Monte-Carlo points with 95% CI bars, one colour per K. */
export function tbCurvesChart(curves: NonNullable<ReportData['tbCurves']>): TopLevelSpec {
  const x = { field: 'tb', type: 'quantitative', title: 'balancing instant t_b (s)' } as const;
  const color = { field: 'K', type: 'ordinal', title: 'gain K', scale: { scheme: 'tableau10' } } as const;
  const mc = curves.monteCarlo.map((p) => ({ K: p.K, tb: p.tb, mean: p.mean, lo: p.ci95[0], hi: p.ci95[1] }));
  const withCi = mc.filter((p) => Number.isFinite(p.lo) && Number.isFinite(p.hi));
  const yTitle = 'expected completion time (s)';
  const layer: Extract<TopLevelSpec, { layer: unknown }>['layer'] = [
    {
      data: { values: curves.analytic },
      mark: { type: 'line', strokeWidth: 2 },
      encoding: { x, y: { field: 'mu', type: 'quantitative', title: yTitle, scale: { zero: false } }, color },
    },
  ];
  if (withCi.length > 0) {
    layer.push({
      data: { values: withCi },
      mark: { type: 'rule', strokeWidth: 1.5 },
      encoding: { x, y: { field: 'lo', type: 'quantitative', title: yTitle }, y2: { field: 'hi' }, color },
    });
  }
  if (mc.length > 0) {
    layer.push({
      data: { values: mc },
      mark: { type: 'point', filled: true, size: 40 },
      encoding: { x, y: { field: 'mean', type: 'quantitative', title: yTitle }, color },
    });
  }
  return {
    title: chartTitle('Completion time against the balancing instant t_b', [
      loadsText(curves.loads),
      'lines: analytic (regeneration theory)',
      ...(mc.length > 0 ? ['points: Monte-Carlo mean with 95% CI'] : []),
    ]),
    width: WIDTH,
    height: HEIGHT,
    layer,
  };
}

/** mu against K for several t_b (analytic), one colour per t_b. */
export function kCurvesChart(curves: NonNullable<ReportData['kCurves']>): TopLevelSpec {
  return {
    title: chartTitle('Completion time against the gain K', [loadsText(curves.loads), 'analytic (regeneration theory)']),
    width: WIDTH,
    height: HEIGHT,
    data: { values: curves.analytic },
    // Point markers only where they can be told apart.
    mark: { type: 'line', point: curves.analytic.length <= 25 * new Set(curves.analytic.map((p) => p.tb)).size, strokeWidth: 2 },
    encoding: {
      x: { field: 'K', type: 'quantitative', title: 'gain K', scale: { domain: [0, 1] } },
      y: { field: 'mu', type: 'quantitative', title: 'expected completion time (s)', scale: { zero: false } },
      color: { field: 'tb', type: 'ordinal', title: 't_b (s)', scale: { scheme: 'tableau10' } },
    },
  };
}

/** The learning-curve metrics that can be plotted, with their axis titles. */
export const LEARNING_METRICS = {
  episodic_return: { title: 'Learning curves: episodic return', subtitle: [], axis: 'mean episodic return' },
  regret: { title: 'Learning curves: regret', subtitle: ["exact, relative to the optimum of the run's reward and family"], axis: 'regret (%)' },
  normalized_regret: { title: 'Learning curves: normalized regret', subtitle: ["share of the optimum's gain over no balancing left unused"], axis: 'normalized regret (%)' },
  completion_time: { title: 'Learning curves: completion time', subtitle: [], axis: 'mean completion time (s)' },
  jain: { title: 'Learning curves: fairness', subtitle: ['Jain index of per-node finish times'], axis: 'Jain index' },
} as const;
export type LearningMetric = keyof typeof LEARNING_METRICS;

function thin<T>(rows: T[], max: number): T[] {
  if (rows.length <= max) return rows;
  const stride = Math.ceil(rows.length / max);
  const kept = rows.filter((_, i) => i % stride === 0);
  const last = rows[rows.length - 1]!;
  if (kept[kept.length - 1] !== last) kept.push(last);
  return kept;
}

/**
 * `metric` against environment steps, one line per run; `undefined` when no
 * run logged that metric. Regret is a fraction in the data and shown in percent.
 * `reference`: the optimum's value, drawn as a dashed horizontal line.
 */
export function learningCurvesChart(
  learning: LearningCurve[],
  metric: LearningMetric = 'episodic_return',
  reference?: { value: number; label: string },
): TopLevelSpec | undefined {
  const values = learning.flatMap((curve) =>
    thin(
      curve.rows.filter((r: LearningRow) => r[metric] !== undefined && Number.isFinite(r[metric])),
      MAX_CURVE_POINTS,
    ).map((r) => ({ run: curve.run, step: r.step, value: r[metric]! })),
  );
  if (values.length === 0) return undefined;
  const meta = LEARNING_METRICS[metric];
  const y = {
    field: 'value',
    type: 'quantitative',
    title: meta.axis,
    scale: { zero: false },
    ...(metric === 'regret' || metric === 'normalized_regret' ? { axis: { format: '.1%' } } : {}),
  } as const;
  const lines = {
    mark: { type: 'line', strokeWidth: 1.5 },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'environment steps' },
      y,
      color: { field: 'run', type: 'nominal', title: 'run', legend: { orient: 'bottom', columns: 1, labelLimit: 500 } },
    },
  } as const;
  const top = { title: chartTitle(meta.title, [...meta.subtitle]), width: WIDTH, height: HEIGHT, data: { values } };
  if (reference === undefined || !Number.isFinite(reference.value)) return { ...top, ...lines } as TopLevelSpec;
  const ref = { value: reference.value, label: reference.label };
  return {
    ...top,
    layer: [
      lines,
      { data: { values: [ref] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#555' }, encoding: { y: { field: 'value', type: 'quantitative' } } },
      { data: { values: [ref] }, mark: { type: 'text', align: 'left', dx: 4, dy: -6, x: 0, color: '#555' }, encoding: { y: { field: 'value', type: 'quantitative' }, text: { field: 'label' } } },
    ],
  } as TopLevelSpec;
}

/** Policy names in facet order: the regeneration optimum first, then as given. */
export function policyOrder(maps: PolicyMap[]): string[] {
  const names = [...new Set(maps.map((m) => m.policy))];
  return [...names.filter((n) => n === OPTIMAL_POLICY), ...names.filter((n) => n !== OPTIMAL_POLICY)];
}

/**
 * Heatmaps over the grid of initial loads of the `K` (or `t_b`) each policy
 * chose: x = load of node 1, y = load of node 2, one panel per policy with
 * the regeneration optimum first. `undefined` when there are no points.
 */
export function policyMapsChart(maps: PolicyMap[], param: 'K' | 'tb'): TopLevelSpec | undefined {
  const values = maps.flatMap((m) => m.points.map((p) => ({ policy: m.policy, load1: p.loads[0]!, load2: p.loads[1]!, value: param === 'K' ? p.K : p.tb })));
  if (values.length === 0) return undefined;
  const order = policyOrder(maps);
  const legendTitle = param === 'K' ? 'gain K' : 't_b (s)';
  const x = { field: 'load1', type: 'ordinal', title: 'load of node 1 (tasks)', axis: { labelAngle: 0 } } as const;
  const y = { field: 'load2', type: 'ordinal', title: 'load of node 2 (tasks)', sort: 'descending' } as const;
  const maxCells = Math.max(...maps.map((m) => m.points.length));
  const lo = Math.min(...values.map((v) => v.value));
  const hi = Math.max(...values.map((v) => v.value));
  const colorDomain = param === 'K' ? [0, 1] : [Math.min(0, lo), hi > lo ? hi : lo + 1];
  const mid = (colorDomain[0]! + colorDomain[1]!) / 2;
  const layer: Extract<TopLevelSpec, { layer: unknown }>['layer'] = [
    {
      mark: { type: 'rect' },
      encoding: { x, y, color: { field: 'value', type: 'quantitative', title: legendTitle, scale: { scheme: 'viridis', domain: colorDomain } } },
    },
  ];
  if (maxCells <= MAX_LABELLED_CELLS) {
    layer.push({
      mark: { type: 'text', fontSize: 9 },
      encoding: {
        x,
        y,
        text: { field: 'value', type: 'quantitative', format: param === 'K' ? '.2f' : '.3~g' },
        color: { condition: { test: `datum.value > ${mid}`, value: 'black' }, value: 'white' },
      },
    });
  }
  return {
    title: chartTitle(param === 'K' ? 'Gain K chosen over the grid of initial loads' : 'Balancing instant t_b chosen over the grid of initial loads', [
      `one panel per policy, ${OPTIMAL_POLICY} first`,
    ]),
    data: { values },
    facet: { field: 'policy', type: 'nominal', title: null, sort: order, header: { labelFontSize: 12, labelFontWeight: 'bold' } },
    columns: 3,
    spec: { width: 180, height: 180, layer },
  };
}

/**
 * Mean completion time per policy with its 95% CI as an error bar (a dot
 * and whisker: policies differ by a few percent, which bars from zero would
 * hide), and a dashed line at the regeneration optimum's mean. The mean
 * episodic return instead when no row has a completion time. `undefined`
 * when no mean is finite.
 */
export function comparisonBarChart(rows: ComparisonRow[]): TopLevelSpec | undefined {
  const byCompletion = rows.some((r) => r.meanCompletion !== undefined);
  const values = rows.flatMap((r) => {
    const est = byCompletion ? r.meanCompletion : r.meanReturn;
    if (est === undefined || !Number.isFinite(est.mean)) return [];
    return [{ name: r.name, kind: r.kind, mean: est.mean, lo: est.ci95[0], hi: est.ci95[1] }];
  });
  if (values.length === 0) return undefined;
  const withCi = values.filter((v) => Number.isFinite(v.lo) && Number.isFinite(v.hi));
  const axis = byCompletion ? 'mean completion time (s)' : 'mean episodic return';
  const y = { field: 'name', type: 'nominal', title: 'policy', sort: null, axis: { labelLimit: 300 } } as const;
  // Same colour per kind in every report, whichever kinds are present.
  const kinds = (['baseline', 'agent'] as const).filter((k) => values.some((v) => v.kind === k));
  const color = { field: 'kind', type: 'nominal', title: 'kind', scale: { domain: kinds, range: kinds.map((k) => KIND_COLORS[k]) } } as const;
  const layer: Extract<TopLevelSpec, { layer: unknown }>['layer'] = [];
  const optimum = values.find((v) => v.name === OPTIMAL_POLICY);
  if (optimum !== undefined) {
    layer.push({
      data: { values: [{ mean: optimum.mean }] },
      mark: { type: 'rule', strokeDash: [4, 4], color: 'gray' },
      encoding: { x: { field: 'mean', type: 'quantitative', title: axis } },
    });
  }
  if (withCi.length > 0) {
    layer.push({
      data: { values: withCi },
      mark: { type: 'rule', strokeWidth: 2 },
      encoding: { y, x: { field: 'lo', type: 'quantitative', title: axis, scale: { zero: false } }, x2: { field: 'hi' }, color },
    });
  }
  layer.push({
    data: { values },
    mark: { type: 'point', filled: true, size: 80 },
    encoding: { y, x: { field: 'mean', type: 'quantitative', title: axis, scale: { zero: false } }, color },
  });
  return {
    title: chartTitle(
      byCompletion ? 'Mean completion time per policy (95% CI)' : 'Mean episodic return per policy (95% CI)',
      optimum !== undefined ? [`dashed line: ${OPTIMAL_POLICY}`] : [],
    ),
    width: WIDTH,
    height: { step: 28 },
    layer,
  };
}

/**
 * The fairness/completion frontier: the exact Pareto frontier of
 * `(E[T], E[J(T_1, T_2)])` (line), and each compared policy as a point,
 * coloured by kind. `where = 'loads'`: at the frontier's load pair, policies
 * by Monte-Carlo with 95% CI bars on both axes; `'grid'`: averaged over the
 * load grid, policies exact.
 */
export function frontierChart(f: NonNullable<ReportData['frontier']>, where: 'loads' | 'grid'): TopLevelSpec | undefined {
  const line = where === 'loads' ? f.atLoads : f.overGrid;
  if (line.length === 0) return undefined;
  const x = { field: 'mu', type: 'quantitative', title: 'expected completion time E[T] (s)', scale: { zero: false } } as const;
  const y = { field: 'jain', type: 'quantitative', title: 'E[Jain index of finish times]', scale: { zero: false } } as const;
  const color = { field: 'kind', type: 'nominal', title: 'kind', scale: { domain: ['baseline', 'agent'], range: [KIND_COLORS.baseline, KIND_COLORS.agent] } } as const;
  const pts: { name: string; kind: string; mu: number; jain: number; muLo?: number; muHi?: number; jLo?: number; jHi?: number }[] =
    where === 'loads'
      ? f.policies.map((p) => ({ name: p.name, kind: p.kind, mu: p.mu.mean, jain: p.jain.mean, muLo: p.mu.ci95[0], muHi: p.mu.ci95[1], jLo: p.jain.ci95[0], jHi: p.jain.ci95[1] }))
      : f.policies.filter((p) => p.gridMu !== undefined && Number.isFinite(p.gridJain)).map((p) => ({ name: p.name, kind: p.kind, mu: p.gridMu!, jain: p.gridJain! }));
  const frontierLayer = (values: FrontierPoint[], color: string, dash: number[]) => ({
    data: { values },
    mark: { type: 'line' as const, strokeWidth: 2.5, color, strokeDash: dash, point: { size: 30, color, filled: true } },
    encoding: { x, y, order: { field: 'mu', type: 'quantitative' as const } },
  });
  const layer: Extract<TopLevelSpec, { layer: unknown }>['layer'] = [frontierLayer(line, '#54a24b', [])];
  if (where === 'loads' && f.atLoadsPlain !== undefined && f.atLoadsPlain.length > 0) layer.push(frontierLayer(f.atLoadsPlain, '#e45756', [6, 4]));
  if (where === 'loads') {
    const withCi = pts.filter((p) => Number.isFinite(p.muLo ?? Number.NaN) && Number.isFinite(p.jLo ?? Number.NaN));
    layer.push(
      { data: { values: withCi }, mark: { type: 'rule' }, encoding: { x: { field: 'muLo', type: 'quantitative', title: x.title }, x2: { field: 'muHi' }, y, color } },
      { data: { values: withCi }, mark: { type: 'rule' }, encoding: { x, y: { field: 'jLo', type: 'quantitative', title: y.title }, y2: { field: 'jHi' }, color } },
    );
  }
  layer.push(
    { data: { values: pts }, mark: { type: 'point', filled: true, size: 60 }, encoding: { x, y, color, tooltip: [{ field: 'name' }] } },
    { data: { values: pts }, mark: { type: 'text', align: 'left', dx: 6, dy: -6, fontSize: 10 }, encoding: { x, y, text: { field: 'name' } } },
  );
  return {
    title: chartTitle(
      where === 'loads' ? 'Fairness against completion time: the exact frontier' : 'Fairness against completion time, over the load grid',
      where === 'loads'
        ? [loadsText(f.loads), 'green: exact Pareto frontier over (K, t_b, alpha)', 'red, dashed: with the plain target only (alpha = 0)', 'points: policies, Monte-Carlo mean with 95% CI']
        : ['mean over the 5 x 5 load grid', 'line: exact supported frontier of load-dependent policies', 'points: policies, exact'],
    ),
    width: WIDTH,
    height: HEIGHT,
    layer,
  };
}

/** E[reward](t_b) for several K under the env's reward (analytic). */
export function rewardCurvesChart(curves: NonNullable<ReportData['rewardCurves']>): TopLevelSpec {
  return {
    title: chartTitle(`Expected ${curves.reward} reward against the balancing instant t_b`, [loadsText(curves.loads), 'analytic (exact solver)']),
    width: WIDTH,
    height: HEIGHT,
    data: { values: curves.analytic },
    mark: { type: 'line', strokeWidth: 2 },
    encoding: {
      x: { field: 'tb', type: 'quantitative', title: 'balancing instant t_b (s)' },
      y: { field: 'value', type: 'quantitative', title: `E[${curves.reward}]`, scale: { zero: false } },
      color: { field: 'K', type: 'ordinal', title: 'gain K', scale: { scheme: 'tableau10' } },
    },
  };
}

/** What the transfer-delay fit chart draws. */
export interface TransferFitChartData {
  /** Every observation (L, seconds). */
  observations: { batch: number; seconds: number }[];
  /** Mean delay per batch size, with its 95 % CI (null with one observation). */
  batchMeans: { batch: number; mean: number; ci95: [number, number] | null }[];
  /** Each fitted model's curve theta(L); `chosen` is drawn solid, the others dashed. */
  curves: { model: string; chosen: boolean; points: { batch: number; theta: number }[] }[];
}

/**
 * The delay paper's transfer-delay curve (its slide 13): delay against batch
 * size, the observations as faint dots, their mean per batch size with 95 %
 * CI bars, and the fitted mean theta(L) of each model, the chosen one solid.
 */
export function transferFitChart(data: TransferFitChartData): TopLevelSpec {
  const x = { field: 'batch', type: 'quantitative', title: 'batch size L (tasks)' } as const;
  const yTitle = 'transfer delay (s)';
  const curves = data.curves.flatMap((c) => c.points.map((p) => ({ model: c.chosen ? `${c.model} (chosen)` : c.model, chosen: c.chosen, batch: p.batch, theta: p.theta })));
  const withCi = data.batchMeans.filter((b) => b.ci95 !== null).map((b) => ({ batch: b.batch, lo: b.ci95![0], hi: b.ci95![1] }));
  const layer: Extract<TopLevelSpec, { layer: unknown }>['layer'] = [
    { data: { values: data.observations }, mark: { type: 'point', filled: true, size: 14, opacity: 0.25, color: '#888' }, encoding: { x, y: { field: 'seconds', type: 'quantitative', title: yTitle } } },
  ];
  if (withCi.length > 0) {
    layer.push({ data: { values: withCi }, mark: { type: 'rule', strokeWidth: 1.5, color: '#333' }, encoding: { x, y: { field: 'lo', type: 'quantitative', title: yTitle }, y2: { field: 'hi' } } });
  }
  layer.push(
    { data: { values: data.batchMeans }, mark: { type: 'point', filled: true, size: 50, color: '#333' }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: yTitle } } },
    {
      data: { values: curves },
      mark: { type: 'line', strokeWidth: 2 },
      encoding: {
        x,
        y: { field: 'theta', type: 'quantitative', title: yTitle },
        color: { field: 'model', type: 'nominal', title: 'fitted theta(L)', scale: { scheme: 'tableau10' }, legend: { orient: 'bottom', columns: 1 } },
        strokeDash: { field: 'chosen', type: 'nominal', scale: { domain: [true, false], range: [[1, 0], [5, 4]] }, legend: null },
      },
    },
  );
  return {
    title: chartTitle('Transfer delay against batch size', [
      'grey dots: observations; black: mean per batch size with 95% CI',
      'lines: fitted mean theta(L), the model chosen by AIC solid',
    ]),
    width: WIDTH,
    height: HEIGHT,
    layer,
  };
}

/**
 * A metric of every policy against the offered load (`compare --loads`): one
 * line per policy through its means, with 95% CI bars, as the fairness
 * paper's figures. `undefined` when no level has a finite value of `key`.
 */
export function loadSweepChart(sweep: LoadSweep, key: string, title: string): TopLevelSpec | undefined {
  const values = sweep.levels.flatMap((level) =>
    level.rows.flatMap((r) => {
      const est = r.metrics[key];
      if (est === undefined || !Number.isFinite(est.mean)) return [];
      return [{ load: level.load, policy: r.name, kind: r.kind, mean: est.mean, lo: est.ci95[0], hi: est.ci95[1] }];
    }),
  );
  if (values.length === 0) return undefined;
  const withCi = values.filter((v) => Number.isFinite(v.lo) && Number.isFinite(v.hi));
  const x = { field: 'load', type: 'quantitative', title: 'offered load (fraction of total capacity)', scale: { zero: false } } as const;
  const color = { field: 'policy', type: 'nominal', title: 'policy', sort: null, scale: { scheme: 'tableau10' } } as const;
  const y = { type: 'quantitative', title: key, scale: { zero: false } } as const;
  const layer: Extract<TopLevelSpec, { layer: unknown }>['layer'] = [
    {
      data: { values },
      mark: { type: 'line', point: { filled: true, size: 50 }, strokeWidth: 2 },
      encoding: { x, y: { ...y, field: 'mean' }, color, strokeDash: { field: 'kind', type: 'nominal', title: 'kind' } },
    },
  ];
  if (withCi.length > 0) {
    layer.push({
      data: { values: withCi },
      mark: { type: 'rule', strokeWidth: 1.5 },
      encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color },
    });
  }
  return {
    title: chartTitle(`${title} against the load`, ['mean over episodes with 95% CI, same seeds at every load', 'dashed: learned agents']),
    width: WIDTH,
    height: HEIGHT,
    layer,
  };
}

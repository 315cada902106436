import { describe, expect, it } from 'vitest';
import {
  MAX_CURVE_POINTS,
  comparisonBarChart,
  kCurvesChart,
  learningCurvesChart,
  policyMapsChart,
  policyOrder,
  tbCurvesChart,
} from '../../experiments/report/charts.js';
import { renderSvg } from '../../experiments/report/render.js';
import { syntheticReport } from './fixture.js';

const data = syntheticReport();

describe('report charts (vega-lite specs rendered to SVG)', () => {
  it('tbCurvesChart: title, axes with units, one colour per K in the legend', async () => {
    const svg = await renderSvg(tbCurvesChart(data.tbCurves!));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Completion time against the balancing instant t_b');
    expect(svg).toContain('balancing instant t_b (s)');
    expect(svg).toContain('expected completion time (s)');
    expect(svg).toContain('gain K');
    expect(svg).toContain('Monte-Carlo mean with 95% CI');
    expect(svg).toContain('initial loads (100, 50) tasks');
  });

  it('rendering leaves the data untouched (vega tags the objects it is given)', async () => {
    const d = syntheticReport();
    await renderSvg(tbCurvesChart(d.tbCurves!));
    expect(Object.getOwnPropertySymbols(d.tbCurves!.analytic[0]!)).toHaveLength(0);
    expect(d).toEqual(syntheticReport());
  });

  it('tbCurvesChart without Monte-Carlo points still renders', async () => {
    const svg = await renderSvg(tbCurvesChart({ ...data.tbCurves!, monteCarlo: [] }));
    expect(svg).not.toContain('Monte-Carlo');
    expect(svg).toContain('balancing instant t_b (s)');
  });

  it('kCurvesChart: mu against K, coloured by t_b', async () => {
    const svg = await renderSvg(kCurvesChart(data.kCurves!));
    expect(svg).toContain('Completion time against the gain K');
    expect(svg).toContain('gain K');
    expect(svg).toContain('t_b (s)');
  });

  it('learningCurvesChart: return and regret (in %), undefined when absent', async () => {
    const ret = await renderSvg(learningCurvesChart(data.learning)!);
    expect(ret).toContain('Learning curves: episodic return');
    expect(ret).toContain('environment steps');
    expect(ret).toContain('LB-OneShot-v0__ppo__1__1700000000');
    const regret = await renderSvg(learningCurvesChart(data.learning, 'regret')!);
    expect(regret).toContain('regret (%)');
    expect(regret).toMatch(/\d+\.\d%/);
    expect(learningCurvesChart(data.learning, 'jain')).toBeUndefined();
    expect(learningCurvesChart([])).toBeUndefined();
  });

  it('learningCurvesChart thins long runs and keeps the last point', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({ step: i, episodic_return: i }));
    const spec = learningCurvesChart([{ run: 'r', rows }]) as { data: { values: { step: number }[] } };
    expect(spec.data.values.length).toBeLessThanOrEqual(MAX_CURVE_POINTS + 1);
    expect(spec.data.values[spec.data.values.length - 1]!.step).toBe(4999);
  });

  it('policyMapsChart: one panel per policy, optimum first, K and t_b', async () => {
    expect(policyOrder(data.maps)).toEqual(['regeneration-optimal', 'ppo']);
    const k = await renderSvg(policyMapsChart(data.maps, 'K')!);
    expect(k).toContain('Gain K chosen over the grid of initial loads');
    expect(k).toContain('load of node 1 (tasks)');
    expect(k).toContain('load of node 2 (tasks)');
    expect(k.indexOf('regeneration-optimal')).toBeLessThan(k.indexOf('>ppo<'));
    const tb = await renderSvg(policyMapsChart(data.maps, 'tb')!);
    expect(tb).toContain('Balancing instant t_b chosen over the grid of initial loads');
    expect(tb).toContain('t_b (s)');
    expect(policyMapsChart([], 'K')).toBeUndefined();
  });

  it('comparisonBarChart: completion time with CI, or return when no completion time', async () => {
    const svg = await renderSvg(comparisonBarChart(data.rows)!);
    expect(svg).toContain('Mean completion time per policy (95% CI)');
    expect(svg).toContain('mean completion time (s)');
    expect(svg).toContain('ppo &lt;seed 1&gt; &amp; ');
    const noCompletion = data.rows.map(({ meanCompletion: _m, ...r }) => r);
    const ret = await renderSvg(comparisonBarChart(noCompletion)!);
    expect(ret).toContain('Mean episodic return per policy (95% CI)');
    expect(comparisonBarChart([])).toBeUndefined();
  });
});

describe('learning curves: the optimum as a reference line', () => {
  it('draws a dashed rule at the reference value, and renders', async () => {
    const spec = learningCurvesChart([{ run: 'r', rows: [{ step: 0, regret: 0.2 }, { step: 100, regret: 0.01 }] }], 'regret', { value: 0, label: 'exact optimum' }) as unknown as {
      layer: { mark: { type: string; strokeDash?: number[] }; data?: { values: { value: number }[] } }[];
    };
    expect(spec.layer.map((l) => l.mark.type)).toEqual(['line', 'rule', 'text']);
    expect(spec.layer[1]!.data!.values[0]!.value).toBe(0);
    const svg = await renderSvg(spec as never);
    expect(svg).toMatch(/exact optimum/);
  });
});

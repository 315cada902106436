/**
 * The files `lbgym calibrate --out DIR` writes, each atomically:
 *
 * - `scenario.json`: the fitted scenario (loads in `simulate`, `analyze`,
 *   `train --env-kwargs`);
 * - `calibration.json`: the whole result (parameters with intervals, model
 *   choices, completion fit, optimum when asked);
 * - `transfer-fit.svg`: the transfer-delay curve against batch size (when
 *   transfer delays were measured);
 * - `calibration.html`: the parameters, the model choices and the plot, in
 *   the report style.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { transferMean } from '../../envs/sim/transfer-delay.js';
import { fmt } from '../cli/output.js';
import { type TransferFitChartData, transferFitChart } from '../report/charts.js';
import { escapeHtml, htmlTable, page, renderSections, renderSvg, type Section } from '../report/render.js';
import { writeFileAtomic, writeJsonAtomic } from '../runs/run-dir.js';
import type { CalibrationResult, ModelChoice } from './calibrate.js';
import type { TransferObservation } from './measurements.js';

export const CALIBRATION_FILES = { scenario: 'scenario.json', result: 'calibration.json', svg: 'transfer-fit.svg', html: 'calibration.html' } as const;

/** Points per fitted curve. */
const CURVE_POINTS = 200;

export function transferChartData(result: CalibrationResult, observations: readonly TransferObservation[]): TransferFitChartData | undefined {
  const t = result.transfer;
  if (t === undefined) return undefined;
  const lMax = Math.max(...observations.map((o) => o.batch));
  return {
    observations: observations.map((o) => ({ batch: o.batch, seconds: o.seconds })),
    batchMeans: t.batchMeans.map((b) => ({ batch: b.batch, mean: b.mean, ci95: b.ci95 })),
    curves: t.fits.map((model) => ({
      model: model.kind,
      chosen: model.kind === t.chosen,
      points: Array.from({ length: CURVE_POINTS + 1 }, (_, i) => {
        const batch = 1 + ((lMax - 1) * i) / CURVE_POINTS;
        return { batch, theta: transferMean(model, batch) };
      }),
    })),
  };
}

export function ciCell(ci: [number, number] | null): string {
  return ci === null ? '—' : `${fmt(ci[0])} .. ${fmt(ci[1])}`;
}

export function choiceRows(candidates: readonly ModelChoice[], chosen: string): string[][] {
  return candidates.map((c) => [c.name === chosen ? `${c.name} (chosen)` : c.name, String(c.params), fmt(c.logLik, 2), fmt(c.aic, 2), c.excluded ?? '']);
}

export const CHOICE_HEADERS = ['model', 'k', 'log-likelihood', 'AIC', 'note'];

async function calibrationHtml(result: CalibrationResult, files: readonly string[], chart: TransferFitChartData | undefined, optimum: string | undefined): Promise<string> {
  const body: string[] = [];
  body.push(
    `<section id="settings">\n<h2>Settings</h2>\n${htmlTable(
      ['setting', 'value'],
      [
        ['measurements', files.join(', ')],
        ['base scenario (parts not measured)', `${result.base}: ${result.fromBase.length === 0 ? 'nothing' : result.fromBase.join(', ')}`],
        ['bootstrap', `${result.bootstrap} resamples, seed ${result.seed}`],
      ],
      'kv',
    )}\n</section>`,
  );
  body.push(
    `<section id="parameters">\n<h2>Parameters (95% intervals)</h2>\n${htmlTable(
      ['parameter', 'estimate', '95% interval', 'unit', 'method', 'samples'],
      result.parameters.map((p) => [p.name, fmt(p.value), ciCell(p.ci95), p.unit, p.method, String(p.samples)]),
    )}\n</section>`,
  );
  if (result.comm !== undefined) body.push(`<section id="comm">\n<h2>Communication-delay family (AIC)</h2>\n${htmlTable(CHOICE_HEADERS, choiceRows(result.comm.candidates, result.comm.chosen))}\n</section>`);
  if (result.transfer !== undefined) body.push(`<section id="transfer">\n<h2>Transfer-delay model (AIC)</h2>\n${htmlTable(CHOICE_HEADERS, choiceRows(result.transfer.candidates, result.transfer.chosen))}\n</section>`);
  if (result.completion !== undefined) {
    const c = result.completion;
    body.push(
      `<section id="completion">\n<h2>Completion times (exact solver in the loop)</h2>\n${htmlTable(
        ['loads', 'K', 't_b (s)', 'episodes', 'observed mean (s)', 'mu before (s)', 'mu fitted (s)'],
        c.settings.map((s) => [`(${s.loads.join(', ')})`, fmt(s.K, 3), fmt(s.tb, 3), String(s.episodes), fmt(s.observed), fmt(s.muBefore), fmt(s.muAfter)]),
      )}\n<p class="note">Speed factor ${fmt(c.speedFactor)} (95% profile-likelihood interval ${ciCell(c.ci95)}); RMSE ${fmt(c.rmseBefore)} s before, ${fmt(c.rmseAfter)} s after.</p>\n</section>`,
    );
  }
  if (optimum !== undefined) body.push(`<section id="optimum">\n<h2>Optimal policy of the fitted model</h2>\n<p>${escapeHtml(optimum)}</p>\n</section>`);
  const sections: Section[] =
    chart === undefined
      ? []
      : [{ id: 'transfer-fit', heading: 'Transfer delay against batch size', spec: transferFitChart(chart), note: 'As in the delay paper: the floor-then-linear curve fitted to delay-probing measurements.' }];
  body.push(...(await renderSections(sections)));
  return page(`Calibration: ${result.scenario.name}`, body);
}

/** Writes the calibration files into `dir` (created if needed); returns the paths written. */
export async function writeCalibration(dir: string, result: CalibrationResult, observations: readonly TransferObservation[], files: readonly string[], extra: { optimum?: unknown; optimumText?: string } = {}): Promise<string[]> {
  const chart = transferChartData(result, observations);
  const svg = chart === undefined ? undefined : await renderSvg(transferFitChart(chart));
  const html = await calibrationHtml(result, files, chart, extra.optimumText);
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const put = (name: string, write: (path: string) => void): void => {
    const path = join(dir, name);
    write(path);
    written.push(path);
  };
  put(CALIBRATION_FILES.scenario, (p) => writeJsonAtomic(p, result.scenario));
  put(CALIBRATION_FILES.result, (p) => writeJsonAtomic(p, { ...result, ...(extra.optimum !== undefined ? { optimum: extra.optimum } : {}) }));
  if (svg !== undefined) put(CALIBRATION_FILES.svg, (p) => writeFileAtomic(p, svg));
  put(CALIBRATION_FILES.html, (p) => writeFileAtomic(p, html));
  return written;
}


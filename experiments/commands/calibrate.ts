/**
 * `lbgym calibrate FILE...`: a scenario fitted from measurements, as in the
 * delay paper's workflow (docs/model.md §8): service times give the rates,
 * communication delays their family, transfer delays the curve theta(L),
 * completion times (optional) a speed factor with the exact solver in the
 * loop. Prints the parameters with 95 % intervals; `--out DIR` writes the
 * scenario, the result, the fit plot and an HTML page; `--then-analyze`
 * prints the fitted model's optimal policy.
 */
import { existsSync, statSync } from 'node:fs';
import { Command } from 'commander';
import { optimalPolicy } from '../../baselines/regeneration/optimal.js';
import { twoNodeModel } from '../../baselines/regeneration/two-node-model.js';
import { meanOf } from '../../envs/sim/distributions.js';
import type { Scenario } from '../../envs/sim/scenario.js';
import { TRANSFER_KINDS } from '../../envs/sim/transfer-delay.js';
import { calibrate, type CalibrationResult } from '../calibration/calibrate.js';
import { CHOICE_HEADERS, choiceRows, ciCell, writeCalibration } from '../calibration/calibration-report.js';
import { FITTED_FAMILIES, type FittedFamily } from '../calibration/delay-family-fit.js';
import { readMeasurements } from '../calibration/measurements.js';
import type { TransferKind } from '../calibration/transfer-fit.js';
import { UsageError } from '../cli/errors.js';
import { fmt, printJson, table } from '../cli/output.js';
import { parseChoice, parseNumberFlag, parseNumberList } from '../cli/parse.js';
import { addScenarioOptions, resolveScenario, type ScenarioFlags } from '../cli/scenario-option.js';

interface CalibrateFlags extends ScenarioFlags {
  name: string;
  loads?: string;
  commFamily: string;
  transferModel: string;
  bootstrap: string;
  seed: string;
  out?: string;
  thenAnalyze?: boolean;
  json?: boolean;
}

export function calibrateCommand(): Command {
  const cmd = new Command('calibrate')
    .description('Fit a scenario from measurements (service, communication, transfer and completion times, CSV or JSON), with 95% intervals')
    .argument('<files...>', 'measurement files: CSV (the header tells the kind) or JSON (see README, "lbgym calibrate")')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  lbgym calibrate examples/calibration/*.csv --then-analyze',
        '  lbgym calibrate measurements.json --out calib --json',
        '  lbgym calibrate service.csv transfer.csv --preset wireless-lan --transfer-model floor-linear',
      ].join('\n'),
    );
  addScenarioOptions(cmd)
    .option('--name <name>', 'name of the fitted scenario', 'calibrated')
    .option('--loads <M,N>', "the fitted scenario's defaultLoads (default: the base scenario's)")
    .option('--comm-family <family>', `communication-delay family: auto (by AIC) or one of ${FITTED_FAMILIES.join(', ')}`, 'auto')
    .option('--transfer-model <kind>', `transfer-delay model: auto (by AIC) or one of ${TRANSFER_KINDS.join(', ')}`, 'auto')
    .option('--bootstrap <resamples>', 'bootstrap resamples of the intervals', '1000')
    .option('--seed <n>', 'seed of the bootstrap', '1')
    .option('--out <dir>', 'write scenario.json, calibration.json, transfer-fit.svg and calibration.html there')
    .option('--then-analyze', 'print the optimal policy (K, t_b) of the fitted model (exact solver, two nodes)')
    .option('--json', 'print one JSON object')
    .action((files: string[], flags: CalibrateFlags) => runCalibrate(files, flags));
  return cmd;
}

type Optimum = { K: number; tb: number; mu: number; loads: number[]; seconds: number; note?: string } | { unavailable: string };

/** The exact optimum of the fitted model at its defaultLoads; a non-exponential comm law is replaced by an exponential of the same mean, and said so. */
function optimumOf(scenario: Scenario): Optimum {
  const n = scenario.nodes.length;
  if (n !== 2) return { unavailable: `the exact optimum needs two nodes; the fitted scenario has ${n}` };
  let sc = scenario;
  let note: string | undefined;
  if (scenario.comm.family !== 'exponential') {
    const mean = meanOf(scenario.comm);
    sc = { ...scenario, comm: { family: 'exponential', mean } };
    note = `comm replaced by an exponential of the same mean ${fmt(mean)} s (the exact solver needs exponential delays)`;
  }
  try {
    twoNodeModel(sc);
  } catch (e) {
    return { unavailable: `the exact solver does not apply: ${(e as Error).message}` };
  }
  const t0 = performance.now();
  const o = optimalPolicy(sc, sc.defaultLoads);
  return { K: o.K, tb: o.tb, mu: o.mu, loads: [...sc.defaultLoads], seconds: (performance.now() - t0) / 1000, ...(note !== undefined ? { note } : {}) };
}

function optimumText(o: Optimum): string {
  if ('unavailable' in o) return `optimal policy: not computed (${o.unavailable})`;
  return `optimal policy of the fitted model for loads (${o.loads.join(', ')}): K* = ${fmt(o.K, 3)}, t_b* = ${fmt(o.tb, 2)} s, mu* = ${fmt(o.mu)} s (exact, ${o.seconds.toFixed(2)} s)${o.note === undefined ? '' : `; ${o.note}`}`;
}

function printText(result: CalibrationResult, files: readonly string[], written: readonly string[], optimum: Optimum | undefined): void {
  const out: string[] = [];
  out.push(`Calibrated scenario "${result.scenario.name}" from ${files.join(', ')}`);
  out.push(`taken from the base scenario ${result.base}: ${result.fromBase.length === 0 ? 'nothing' : result.fromBase.join(', ')}; intervals: 95%, bootstrap ${result.bootstrap} resamples, seed ${result.seed}`);
  out.push('');
  out.push(table(['parameter', 'estimate', '95% interval', 'unit', 'method', 'samples'], result.parameters.map((p) => [p.name, fmt(p.value), ciCell(p.ci95), p.unit, p.method, String(p.samples)])));
  if (result.comm !== undefined) {
    out.push('', `communication delay: ${result.comm.chosen} (lowest AIC)`, table(CHOICE_HEADERS, choiceRows(result.comm.candidates, result.comm.chosen)));
  }
  if (result.transfer !== undefined) {
    out.push('', `transfer delay: ${result.transfer.chosen} (lowest AIC)`, table(CHOICE_HEADERS, choiceRows(result.transfer.candidates, result.transfer.chosen)));
  }
  const c = result.completion;
  if (c !== undefined) {
    out.push(
      '',
      `completion times: speed factor ${fmt(c.speedFactor)} on every service rate (95% profile-likelihood interval ${ciCell(c.ci95)}), RMSE ${fmt(c.rmseBefore)} s -> ${fmt(c.rmseAfter)} s`,
      table(
        ['loads', 'K', 't_b (s)', 'episodes', 'observed mean (s)', 'mu before (s)', 'mu fitted (s)'],
        c.settings.map((s) => [`(${s.loads.join(', ')})`, fmt(s.K, 3), fmt(s.tb, 3), String(s.episodes), fmt(s.observed), fmt(s.muBefore), fmt(s.muAfter)]),
      ),
    );
  }
  out.push('');
  if (written.length > 0) out.push(`wrote ${written.join(', ')}`);
  else out.push('scenario (give --out DIR to write it):', JSON.stringify(result.scenario, null, 2));
  if (optimum !== undefined) out.push(optimumText(optimum));
  process.stdout.write(`${out.join('\n')}\n`);
}

async function runCalibrate(files: string[], flags: CalibrateFlags): Promise<void> {
  const base = resolveScenario(flags);
  const commFamily = parseChoice('--comm-family', flags.commFamily, ['auto', ...FITTED_FAMILIES] as const) as FittedFamily | 'auto';
  const transferModel = parseChoice('--transfer-model', flags.transferModel, ['auto', ...TRANSFER_KINDS] as const) as TransferKind | 'auto';
  const bootstrap = parseNumberFlag('--bootstrap', flags.bootstrap, { min: 1, max: 1_000_000, integer: true });
  const seed = parseNumberFlag('--seed', flags.seed, { min: 0, integer: true });
  const loads = flags.loads === undefined ? undefined : parseNumberList('--loads', flags.loads, { min: 0, integer: true });
  if (flags.name.trim() === '') throw new UsageError('--name: expected a non-empty name');
  const out = flags.out;
  if (out !== undefined && existsSync(out) && !statSync(out).isDirectory()) throw new UsageError(`--out: ${out} exists and is not a directory`);
  const measurements = readMeasurements(files);
  const result = calibrate(measurements, { base, name: flags.name, commFamily, transferModel, bootstrap, seed, ...(loads !== undefined ? { loads } : {}) });
  const optimum = flags.thenAnalyze === true ? optimumOf(result.scenario) : undefined;
  const written =
    out === undefined
      ? []
      : await writeCalibration(out, result, measurements.transfer, files, optimum === undefined ? {} : { optimum, optimumText: optimumText(optimum) });
  if (flags.json === true) printJson({ ...result, files: written, ...(optimum !== undefined ? { optimum } : {}) });
  else printText(result, files, written, optimum);
}

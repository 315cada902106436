/**
 * Calibration recovers the parameters that made synthetic measurements
 * (drawn by the simulator's own samplers, experiments/calibration/synthetic-measurements.ts).
 *
 * Coverage: 50 seeded repetitions of the whole pipeline (model choice by AIC
 * included) on a two-node truth with a lognormal communication delay and the
 * wireless-lan floor-then-linear transfer curve. Each parameter's stated 95 %
 * interval must hold the truth in at least 90 % of the (parameter,
 * repetition) pairs, and every single parameter in at least 42 of its 50
 * repetitions: a correct 95 % interval falls below 42/50 with probability
 * 0.001 (so the test does not fail by chance), while an interval a third too
 * narrow (83 % coverage) fails it.
 */
import { describe, expect, it } from 'vitest';
import { calibrate } from '../../experiments/calibration/calibrate.js';
import { fitCompletionTimes, withSpeedFactor } from '../../experiments/calibration/completion-fit.js';
import { fitFamily, selectFamily } from '../../experiments/calibration/delay-family-fit.js';
import { MEASUREMENT_KINDS, measurementCsv, readMeasurements } from '../../experiments/calibration/measurements.js';
import { syntheticMeasurements } from '../../experiments/calibration/synthetic-measurements.js';
import { selectTransferModel } from '../../experiments/calibration/transfer-fit.js';
import { preset } from '../../envs/sim/presets.js';
import type { Scenario } from '../../envs/sim/scenario.js';
import { validateScenario } from '../../envs/sim/scenario.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function truthScenario(): Scenario {
  return { ...preset('wireless-lan'), comm: { family: 'lognormal', mean: 0.119, cv: 0.6 } };
}

const TRUTH: Record<string, number> = {
  lambda_1: 1 / 0.7847,
  lambda_2: 1 / 0.475,
  'comm.mean': 0.119,
  'comm.cv': 0.6,
  'transfer.dMin': 0.3462,
  'transfer.d': 0.4,
  'transfer.beta': 0.2,
};

const DESIGN = { serviceSamples: 40, commSamples: 100, transferBatches: [1, 2, 4, 6, 10, 15, 20, 30], transferRepeats: 25 };

describe('calibration recovers known parameters', () => {
  it('within its 95 % intervals over 50 seeded repetitions, choosing the true families by AIC', () => {
    const reps = 50;
    const covered: Record<string, number> = Object.fromEntries(Object.keys(TRUTH).map((k) => [k, 0]));
    let commRight = 0;
    let transferRight = 0;
    for (let rep = 1; rep <= reps; rep++) {
      const m = syntheticMeasurements(truthScenario(), DESIGN, rep);
      const r = calibrate(m, { base: preset('wireless-lan'), bootstrap: 200, seed: rep });
      if (r.comm?.chosen === 'lognormal') commRight++;
      if (r.transfer?.chosen === 'floor-linear') transferRight++;
      for (const [name, truth] of Object.entries(TRUTH)) {
        const p = r.parameters.find((q) => q.name === name);
        if (p?.ci95 != null && p.ci95[0] <= truth && truth <= p.ci95[1]) covered[name]!++;
      }
    }
    const total = Object.values(covered).reduce((s, c) => s + c, 0);
    expect(total / (reps * Object.keys(TRUTH).length), JSON.stringify(covered)).toBeGreaterThanOrEqual(0.9);
    for (const [name, c] of Object.entries(covered)) expect(c, `${name}: ${JSON.stringify(covered)}`).toBeGreaterThanOrEqual(42);
    expect(commRight).toBeGreaterThanOrEqual(45);
    expect(transferRight).toBeGreaterThanOrEqual(45);
  });

  it('chooses the exponential and the Pareto family when the delays are so, with the true parameters in the intervals', () => {
    const base = preset('wireless-lan');
    for (const [comm, name] of [
      [{ family: 'exponential', mean: 0.2 }, 'exponential'],
      [{ family: 'pareto', mean: 0.2, shape: 2.5 }, 'pareto'],
    ] as const) {
      const m = syntheticMeasurements({ ...base, comm }, { ...DESIGN, commSamples: 400 }, 7);
      const r = calibrate(m, { base, bootstrap: 50, seed: 7 });
      expect(r.comm?.chosen).toBe(name);
      const mean = r.parameters.find((p) => p.name === 'comm.mean')!;
      expect(mean.ci95![0]).toBeLessThanOrEqual(0.2);
      expect(mean.ci95![1]).toBeGreaterThanOrEqual(0.2);
      expect(r.scenario.comm.family).toBe(name);
    }
  });

  it('chooses the affine and the constant transfer model when the curve is so', () => {
    for (const [model, kind] of [
      [{ kind: 'affine', dMin: 0.5, d: 0.3 }, 'affine'],
      [{ kind: 'constant', mean: 2 }, 'constant'],
    ] as const) {
      const sc = { ...preset('wireless-lan'), transfer: { model } };
      const m = syntheticMeasurements(sc, { ...DESIGN, transferRepeats: 40 }, 3);
      const sel = selectTransferModel(m.transfer);
      expect(sel.best.model.kind).toBe(kind);
      // The floor-linear fit nests both: its log-likelihood is at least theirs (up to the search's tolerance).
      const fl = sel.fits.find((f) => f.model.kind === 'floor-linear')!;
      expect(fl.logLik).toBeGreaterThanOrEqual(sel.best.logLik - 1e-6);
    }
  });

  it('family fits are the closed-form maximum-likelihood estimates', () => {
    const xs = [0.1, 0.2, 0.4, 0.8];
    const e = fitFamily('exponential', xs)!;
    expect(e.distribution).toEqual({ family: 'exponential', mean: 0.375 });
    const ln = fitFamily('lognormal', xs)!;
    // log x = log 0.1 + k log 2, k = 0..3: mean of logs log 0.1 + 1.5 log 2, variance 1.25 log(2)^2.
    const s2 = 1.25 * Math.log(2) ** 2;
    expect(ln.distribution).toMatchObject({ family: 'lognormal' });
    expect((ln.distribution as { mean: number }).mean).toBeCloseTo(Math.exp(Math.log(0.1) + 1.5 * Math.log(2) + s2 / 2), 12);
    expect((ln.distribution as { cv: number }).cv).toBeCloseTo(Math.sqrt(Math.expm1(s2)), 12);
    const p = fitFamily('pareto', xs)!;
    // x_m = 0.1, shape = n / sum(log(x / x_m)) = 4 / (6 log 2) = 0.96 < 1: no finite mean, so it cannot be chosen.
    expect(p.excluded).toBe(`shape ${(4 / (6 * Math.log(2))).toPrecision(4)} <= 1: no finite mean`);
    expect(p.distribution).toBeUndefined();
    expect(selectFamily(xs).best.family).not.toBe('pareto');
  });

  it('fits a speed factor on completion times with the exact solver in the loop', () => {
    const truth = preset('wireless-lan');
    // The testbed serves at 0.8 times the rates its service samples show.
    const slow = withSpeedFactor(truth, 0.8);
    const m = syntheticMeasurements(slow, { ...DESIGN, completion: [{ loads: [30, 15], K: 0.8, tb: 0, episodes: 40 }, { loads: [30, 15], K: 0.8, tb: 1.5, episodes: 40 }] }, 11);
    const fit = fitCompletionTimes(truth, m.completion);
    expect(fit.ci95[0]).toBeLessThanOrEqual(0.8);
    expect(fit.ci95[1]).toBeGreaterThanOrEqual(0.8);
    expect(fit.ci95[1]).toBeLessThan(0.95);
    expect(fit.rmseAfter).toBeLessThan(fit.rmseBefore);
  });

  it('measurement tables written as CSV read back to the same measurements, and the fitted scenario validates', () => {
    const m = syntheticMeasurements(truthScenario(), { ...DESIGN, completion: [{ loads: [10, 5], K: 1, tb: 0, episodes: 3 }] }, 5);
    const dir = mkdtempSync(join(tmpdir(), 'lbgym-calib-'));
    const files = MEASUREMENT_KINDS.map((kind) => {
      const path = join(dir, `${kind}.csv`);
      writeFileSync(path, measurementCsv(m, kind, ['a comment'])!);
      return path;
    });
    const back = readMeasurements(files);
    expect(back.service).toEqual(m.service);
    expect(back.comm).toEqual(m.comm);
    expect(back.transfer).toEqual(m.transfer);
    expect(back.completion.map((c) => c.seconds)).toEqual(m.completion.map((c) => c.seconds));
    const r = calibrate({ ...back, completion: [] }, { base: preset('wireless-lan'), bootstrap: 20 });
    expect(validateScenario(JSON.parse(JSON.stringify(r.scenario)))).toEqual(r.scenario);
  });
});

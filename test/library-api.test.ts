/** The README's library examples, run as written (small budgets). */
import { describe, expect, it } from 'vitest';
import { checkEnv, expectedCompletion, make, optimalPolicy, train } from '../index.js';
import { monteCarlo, preset, simulateOnce } from '../envs/index.js';

describe('README library examples', () => {
  it('simulator', () => {
    const summary = monteCarlo(preset('wireless-lan'), [100, 50], { K: 0.9, tb: 5 }, { episodes: 10_000, seed: 1 });
    expect(summary.ci95[0]).toBeLessThan(summary.meanCompletion);
    const episode = simulateOnce(preset('hetero-4'), [120, 60, 30, 0], { K: 1, tb: 0.5 }, 42);
    expect(episode.finishTimes).toHaveLength(4);
    expect(episode.moved).toHaveLength(16);
  });
  it('environment, solver and trainer', async () => {
    const env = make('LB-OneShot-v0', { kwargs: { reward: 'completion', loads: { kind: 'uniform', low: 0, high: 100 } } });
    checkEnv(env);
    const { observation } = env.reset({ seed: 1 });
    const { reward, info } = env.step(Float32Array.of(0.9, 2.0));
    expect(reward).toBeLessThan(0);
    expect(info['completionTime']).toBeTypeOf('number');
    const mu = expectedCompletion(preset('wireless-lan'), [100, 50], { K: 0.9, tb: 5 });
    expect(mu).toBeGreaterThan(50);
    const best = optimalPolicy(preset('wireless-lan'), [20, 10]);
    expect(best.mu).toBeLessThanOrEqual(expectedCompletion(preset('wireless-lan'), [20, 10], { K: 0.9, tb: 5 }));
    const steps: number[] = [];
    const { agent } = await train('LB-OneShot-v0', 'ppo', { totalSteps: 256, numSteps: 128, numMinibatches: 4, updateEpochs: 1, learningRate: 1e-3 }, {
      onUpdate: (m) => {
        steps.push(m.step);
      },
    });
    expect(steps).toEqual([128, 256]);
    const action = agent.act(observation, { deterministic: true }) as Float32Array;
    expect(action).toHaveLength(2);
    agent.dispose();
  });
});

describe('README: the exact solver for every reward', () => {
  it('runs as written and agrees with itself', async () => {
    const { expectedReward, expectedRewardReport, rewardOptimum, rewardCurve, RegretEvaluator, RegenerationOptimal } = await import('../index.js');
    const sc = preset('wireless-lan');
    const j = expectedReward(sc, [20, 10], { K: 1, tb: 0.5 }, { reward: 'jain-finish' });
    const all = expectedRewardReport(sc, [20, 10], { K: 1, tb: 0.5 }, { reward: 'variance' }, {}, {}, true);
    expect(all.jainFinish).toBeCloseTo(j, 12);
    expect(all.completionTime).toBeCloseTo(expectedCompletion(sc, [20, 10], { K: 1, tb: 0.5 }), 8);
    const opt = rewardOptimum(sc, [20, 10], { reward: 'variance', target: 'learned' });
    expect(opt.alpha).toBeGreaterThanOrEqual(0);
    const curve = rewardCurve(sc, [20, 10], { K: 1, tbGrid: [0, 0.5, 1, 2] }, { reward: 'jain-backlog' });
    expect(curve).toHaveLength(4);
    const evaluator = RegretEvaluator.forOneShot({ reward: 'variance', loads: { kind: 'uniform', low: 0, high: 20 } });
    if (typeof evaluator === 'string') throw new Error(evaluator);
    const policy = new RegenerationOptimal(sc, { loadScale: 20, reward: { reward: 'variance' } });
    const { regret, normalizedRegret } = evaluator.evaluate(policy);
    expect(Math.abs(regret)).toBeLessThan(1e-9);
    expect(Math.abs(normalizedRegret)).toBeLessThan(1e-9);
    const none = evaluator.evaluate({ name: 'none', act: () => Float32Array.of(0, 0) });
    expect(none.normalizedRegret).toBeCloseTo(1, 12);
  });
});

describe('README: calibration from measurements', () => {
  it('runs as written on the example data set', async () => {
    const { readMeasurements, calibrate, syntheticMeasurements, validateScenario } = await import('../index.js');
    const dir = new URL('../examples/calibration/', import.meta.url).pathname;
    const m = readMeasurements(['service.csv', 'comm.csv', 'transfer.csv'].map((f) => dir + f));
    const fit = calibrate(m, { base: preset('wireless-lan'), bootstrap: 100, seed: 1 });
    expect(validateScenario(fit.scenario)).toEqual(fit.scenario);
    expect(fit.parameters.map((p) => p.name)).toEqual(['lambda_1', 'lambda_2', 'comm.mean', 'transfer.dMin', 'transfer.d', 'transfer.beta']);
    const synthetic = syntheticMeasurements(preset('wireless-lan'), { serviceSamples: 100, commSamples: 100, transferBatches: [1, 5, 10, 20], transferRepeats: 15 }, 2026);
    expect(synthetic.transfer).toHaveLength(60);
    expect(synthetic.service.map((xs) => xs.length)).toEqual([100, 100]);
  });
});

describe('README: the exact solver for three or more nodes', () => {
  it('runs as written', async () => {
    const { nNodeRewardReport, nNodeRewardOptimum, nNodeGainsOptimum, RegretEvaluator } = await import('../index.js');
    const h3 = preset('hetero-3');
    const r = nNodeRewardReport(h3, [12, 6, 0], { K: [1, 0.5, 0], tb: 0.2 }, { reward: 'jain-finish' }, {}, true);
    expect(r.value).toBe(r.jainFinish);
    const common = nNodeRewardOptimum(h3, [8, 4, 0]);
    const gains = nNodeGainsOptimum(h3, [8, 4, 0]);
    expect(gains.value).toBeGreaterThanOrEqual(common.value - 1e-12);
    expect(RegretEvaluator.forMultiAgent({ scenario: 'hetero-3', reward: 'completion' }, 'per-node')).toBeInstanceOf(RegretEvaluator);
  });
});

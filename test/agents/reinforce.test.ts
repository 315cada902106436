import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../agents/backend.js';
import { ReinforceAgent } from '../../agents/reinforce.js';
import { EnvRunner } from '../../agents/env-runner.js';
import { train } from '../../agents/train.js';
import { BANDIT_OPTIMUM, ContinuousBandit } from './bandits.js';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('REINFORCE with a value baseline', () => {
  it('finds the optimum 0.7 of the one-step bandit to within 0.03', async () => {
    const { agent } = await train(() => new ContinuousBandit(), 'reinforce', { totalSteps: 64 * 60, numSteps: 64, learningRate: 1e-2, hiddenSizes: [32, 32], seed: 2 });
    expect(Math.abs(agent.act(new Float32Array([0]), { deterministic: true })[0]! - BANDIT_OPTIMUM)).toBeLessThan(0.03);
    agent.dispose();
  });

  it('gives identical losses for the same seed, and leaks no tensors over 50 updates', async () => {
    const run = async () => (await train(() => new ContinuousBandit(), 'reinforce', { totalSteps: 32 * 3, numSteps: 32, seed: 4 })).history.map((m) => [m.policyLoss, m.valueLoss]);
    expect(await run()).toEqual(await run());
    const env = new ContinuousBandit();
    const agent = ReinforceAgent.create(env, { numSteps: 8, seed: 1 });
    const runner = new EnvRunner([env], 1);
    const ctx = (u: number) => ({ update: u, numUpdates: 50, globalStep: 0, totalSteps: 400 });
    agent.iterate(runner, ctx(1));
    const after1 = tf.memory().numTensors;
    for (let u = 2; u <= 50; u++) agent.iterate(runner, ctx(u));
    expect(tf.memory().numTensors).toBe(after1);
    agent.dispose();
  });

  it('acts identically after save/load', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'lbgym-reinforce-')), 'agent');
    const { agent } = await train(() => new ContinuousBandit(), 'reinforce', { totalSteps: 32 * 2, numSteps: 32, seed: 5 });
    await agent.save(dir);
    const loaded = await ReinforceAgent.load(dir);
    const obs = new Float32Array([0]);
    expect(Array.from(loaded.act(obs, { deterministic: true }))).toEqual(Array.from(agent.act(obs, { deterministic: true })));
    expect(Array.from(loaded.act(obs))).toEqual(Array.from(agent.act(obs)));
    agent.dispose();
    loaded.dispose();
  });
});

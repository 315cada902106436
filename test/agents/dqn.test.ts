import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../agents/backend.js';
import { DQNAgent, linearSchedule, type DQNConfig } from '../../agents/dqn.js';
import { EnvRunner } from '../../agents/env-runner.js';
import { train } from '../../agents/train.js';
import { Rng } from '../../envs/sim/rng.js';
import { Box } from '../../envs/core/spaces/box.js';
import { DiscretizeAction } from '../../envs/core/wrappers/transform-action.js';
import { ARM_MEANS, ContextualBandit, ContinuousBandit, DiscreteBandit, contextTarget } from './bandits.js';

const SMALL: Partial<DQNConfig> = { learningStarts: 200, trainFrequency: 4, batchSize: 32, targetNetworkFrequency: 100, learningRate: 1e-3, hiddenSizes: [32, 32], seed: 1 };

beforeAll(async () => {
  await initBackend('wasm');
});

describe('DQN', () => {
  it('stores each transition with the observation it acted on (not the next episode\'s, which the step puts in the runner)', async () => {
    const grid = new DiscretizeAction(new ContextualBandit(), 11);
    const { agent } = await train(() => new DiscretizeAction(new ContextualBandit(), 11), 'dqn', { ...SMALL, totalSteps: 40, learningStarts: 100 });
    const batch = agent.replay.sample(40, new Rng(1));
    batch.observations.forEach((o, j) => {
      const a = grid.toContinuous(batch.actions[j]!)[0]!;
      expect(batch.rewards[j]).toBeCloseTo(-((a - contextTarget(o[0]!)) ** 2), 5);
    });
    agent.dispose();
  });

  it('picks the best arm (1, mean 0.8) of a noisy 3-armed bandit', async () => {
    const { agent, history } = await train(() => new DiscreteBandit(), 'dqn', { ...SMALL, totalSteps: 1500, trainFrequency: 2, learningRate: 3e-3 });
    expect(agent.act(new Float32Array([0]), { deterministic: true })).toBe(1);
    expect(history.at(-1)!.epsilon).toBeCloseTo(0.05, 10);
    // Q(s, .) estimates the arm means [0.2, 0.8, 0.5] (100+ noisy samples each, sd 0.1).
    const q = tf.tidy(() => Array.from((agent.q.predict(tf.tensor2d([[0]])) as tf.Tensor).dataSync()));
    q.forEach((v, i) => expect(Math.abs(v - ARM_MEANS[i]!)).toBeLessThan(0.1));
    agent.dispose();
  });

  it('works on a continuous bandit through DiscretizeAction (11 bins: 0.7 is a grid point)', async () => {
    const make = () => new DiscretizeAction(new ContinuousBandit(), 11);
    const { agent } = await train(make, 'dqn', { ...SMALL, totalSteps: 2500, startEpsilon: 1, explorationFraction: 0.6 });
    expect(agent.act(new Float32Array([0]), { deterministic: true })).toBe(7);
    agent.dispose();
  });

  it('leaks no tensors over 50 updates, and repeats itself for a seed', async () => {
    const env = new DiscreteBandit();
    const agent = DQNAgent.create(env, { ...SMALL, learningStarts: 0, targetNetworkFrequency: 8, tau: 0.5 });
    const runner = new EnvRunner([env], 1);
    const ctx = (u: number) => ({ update: u, numUpdates: 50, globalStep: runner.globalStep, totalSteps: 200 });
    agent.iterate(runner, ctx(1));
    const after1 = tf.memory().numTensors;
    for (let u = 2; u <= 50; u++) agent.iterate(runner, ctx(u));
    agent.act(new Float32Array([0]));
    expect(tf.memory().numTensors).toBe(after1);
    agent.dispose();
    const run = async () => (await train(() => new DiscreteBandit(), 'dqn', { ...SMALL, learningStarts: 8, totalSteps: 40 })).history.map((m) => m.valueLoss);
    const [a, b] = [await run(), await run()];
    expect(a.filter((x) => x !== undefined).length).toBeGreaterThan(3);
    expect(b).toEqual(a);
  });

  it('acts identically after save/load', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'lbgym-dqn-')), 'agent');
    const { agent } = await train(() => new DiscreteBandit(), 'dqn', { ...SMALL, learningStarts: 8, totalSteps: 80 });
    await agent.save(dir);
    const loaded = await DQNAgent.load(dir);
    for (const x of [-0.5, 0, 0.5]) {
      expect(loaded.act(new Float32Array([x]), { deterministic: true })).toBe(agent.act(new Float32Array([x]), { deterministic: true }));
    }
    expect(loaded.updates).toBe(agent.updates);
    agent.dispose();
    loaded.dispose();
  });

  it('rejects a Box action space by name', () => {
    const env = new ContinuousBandit();
    expect(() => DQNAgent.create(env as never)).toThrow(/dqn action space: expected a Discrete space, got Box/);
    expect(new Box(0, 1, [1]).kind).toBe('box');
  });

  it('decays epsilon linearly, then holds it', () => {
    expect(linearSchedule(1, 0.1, 100, 0)).toBe(1);
    expect(linearSchedule(1, 0.1, 100, 50)).toBeCloseTo(0.55, 12);
    expect(linearSchedule(1, 0.1, 100, 500)).toBeCloseTo(0.1, 12);
  });
});

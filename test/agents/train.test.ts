import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../agents/backend.js';
import { CONFIG_FIELDS, summarizeEpisodes, train } from '../../agents/train.js';
import { loadAgent } from '../../agents/load-agent.js';
import { register } from '../../envs/core/registry.js';
import { ChainWalk, ContextualBandit, ContinuousBandit } from './bandits.js';

beforeAll(async () => {
  await initBackend('wasm');
  register('test/ChainWalk-v0', { entryPoint: (kw) => new ChainWalk(Number(kw.length ?? 5), 1000), maxEpisodeSteps: 10, kwargs: { length: 5 } });
});

describe('train', () => {
  it('builds the env from a registry id (TimeLimit truncation included) and reports CleanRL-style metrics', async () => {
    const seen: number[] = [];
    const { history, backend, stopped } = await train('test/ChainWalk-v0', 'ppo', { totalSteps: 64, numSteps: 16, numMinibatches: 2, updateEpochs: 1, seed: 1 }, {
      onUpdate: async (m) => {
        seen.push(m.update);
      },
    }, { make: { kwargs: { length: 50 } } });
    expect(backend.backend).toBe('wasm');
    expect(stopped).toBe(false);
    expect(seen).toEqual([1, 2, 3, 4]);
    const last = history.at(-1)!;
    expect(last.step).toBe(64);
    for (const key of ['sps', 'policyLoss', 'valueLoss', 'entropy', 'approxKl', 'clipFrac', 'explainedVariance'] as const) {
      expect(Number.isFinite(last[key])).toBe(true);
    }
    // length 50 cannot be reached in 10 steps of at most 1: every episode is truncated at 10.
    const lengths = history.flatMap((m) => (m.episodeLength === undefined ? [] : [m.episodeLength]));
    expect(lengths.length).toBeGreaterThan(0);
    for (const l of lengths) expect(l).toBe(10);
  });

  it('stops when shouldStop says so', async () => {
    let calls = 0;
    const { history, stopped } = await train(() => new ContinuousBandit(), 'reinforce', { totalSteps: 1000, numSteps: 10 }, { shouldStop: () => ++calls > 3 });
    expect(stopped).toBe(true);
    expect(history.length).toBe(3);
  });

  it('resumes from a saved agent at the next update', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'lbgym-train-')), 'ckpt');
    const cfg = { totalSteps: 32 * 4, numSteps: 32, numMinibatches: 2, updateEpochs: 2, seed: 7 };
    await train(() => new ContextualBandit(), 'ppo', cfg, { shouldStop: () => false, onUpdate: async (m, agent) => (m.update === 2 ? agent.save(dir) : undefined) });
    const resumed = await train(() => new ContextualBandit(), 'ppo', cfg, {}, { resumeFrom: dir });
    expect(resumed.history.map((m) => m.update)).toEqual([3, 4]);
    expect(resumed.history[0]!.step).toBe(96);
    expect(resumed.history[0]!.learningRate).toBeCloseTo(3e-4 * 0.5, 12); // annealed: update 3 of 4
    expect((await loadAgent(dir)).algo).toBe('ppo');
    await expect(train(() => new ContextualBandit(), 'reinforce', {}, {}, { resumeFrom: dir })).rejects.toThrow(/holds a 'ppo' agent, not 'reinforce'/);
  });

  it('rejects an unknown algorithm and bad config by name', async () => {
    await expect(train(() => new ContinuousBandit(), 'a2c' as 'ppo')).rejects.toThrow(/unknown algo 'a2c'/);
    await expect(train(() => new ContinuousBandit(), 'ppo', { numSteps: 0 })).rejects.toThrow(/'numSteps' = 0/);
  });

  it('averages numeric info keys of finished episodes', () => {
    const s = summarizeEpisodes([
      { episodicReturn: 1, episodeLength: 1, info: { completionTime: 2, jain: 1 } },
      { episodicReturn: 3, episodeLength: 3, info: { completionTime: 4 } },
    ]);
    expect(s).toEqual({ episodes: 2, episodicReturn: 2, episodeLength: 2, info: { completionTime: 3, jain: 1 } });
    expect(summarizeEpisodes([])).toEqual({ episodes: 0, info: {} });
  });

  it('exposes config fields for every algorithm', () => {
    expect(Object.keys(CONFIG_FIELDS).sort()).toEqual(['dqn', 'mappo', 'ppo', 'reinforce', 'sac']);
    expect(CONFIG_FIELDS.ppo.find((f) => f.name === 'clipCoef')?.default).toBe(0.2);
  });
});

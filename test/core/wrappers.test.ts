import { describe, expect, it } from 'vitest';
import { Box } from '../../envs/core/spaces/box.js';
import { Discrete } from '../../envs/core/spaces/discrete.js';
import { RecordEpisodeStatistics, TimeLimit, type EpisodeStatistics } from '../../envs/core/wrappers/common.js';
import { RunningMeanStd } from '../../envs/core/wrappers/running-mean-std.js';
import { NormalizeObservation } from '../../envs/core/wrappers/stateful-observation.js';
import { NormalizeReward } from '../../envs/core/wrappers/stateful-reward.js';
import { ClipAction, DiscretizeAction, RescaleAction } from '../../envs/core/wrappers/transform-action.js';
import { FlattenObservation } from '../../envs/core/wrappers/transform-observation.js';
import { Wrapper } from '../../envs/core/wrappers/wrapper.js';
import { CounterEnv, DictObsEnv } from './test-envs.js';

const ZERO = new Float32Array(2);

describe('Wrapper', () => {
  it('delegates spaces, spec, reset, step, close and exposes unwrapped', () => {
    const inner = new CounterEnv(3);
    const env = new Wrapper(new Wrapper(inner));
    expect(env.observationSpace).toBe(inner.observationSpace);
    expect(env.actionSpace).toBe(inner.actionSpace);
    env.spec = { id: 'X-v0', kwargs: {} };
    expect(inner.spec).toEqual({ id: 'X-v0', kwargs: {} });
    expect(env.unwrapped).toBe(inner);
    expect(env.reset({ seed: 2 }).observation).toEqual(new CounterEnv(3).reset({ seed: 2 }).observation);
    env.close();
    expect(inner.closes).toBe(1);
  });
});

describe('TimeLimit', () => {
  it('truncates exactly at maxEpisodeSteps and validates it', () => {
    const env = new TimeLimit(new CounterEnv(100), 4);
    env.reset();
    const flags = Array.from({ length: 4 }, () => env.step(ZERO).truncated);
    expect(flags).toEqual([false, false, false, true]);
    expect(env.elapsedSteps).toBe(4);
    env.reset();
    expect(env.elapsedSteps).toBe(0);
    expect(() => new TimeLimit(new CounterEnv(), 0)).toThrow(/maxEpisodeSteps must be a positive integer, got 0/);
  });
});

describe('RecordEpisodeStatistics', () => {
  it('sets info.episode = {r, l, t} on the last step only and keeps queues', () => {
    const env = new RecordEpisodeStatistics(new CounterEnv(3), { bufferLength: 2 });
    for (let ep = 0; ep < 3; ep++) {
      env.reset({ seed: ep });
      let sum = 0;
      for (let t = 0; t < 3; t++) {
        const r = env.step(Float32Array.of(0.5, 0));
        sum += r.reward;
        if (t < 2) {
          expect(r.info.episode).toBeUndefined();
        } else {
          const e = r.info.episode as EpisodeStatistics;
          expect(e.r).toBeCloseTo(sum, 12);
          expect(e.l).toBe(3);
          expect(e.t).toBeGreaterThanOrEqual(0);
        }
      }
    }
    expect(env.episodeCount).toBe(3);
    expect(env.lengthQueue).toEqual([3, 3]);
    expect(env.returnQueue).toHaveLength(2);
  });

  it('counts a truncated episode too', () => {
    const env = new RecordEpisodeStatistics(new TimeLimit(new CounterEnv(100), 2));
    env.reset();
    env.step(ZERO);
    expect((env.step(ZERO).info.episode as EpisodeStatistics).l).toBe(2);
  });
});

describe('RunningMeanStd', () => {
  it('matches the population mean and variance of the samples (with a 1e-4 prior count)', () => {
    const rms = new RunningMeanStd(2);
    const xs = Array.from({ length: 500 }, (_, i) => [Math.sin(i) * 3 + 1, i % 7]);
    for (const x of xs) rms.update(x);
    for (let k = 0; k < 2; k++) {
      const col = xs.map((x) => x[k]!);
      const m = col.reduce((a, b) => a + b, 0) / col.length;
      const v = col.reduce((a, b) => a + (b - m) ** 2, 0) / col.length;
      expect(rms.mean[k]).toBeCloseTo(m, 5);
      expect(rms.var[k]).toBeCloseTo(v, 5);
    }
    expect(rms.count).toBeCloseTo(500.0001, 8);
  });

  it('validates restored state', () => {
    const rms = new RunningMeanStd(2);
    expect(() => rms.setState({ mean: [0], var: [1, 1], count: 1 })).toThrow(/state.mean has length 1, expected 2/);
    expect(() => rms.setState({ mean: [0, 0], var: [1, -1], count: 1 })).toThrow(/state.var\[1\] must be non-negative, got -1/);
  });
});

describe('NormalizeObservation', () => {
  it('normalises with statistics updated before normalising, like Gymnasium', () => {
    const env = new NormalizeObservation(new CounterEnv(50));
    const reference = new CounterEnv(50);
    const rms = new RunningMeanStd(2);
    const check = (raw: Float32Array, got: Float32Array): void => {
      rms.update(raw);
      for (let i = 0; i < 2; i++) expect(got[i]).toBeCloseTo((raw[i]! - rms.mean[i]!) / Math.sqrt(rms.var[i]! + 1e-8), 4);
    };
    check(reference.reset({ seed: 3 }).observation, env.reset({ seed: 3 }).observation);
    for (let t = 0; t < 20; t++) check(reference.step(ZERO).observation, env.step(ZERO).observation);
    expect(env.observationSpace.isBounded()).toBe(false);
    expect(env.observationSpace.shape).toEqual([2]);
  });

  it('freezes with update = false and restores saved statistics', () => {
    const env = new NormalizeObservation(new CounterEnv(50));
    env.reset({ seed: 1 });
    for (let t = 0; t < 10; t++) env.step(ZERO);
    const saved = env.statistics;
    env.update = false;
    env.step(ZERO);
    expect(env.statistics).toEqual(saved);
    const copy = new NormalizeObservation(new CounterEnv(50));
    copy.statistics = saved;
    copy.update = false;
    const a = env.reset({ seed: 9 }).observation;
    expect(copy.reset({ seed: 9 }).observation).toEqual(a);
  });

  it('needs a Box observation space', () => {
    expect(() => new NormalizeObservation(new FlattenObservation(new DictObsEnv()))).not.toThrow();
    expect(() => new NormalizeObservation(new DictObsEnv() as never)).toThrow(/observationSpace must be a Box, got Dict/);
  });
});

describe('NormalizeReward', () => {
  it('divides by the running std of the discounted return, like Gymnasium', () => {
    const gamma = 0.9;
    const env = new NormalizeReward(new CounterEnv(4), { gamma });
    const reference = new CounterEnv(4);
    const rms = new RunningMeanStd(1);
    let g = 0;
    env.reset({ seed: 5 });
    reference.reset({ seed: 5 });
    for (let t = 0; t < 12; t++) {
      const a = Float32Array.of(t % 2, 0.5);
      const raw = reference.step(a);
      const got = env.step(a);
      g = g * gamma * (raw.terminated ? 0 : 1) + raw.reward;
      rms.update([g]);
      expect(got.reward).toBeCloseTo(raw.reward / Math.sqrt(rms.var[0]! + 1e-8), 10);
      if (raw.terminated) {
        env.reset();
        reference.reset();
      }
    }
  });

  it('freezes with update = false and restores saved statistics', () => {
    const env = new NormalizeReward(new CounterEnv(100));
    env.reset({ seed: 1 });
    for (let t = 0; t < 10; t++) env.step(Float32Array.of(1, 0));
    env.update = false;
    const saved = env.statistics;
    env.step(Float32Array.of(1, 0));
    expect(env.statistics).toEqual(saved);
    const copy = new NormalizeReward(new CounterEnv(100));
    copy.statistics = saved;
    copy.update = false;
    env.reset({ seed: 4 });
    copy.reset({ seed: 4 });
    expect(copy.step(Float32Array.of(1, 0)).reward).toBe(env.step(Float32Array.of(1, 0)).reward);
    expect(() => new NormalizeReward(new CounterEnv(), { gamma: 1.5 })).toThrow(/gamma must be in \[0, 1\], got 1.5/);
  });
});

describe('ClipAction', () => {
  it('clips into the inner bounds and accepts any finite action', () => {
    const inner = new CounterEnv(10);
    const env = new ClipAction(inner);
    expect(env.actionSpace.isBounded()).toBe(false);
    env.reset();
    env.step(Float32Array.of(3, -0.25));
    expect(inner.lastAction).toEqual(Float32Array.of(1, -0.25));
    env.step(Float32Array.of(-7, 2));
    expect(inner.lastAction).toEqual(Float32Array.of(-1, 1));
    expect(() => env.step(Float32Array.of(1))).toThrow(/action has length 1, expected 2/);
  });
});

describe('RescaleAction', () => {
  it('maps [min, max] affinely onto the inner bounds, clipping beyond', () => {
    const inner = new CounterEnv(10);
    const env = new RescaleAction(inner, 0, 4);
    expect(Array.from(env.actionSpace.low)).toEqual([0, 0]);
    env.reset();
    env.step(Float32Array.of(0, 4));
    expect(inner.lastAction).toEqual(Float32Array.of(-1, 1));
    env.step(Float32Array.of(2, 1));
    expect(inner.lastAction).toEqual(Float32Array.of(0, -0.5));
    env.step(Float32Array.of(9, -3));
    expect(inner.lastAction).toEqual(Float32Array.of(1, -1));
    expect(() => new RescaleAction(inner, 1, 1)).toThrow(/need finite minAction\[0\] < maxAction\[0\], got 1 and 1/);
  });
});

describe('DiscretizeAction', () => {
  it('numbers grid points row-major, last coordinate fastest', () => {
    const inner = new CounterEnv(100);
    const env = new DiscretizeAction(inner, 3);
    expect(env.actionSpace).toBeInstanceOf(Discrete);
    expect(env.actionSpace.n).toBe(9);
    expect(Array.from(env.toContinuous(0))).toEqual([-1, -1]);
    expect(Array.from(env.toContinuous(1))).toEqual([-1, 0]);
    expect(Array.from(env.toContinuous(2))).toEqual([-1, 1]);
    expect(Array.from(env.toContinuous(3))).toEqual([0, -1]);
    expect(Array.from(env.toContinuous(8))).toEqual([1, 1]);
    env.reset();
    env.step(5);
    expect(inner.lastAction).toEqual(Float32Array.of(0, 1));
    env.step(5);
    expect(inner.lastAction).toEqual(Float32Array.of(0, 1));
    expect(() => env.step(9)).toThrow(/action must be an integer in \[0, 9\), got 9/);
    expect(() => env.toContinuous(-1)).toThrow(/got -1/);
  });

  it('supports per-coordinate bins, a midpoint for one bin, and validates', () => {
    const env = new DiscretizeAction(new CounterEnv(), [1, 5]);
    expect(env.actionSpace.n).toBe(5);
    expect(Array.from(env.toContinuous(1))).toEqual([0, -0.5]);
    expect(() => new DiscretizeAction(new CounterEnv(), [2])).toThrow(/binsPerDim has length 1, expected 2/);
    expect(() => new DiscretizeAction(new CounterEnv(), 0)).toThrow(/binsPerDim must be a positive integer, got 0/);
    expect(() => new DiscretizeAction(new ClipAction(new CounterEnv()), 2)).toThrow(/must be bounded/);
  });
});

describe('FlattenObservation', () => {
  it('turns a Dict observation into a Box vector in sorted key order', () => {
    const env = new FlattenObservation(new DictObsEnv());
    expect(env.observationSpace).toBeInstanceOf(Box);
    expect(env.observationSpace.shape).toEqual([5]);
    const r = env.reset({ seed: 1 });
    expect(env.observationSpace.contains(r.observation)).toBe(true);
    // keys: mode (one-hot of 3), pos (2)
    expect(Array.from(r.observation.subarray(0, 3))).toEqual([1, 0, 0]);
    const s = env.step(1);
    expect(Array.from(s.observation.subarray(0, 3))).toEqual([0, 0, 1]);
    expect(s.observation[4]).toBe(0.5);
  });
});

describe('RunningMeanStd: batch and one-at-a-time updates agree', () => {
  it('updateBatch gives the statistics of the same samples folded one by one, and normalize clips', () => {
    const rows = Array.from({ length: 37 }, (_, i) => Float32Array.of(Math.sin(i) * 3, i / 7, (i % 5) - 2));
    const one = new RunningMeanStd(3);
    for (const r of rows) one.update(r);
    const batch = new RunningMeanStd(3);
    batch.updateBatch(rows.slice(0, 20));
    batch.updateBatch(rows.slice(20));
    for (let i = 0; i < 3; i++) {
      expect(batch.mean[i]).toBeCloseTo(one.mean[i]!, 12);
      expect(batch.var[i]).toBeCloseTo(one.var[i]!, 12);
    }
    expect(batch.count).toBeCloseTo(one.count, 12);
    const z = batch.normalize([1e6, batch.mean[1]!, -1e6]);
    expect([z[0], z[2]]).toEqual([10, -10]);
    expect(Math.abs(z[1]!)).toBeLessThan(1e-6);
  });
});

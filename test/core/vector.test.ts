import { describe, expect, it } from 'vitest';
import type { Env } from '../../envs/core/env.js';
import { register } from '../../envs/core/registry.js';
import { Box } from '../../envs/core/spaces/box.js';
import { MultiDiscrete } from '../../envs/core/spaces/multi-discrete.js';
import { makeVec } from '../../envs/core/vector/make-vec.js';
import { SyncVectorEnv } from '../../envs/core/vector/sync-vector-env.js';
import { streamFor } from '../../envs/sim/rng.js';
import { BanditEnv, CounterEnv, DictObsEnv } from './test-envs.js';

register('test/VecCounter-v0', { entryPoint: () => new CounterEnv(50), maxEpisodeSteps: 2 });

/** Steps `n` separate envs by hand with Gymnasium's NEXT_STEP autoreset, for comparison. */
function referenceRollout(n: number, seed: number, actions: Float32Array[]): { obs: number[][]; rewards: number[][]; term: number[][]; trunc: number[][] } {
  const envs = Array.from({ length: n }, () => new CounterEnv(5, true));
  const obs: number[][] = [envs.flatMap((e, i) => Array.from(e.reset({ seed: seed + i }).observation))];
  const rewards: number[][] = [];
  const term: number[][] = [];
  const trunc: number[][] = [];
  const pending = new Array<boolean>(n).fill(false);
  for (const batch of actions) {
    const o: number[] = [];
    const r: number[] = [];
    const te: number[] = [];
    const tr: number[] = [];
    envs.forEach((env, i) => {
      if (pending[i]) {
        o.push(...env.reset().observation);
        r.push(0);
        te.push(0);
        tr.push(0);
        pending[i] = false;
      } else {
        const s = env.step(batch.slice(i * 2, i * 2 + 2));
        o.push(...s.observation);
        r.push(s.reward);
        te.push(s.terminated ? 1 : 0);
        tr.push(s.truncated ? 1 : 0);
        pending[i] = s.terminated || s.truncated;
      }
    });
    obs.push(o);
    rewards.push(r);
    term.push(te);
    trunc.push(tr);
  }
  return { obs, rewards, term, trunc };
}

describe('SyncVectorEnv', () => {
  it('equals its sub-envs stepped one by one, including NEXT_STEP autoreset', () => {
    const n = 3;
    const rng = streamFor(1, 'test');
    const actions = Array.from({ length: 25 }, () => Float32Array.from({ length: n * 2 }, () => rng.uniform() * 2 - 1));
    const ref = referenceRollout(n, 10, actions);
    const vec = new SyncVectorEnv(Array.from({ length: n }, () => () => new CounterEnv(5, true)));
    expect(Array.from(vec.reset({ seed: 10 }).observations)).toEqual(ref.obs[0]);
    let autoresets = 0;
    actions.forEach((a, t) => {
      const s = vec.step(a);
      expect(Array.from(s.observations)).toEqual(ref.obs[t + 1]);
      expect(Array.from(s.rewards)).toEqual(ref.rewards[t]);
      expect(Array.from(s.terminations)).toEqual(ref.term[t]);
      expect(Array.from(s.truncations)).toEqual(ref.trunc[t]);
      if (t > 0) {
        ref.term[t - 1]!.forEach((done, i) => {
          if (done === 1) {
            autoresets++;
            expect(s.infos[i]).toHaveProperty('horizon'); // the reset info
          }
        });
      }
    });
    expect(autoresets).toBeGreaterThan(5);
  });

  it('seeds sub-env i with seed + i and batches spaces', () => {
    const vec = new SyncVectorEnv([() => new CounterEnv(), () => new CounterEnv()]);
    const obs = vec.reset({ seed: 4 }).observations;
    expect(Array.from(obs.subarray(2, 4))).toEqual(Array.from(new CounterEnv().reset({ seed: 5 }).observation));
    expect(vec.observationSpace.shape).toEqual([2, 2]);
    expect(vec.observationSpace.contains(obs)).toBe(true);
    expect(vec.actionSpace).toBeInstanceOf(Box);
    expect(vec.actionSpace.shape).toEqual([2, 2]);
    expect(vec.singleObservationSpace.shape).toEqual([2]);
    expect(vec.obsDim).toBe(2);
    expect(vec.actionDim).toBe(2);
  });

  it('takes one integer per env for Discrete actions', () => {
    const vec = new SyncVectorEnv([() => new BanditEnv(), () => new BanditEnv()]);
    expect(vec.actionSpace).toBeInstanceOf(MultiDiscrete);
    vec.reset({ seed: 0 });
    const s = vec.step([2, 0]);
    expect(s.infos.map((i) => i.action)).toEqual([2, 0]);
    expect(s.rewards[0]).toBeGreaterThanOrEqual(2);
    expect(s.rewards[1]).toBeLessThan(1);
    vec.actionSpace.seed(1);
    expect(() => vec.step(vec.actionSpace.sample())).not.toThrow();
  });

  it('returns fresh arrays with copy (default) and reused buffers without', () => {
    const copying = new SyncVectorEnv([() => new CounterEnv()]);
    copying.reset();
    const a = copying.step(new Float32Array(2));
    expect(copying.step(new Float32Array(2)).observations).not.toBe(a.observations);
    const reusing = new SyncVectorEnv([() => new CounterEnv()], { copy: false });
    reusing.reset();
    const b = reusing.step(new Float32Array(2));
    const c = reusing.step(new Float32Array(2));
    expect(c.observations).toBe(b.observations);
    expect(c.rewards).toBe(b.rewards);
  });

  it('rejects misuse naming the problem', () => {
    const vec = new SyncVectorEnv([() => new CounterEnv(), () => new CounterEnv()]);
    expect(() => vec.step(new Float32Array(4))).toThrow(/step called before reset/);
    vec.reset();
    expect(() => vec.step(new Float32Array(3))).toThrow(/actions has length 3, expected 4 \(numEnvs 2 x actionDim 2\)/);
    vec.close();
    vec.close();
    expect(() => vec.reset()).toThrow(/reset called after close/);
    expect(() => new SyncVectorEnv([])).toThrow(/envFns must not be empty/);
    expect(() => new SyncVectorEnv([() => new DictObsEnv() as unknown as Env<Float32Array, number>])).toThrow(
      /single observationSpace must be a Box, got Dict/,
    );
  });

  it('same-step autoreset resets in the step, with the last observation and info in final', () => {
    const n = 3;
    const rng = streamFor(2, 'test');
    const actions = Array.from({ length: 20 }, () => Float32Array.from({ length: n * 2 }, () => rng.uniform() * 2 - 1));
    const envs = Array.from({ length: n }, () => new CounterEnv(5, true));
    envs.forEach((e, i) => e.reset({ seed: 7 + i }));
    const vec = new SyncVectorEnv(Array.from({ length: n }, () => () => new CounterEnv(5, true)), { autoresetMode: 'same-step' });
    vec.reset({ seed: 7 });
    let ended = 0;
    for (const a of actions) {
      const s = vec.step(a);
      envs.forEach((env, i) => {
        const r = env.step(a.slice(2 * i, 2 * i + 2));
        expect(s.rewards[i]).toBe(r.reward);
        expect(s.terminations[i]).toBe(r.terminated ? 1 : 0);
        expect(s.final!.mask[i]).toBe(r.terminated ? 1 : 0);
        if (r.terminated) {
          ended++;
          expect(Array.from(s.final!.observations.subarray(2 * i, 2 * i + 2))).toEqual(Array.from(r.observation));
          const reset = env.reset();
          expect(Array.from(s.observations.subarray(2 * i, 2 * i + 2))).toEqual(Array.from(reset.observation));
          expect(s.infos[i]).toEqual(reset.info);
        } else {
          expect(Array.from(s.observations.subarray(2 * i, 2 * i + 2))).toEqual(Array.from(r.observation));
        }
      });
    }
    expect(ended).toBeGreaterThan(5);
  });

  it('disabled autoreset needs a masked reset of the finished sub-envs', () => {
    const vec = new SyncVectorEnv([() => new CounterEnv(1), () => new CounterEnv(2)], { autoresetMode: 'disabled' });
    const first = vec.reset({ seed: 3 }).observations.slice();
    const s = vec.step(new Float32Array(4));
    expect(Array.from(s.terminations)).toEqual([1, 0]);
    expect(() => vec.step(new Float32Array(4))).toThrow(/envs\[0\] ended its episode; reset it with reset\(\{mask\}\)/);
    const kept = s.observations.slice(2, 4);
    const r = vec.reset({ mask: [1, 0], seed: 3 });
    expect(Array.from(r.observations.subarray(0, 2))).toEqual(Array.from(first.subarray(0, 2)));
    expect(Array.from(r.observations.subarray(2, 4))).toEqual(Array.from(kept));
    expect(r.infos[1]).toEqual({});
    expect(Array.from(vec.step(new Float32Array(4)).terminations)).toEqual([1, 1]);
    expect(() => vec.reset({ mask: [0, 0] })).toThrow(/mask must select at least one sub-env/);
    expect(() => new SyncVectorEnv([() => new CounterEnv()], { autoresetMode: 'later' as 'disabled' })).toThrow(/autoresetMode must be one of next-step, same-step, disabled, got "later"/);
  });

  it('closes every sub-env once', () => {
    const subs: CounterEnv[] = [];
    const vec = new SyncVectorEnv([0, 1].map(() => () => {
      const e = new CounterEnv();
      subs.push(e);
      return e;
    }));
    vec.close();
    vec.close();
    expect(subs.map((e) => e.closes)).toEqual([1, 1]);
  });
});

describe('makeVec', () => {
  it('builds registered envs with their wrappers and autoresets after truncation', () => {
    const vec = makeVec('test/VecCounter-v0', 2);
    expect(vec.numEnvs).toBe(2);
    vec.reset({ seed: 0 });
    const a = new Float32Array(4);
    vec.step(a);
    const second = vec.step(a);
    expect(Array.from(second.truncations)).toEqual([1, 1]);
    const third = vec.step(a);
    expect(Array.from(third.rewards)).toEqual([0, 0]);
    expect(Array.from(third.truncations)).toEqual([0, 0]);
    expect(Array.from(third.observations.filter((_, i) => i % 2 === 0))).toEqual([0, 0]);
    expect(() => makeVec('test/VecCounter-v0', 0)).toThrow(/numEnvs must be a positive integer, got 0/);
  });
});

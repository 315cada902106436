import { describe, expect, it } from 'vitest';
import {
  ClipAction,
  DiscretizeAction,
  MULTI_AGENT_ID,
  MultiAgentOneShotEnv,
  ONE_SHOT_ID,
  ONE_SHOT_REWARDS,
  OneShotEnv,
  SyncVectorEnv,
  checkEnv,
  checkParallelEnv,
  listEnvs,
  make,
  makeParallel,
  makeVec,
  type Env,
} from '../../envs/index.js';
import { monteCarlo } from '../../envs/sim/monte-carlo.js';
import { preset } from '../../envs/sim/presets.js';

const act = (K: number, tb: number) => Float32Array.of(K, tb);

describe('registry', () => {
  it('registers both ids, and checkEnv passes on every registered id', () => {
    const ids = listEnvs().map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining([ONE_SHOT_ID, MULTI_AGENT_ID]));
    for (const s of listEnvs()) {
      if (s.kind === 'env') checkEnv(make(s.id));
      else checkParallelEnv(makeParallel(s.id));
    }
  });
  it('checkEnv passes for n-node scenarios, every reward and randomised rates', () => {
    for (const reward of ONE_SHOT_REWARDS) checkEnv(new OneShotEnv({ reward }));
    checkEnv(new OneShotEnv({ scenario: 'hetero-16' }));
    checkEnv(new OneShotEnv({ scenario: 'hetero-4', rateSpread: 0.5 }));
    checkParallelEnv(new MultiAgentOneShotEnv({ scenario: 'wireless-lan', reward: 'per-node' }));
  });
});

describe('LB-OneShot-v0', () => {
  it('one step terminates, with the documented info', () => {
    const env = make(ONE_SHOT_ID);
    const { observation, info } = env.reset({ seed: 1 });
    expect(env.observationSpace.contains(observation)).toBe(true);
    const loads = info['loads'] as number[];
    expect(observation[0]).toBeCloseTo(loads[0]! / 100, 6);
    const r = env.step(act(0.9, 5));
    expect(r.terminated).toBe(true);
    expect(r.truncated).toBe(false);
    for (const k of ['completionTime', 'finishTimes', 'tasksMoved', 'moved', 'knowledge', 'jainFinish', 'jainBacklog', 'varianceFinish', 'K', 'tb', 'tRef']) {
      expect(r.info).toHaveProperty(k);
    }
    expect(r.reward).toBeCloseTo(-(r.info['completionTime'] as number) / (r.info['tRef'] as number), 12);
    expect(() => env.step(act(0.9, 5))).toThrow(/reset/);
  });
  it('same seed gives identical trajectories; no seed keeps the stream going', () => {
    const run = (seed: number) => {
      const env = new OneShotEnv();
      const out: number[] = [];
      env.reset({ seed });
      for (let i = 0; i < 50; i++) {
        const { observation } = i === 0 ? { observation: new Float32Array() } : env.reset();
        const s = env.step(act((i % 10) / 10, i % 7));
        out.push(...observation, s.reward, s.info['completionTime'] as number);
      }
      return out;
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
    const env = new OneShotEnv();
    const a = env.reset({ seed: 9 }).observation;
    const b = env.reset().observation;
    const c = env.reset({ seed: 9 }).observation;
    expect(Array.from(c)).toEqual(Array.from(a));
    expect(Array.from(b)).not.toEqual(Array.from(a));
  });
  it('every observation is in the space and every reward finite, for every reward kind', () => {
    for (const reward of ONE_SHOT_REWARDS) {
      const env = new OneShotEnv({ reward, scenario: 'hetero-4', rateSpread: 0.3 });
      env.actionSpace.seed(5);
      for (let i = 0; i < 300; i++) {
        const { observation } = env.reset({ seed: i });
        expect(env.observationSpace.contains(observation)).toBe(true);
        const s = env.step(env.actionSpace.sample());
        expect(Number.isFinite(s.reward)).toBe(true);
        expect(env.observationSpace.contains(s.observation)).toBe(true);
      }
    }
  });
  it('invalid actions are errors naming the value', () => {
    const env = new OneShotEnv();
    env.reset({ seed: 1 });
    expect(() => env.step(act(Number.NaN, 1))).toThrow(/K must be in \[0, 1\], got NaN/);
    expect(() => env.step(act(1.5, 1))).toThrow(/K must be in \[0, 1\], got 1.5/);
    expect(() => env.step(act(0.5, -1))).toThrow(/t_b must be in \[0, 10\], got -1/);
    expect(() => env.step(act(0.5, 11))).toThrow(/t_b must be in \[0, 10\], got 11/);
    expect(() => env.step(Float32Array.of(0.5))).toThrow(/expected 2 values \[K, t_b\], got 1/);
    expect(() => env.step('x' as unknown as Float32Array)).toThrow(/expected an array of 2 numbers/);
    // ClipAction makes the same action legal.
    const clipped = new ClipAction(new OneShotEnv());
    clipped.reset({ seed: 1 });
    expect(clipped.step(act(1.5, 99)).info['tb']).toBe(10);
  });
  it('kwargs are validated by name', () => {
    expect(() => new OneShotEnv({ reward: 'speed' as never })).toThrow(/reward: expected one of completion/);
    expect(() => new OneShotEnv({ tbMax: 0 })).toThrow(/tbMax: .*got 0/);
    expect(() => new OneShotEnv({ loads: { kind: 'uniform', low: 5, high: 2 } })).toThrow(/loads\.high\[0\]/);
    expect(() => new OneShotEnv({ loads: { kind: 'zipf' } as never })).toThrow(/loads\.kind/);
    expect(() => new OneShotEnv({ scenario: 'nowhere' })).toThrow(/--preset|scenario/);
    expect(() => new OneShotEnv({ rateSpread: 1 })).toThrow(/rateSpread/);
  });
  it('the mean completion over episodes matches the simulator for fixed loads and action', () => {
    const env = new OneShotEnv({ loads: { kind: 'fixed', loads: [100, 50] } });
    env.reset({ seed: 2 });
    const xs: number[] = [];
    for (let i = 0; i < 20000; i++) {
      env.reset();
      xs.push(env.step(act(0.9, 5)).info['completionTime'] as number);
    }
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const mc = monteCarlo(preset('wireless-lan'), [100, 50], { K: 0.9, tb: 5 }, { episodes: 100000, seed: 77 });
    const se = Math.hypot(mc.stdError, mc.stdDev / Math.sqrt(xs.length));
    expect(Math.abs(mean - mc.meanCompletion)).toBeLessThan(4 * se);
  });
  it('fairness rewards prefer equal finishes; jain-backlog is degenerate at large t_b, as documented', () => {
    const env = new OneShotEnv({ reward: 'jain-backlog', loads: { kind: 'fixed', loads: [100, 50] } });
    env.reset({ seed: 1 });
    expect(env.step(act(1, 10)).reward).toBeLessThan(1); // still busy at 10 s
    const small = new OneShotEnv({ reward: 'jain-backlog', loads: { kind: 'fixed', loads: [2, 2] } });
    small.reset({ seed: 1 });
    expect(small.step(act(0, 10)).reward).toBe(1); // all served before t_b: "perfectly fair"
  });
  it('DiscretizeAction turns the Box into a grid for value-based agents', () => {
    const env = new DiscretizeAction(new OneShotEnv(), 5);
    expect(env.actionSpace.kind).toBe('discrete');
    env.reset({ seed: 1 });
    expect(env.step(24).info['K']).toBe(1);
  });
  it('the vector env equals the same envs stepped one by one', () => {
    const n = 4;
    const vec = makeVec(ONE_SHOT_ID, n);
    const singles: Env[] = Array.from({ length: n }, () => make(ONE_SHOT_ID));
    const vr = vec.reset({ seed: 10 });
    const sObs = singles.map((e, i) => e.reset({ seed: 10 + i }).observation);
    expect(Array.from(vr.observations)).toEqual(sObs.flatMap((o) => Array.from(o)));
    for (let t = 0; t < 6; t++) {
      const actions = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) actions.set([((i + t) % 5) / 4, t], 2 * i);
      const r = vec.step(actions);
      for (let i = 0; i < n; i++) {
        if (t % 2 === 1) {
          // NEXT_STEP autoreset: this step resets the finished sub-env.
          const o = singles[i]!.reset().observation;
          expect(Array.from(r.observations.subarray(2 * i, 2 * i + 2))).toEqual(Array.from(o));
          expect(r.rewards[i]).toBe(0);
        } else {
          const s = singles[i]!.step(actions.subarray(2 * i, 2 * i + 2));
          expect(r.rewards[i]).toBe(s.reward);
          expect(r.terminations[i]).toBe(1);
        }
      }
    }
    expect(vec).toBeInstanceOf(SyncVectorEnv);
  });
});

describe('LB-MultiAgent-v0', () => {
  it('per-node gains and instants, shared variance reward, agents done after one step', () => {
    const env = makeParallel(MULTI_AGENT_ID);
    const { observations } = env.reset({ seed: 4 });
    expect(Object.keys(observations)).toEqual(['node0', 'node1', 'node2', 'node3']);
    expect(env.observationSpace('node0')).toBe(env.observationSpace('node0'));
    const actions = Object.fromEntries(env.possibleAgents.map((a, i) => [a, act(0.25 * i, i)]));
    const r = env.step(actions);
    const rewards = Object.values(r.rewards);
    expect(new Set(rewards).size).toBe(1);
    expect(rewards[0]).toBeLessThanOrEqual(0);
    expect(Object.values(r.terminations).every((x) => x)).toBe(true);
    expect(env.agents).toEqual([]);
    expect(r.infos['node3']!['tb']).toBe(3);
  });
  it('determinism and invalid actions', () => {
    const run = () => {
      const env = new MultiAgentOneShotEnv({ reward: 'per-node' });
      const out: number[] = [];
      for (let e = 0; e < 20; e++) {
        env.reset(e === 0 ? { seed: 1 } : {});
        const r = env.step(Object.fromEntries(env.possibleAgents.map((a) => [a, act(0.8, 0.5)])));
        out.push(...Object.values(r.rewards));
      }
      return out;
    };
    expect(run()).toEqual(run());
    const env = new MultiAgentOneShotEnv();
    env.reset({ seed: 1 });
    expect(() => env.step({ node0: act(0.5, 1) })).toThrow(/missing the action of node1/);
    expect(() => env.step({ ...Object.fromEntries(env.possibleAgents.map((a) => [a, act(0.5, 1)])), node2: act(2, 1) })).toThrow(/node2: K must be in \[0, 1\], got 2/);
    expect(() => env.step({ ...Object.fromEntries(env.possibleAgents.map((a) => [a, act(0.5, 1)])), ghost: act(1, 1) })).toThrow(/unknown agent "ghost"/);
  });
});

/** The fairness papers' dispatch setting: presets, sed-speeds, the paper observation, the new rewards. */
import { describe, expect, it } from 'vitest';
import { checkEnv, checkParallelEnv } from '../../envs/core/checker.js';
import { make, makeParallel } from '../../envs/core/registry.js';
import { DispatchEnv, actionSpeeds } from '../../envs/dispatch-env.js';
import { DispatchMultiEnv } from '../../envs/dispatch-multi-env.js';
import { DISPATCH_PRESETS, DISPATCH_PRESET_NAMES } from '../../envs/dispatch-presets.js';
import { DISPATCH_ID, DISPATCH_MULTI_ID, registerDispatchEnvs } from '../../envs/dispatch-registration.js';
import { DISPATCH_REWARDS, LOG_VARIANCE_FLOOR, dispatchReward } from '../../envs/dispatch-rewards.js';
import { familyBaselines } from '../../experiments/env-families.js';
import { variance } from '../../envs/sim/fairness.js';
import { ConfigError } from '../../envs/sim/validation.js';

registerDispatchEnvs();

const ones = (n: number): Float32Array => new Float32Array(n).fill(1);
/** SED's speeds: capacities / max capacity. */
const sedSpeeds = (caps: ArrayLike<number>): Float32Array => {
  const m = Math.max(...Array.from(caps));
  return Float32Array.from(caps, (c) => c / m);
};
/** SED's action with `speedScale: 'log'`: `1 + log2(c / max(c)) / octaves`. */
const sedLogAction = (caps: ArrayLike<number>, octaves: number): Float32Array => Float32Array.from(sedSpeeds(caps), (s) => 1 + Math.log2(s) / octaves);

describe('presets', () => {
  it('build the papers\' settings: dispatchers, servers, cores, processor sharing, load over total capacity', () => {
    const rlb = new DispatchEnv({ preset: 'rlb-2', load: 0.8 });
    expect(rlb.sim.server).toBe('ps');
    expect(Array.from(rlb.sim.cpus)).toEqual([4, 2]);
    expect(Array.from(rlb.sim.capacities)).toEqual([8, 4]);
    expect(Array.from(rlb.sim.maxActive)).toEqual([8, 4]);
    expect(rlb.sim.arrivalRate).toBeCloseTo(0.8 * 12, 12);
    expect(rlb.config.delta).toBe(0.5);
    const m7 = new DispatchMultiEnv({ preset: 'marl-7' });
    expect(m7.dispatchers).toBe(2);
    expect(Array.from(m7.sim.cpus)).toEqual([1, 1, 1, 1, 2, 2, 2]);
    const m24 = new DispatchMultiEnv({ preset: 'marl-24' });
    expect(m24.dispatchers).toBe(6);
    expect(m24.n).toBe(24);
    expect(Array.from(m24.sim.cpus).filter((c) => c === 2).length).toBe(12);
    expect(Array.from(m24.sim.cpus).filter((c) => c === 4).length).toBe(12);
    // Kwargs override the preset.
    expect(new DispatchMultiEnv({ preset: 'marl-7', dispatchers: 3 }).dispatchers).toBe(3);
    expect(Array.from(new DispatchEnv({ preset: 'rlb-2', maxActive: [4, 2] }).sim.maxActive)).toEqual([4, 2]);
    // The default stays the 8-node FIFO.
    const def = new DispatchEnv();
    expect(def.sim.server).toBe('fifo');
    expect(def.n).toBe(8);
    expect(def.observationSpace.shape).toEqual([16]);
  });

  it('pass checkEnv / checkParallelEnv in every action and observation mode', () => {
    for (const action of ['weights', 'sed-speeds'] as const) {
      for (const observation of ['basic', 'paper', 'none'] as const) {
        checkEnv(make(DISPATCH_ID, { kwargs: { preset: 'rlb-2', action, observation } }));
        checkEnv(new DispatchEnv({ action, observation, reward: 'g-index', smoothing: 0.9 }));
        for (const preset of DISPATCH_PRESET_NAMES) checkParallelEnv(makeParallel(DISPATCH_MULTI_ID, { kwargs: { preset, action, observation } }));
      }
    }
  });

  it('keep tasks conserved, and the classic rules work on them with per-server capacities', () => {
    const jain: Record<string, number> = {};
    const response: Record<string, number> = {};
    const share: Record<string, number> = {};
    const kwargs = { preset: 'rlb-2', load: 0.9, observation: 'paper' as const };
    for (const b of familyBaselines(DISPATCH_ID, { envKwargs: kwargs, names: undefined, seed: 1, bestFixedEpisodes: 1 })) {
      const env = new DispatchEnv({ ...kwargs, ...b.envKwargs });
      let { observation } = env.reset({ seed: 2 });
      let info: Record<string, unknown> = {};
      for (let k = 0; k < 200; k++) {
        const r = env.step(b.policy.act(observation) as Float32Array);
        observation = r.observation;
        info = r.info;
        expect(info['arrived']).toBe((info['served'] as number) + (info['queued'] as number));
      }
      jain[b.name] = info['jainSojourn'] as number;
      response[b.name] = info['meanResponseTime'] as number;
      const sim = env.sim;
      // The share of the tasks dispatched to server 0 (served or still there).
      share[b.name] = (sim.nodeServed[0]! + sim.queueLength[0]!) / sim.arrived;
    }
    expect(Object.keys(jain)).toContain('active-wcmp');
    // About 900 tasks: the binomial SE of a share is below 0.017; 4 SE.
    expect(Math.abs(share['wcmp']! - 2 / 3)).toBeLessThan(0.065);
    expect(Math.abs(share['ecmp']! - 1 / 2)).toBeLessThan(0.065);
    expect(jain['sed']).toBeGreaterThan(jain['ecmp']!);
    expect(jain['sed']).toBeGreaterThan(0.97);
    expect(response['sed']).toBeLessThan(response['wcmp']!);
    expect(response['wcmp']).toBeLessThan(response['ecmp']!);
  });
});

describe('action: sed-speeds', () => {
  it('with the true capacities reproduces the sed rule decision for decision (one and several dispatchers, ps and fifo)', () => {
    const single = (kwargs: Record<string, unknown>, sedAction: (caps: ArrayLike<number>) => Float32Array = sedSpeeds): void => {
      const agent = new DispatchEnv({ ...kwargs, action: 'sed-speeds' });
      const sed = new DispatchEnv({ ...kwargs, rule: 'sed' });
      const a = sedAction(agent.sim.capacities);
      agent.reset({ seed: 5 });
      sed.reset({ seed: 5 });
      for (let k = 0; k < 100; k++) {
        const x = agent.step(a);
        const y = sed.step(ones(sed.n));
        expect(x.observation).toEqual(y.observation);
        expect(x.reward).toBe(y.reward);
        expect(x.info['meanResponseTime']).toBe(y.info['meanResponseTime']);
      }
      expect(Array.from(agent.sim.nodeServed)).toEqual(Array.from(sed.sim.nodeServed));
    };
    single({ preset: 'rlb-2', load: 0.95 });
    single({});
    // Log-scale speeds: SED is 1 + log2(c / max c) / speedOctaves (exact in float32 for these ratios).
    single({ speedScale: 'log' }, (caps) => sedLogAction(caps, 4));
    single({ preset: 'rlb-2', load: 0.95, speedScale: 'log', speedOctaves: 2 }, (caps) => sedLogAction(caps, 2));
    const agent = new DispatchMultiEnv({ preset: 'marl-7', action: 'sed-speeds' });
    const sed = new DispatchMultiEnv({ preset: 'marl-7', rule: 'sed' });
    const a = sedSpeeds(agent.sim.capacities);
    agent.reset({ seed: 3 });
    sed.reset({ seed: 3 });
    for (let k = 0; k < 100; k++) {
      const x = agent.step({ dispatcher0: a, dispatcher1: a });
      const y = sed.step({ dispatcher0: ones(7), dispatcher1: ones(7) });
      expect(x.observations).toEqual(y.observations);
      expect(x.rewards).toEqual(y.rewards);
    }
    expect(agent.sim.totalSojourn).toBe(sed.sim.totalSojourn);
    expect(agent.sim.served).toBeGreaterThan(300);
  });

  it('with speedScale log maps the action to 2^(speedOctaves (a - 1)): equal entries route as equal speeds, 0 excludes no server', () => {
    const env = new DispatchEnv({ speedScale: 'log', speedOctaves: 3 });
    expect(Array.from(actionSpeeds(env.config, Float32Array.of(0, 0.5, 1)))).toEqual([1 / 8, 2 ** -1.5, 1]);
    const lin = new DispatchEnv({ speedScale: 'linear' });
    const a = Float32Array.of(0.25, 0.5);
    expect(actionSpeeds(lin.config, a)).toBe(a);
    // All entries 0 under log: equal speeds 2^-3, every node is used, as with all entries 1.
    const zero = new DispatchEnv({ speedScale: 'log', speedOctaves: 3 });
    const one = new DispatchEnv({ speedScale: 'log', speedOctaves: 3 });
    zero.reset({ seed: 7 });
    one.reset({ seed: 7 });
    for (let k = 0; k < 50; k++) {
      expect(zero.step(new Float32Array(8)).observation).toEqual(one.step(ones(8)).observation);
    }
    expect(Math.min(...Array.from(zero.sim.nodeServed))).toBeGreaterThan(0);
  });

  it('routes on the speeds it is given: a zero speed excludes a server; the info names the rule', () => {
    const env = new DispatchEnv({ preset: 'rlb-2', action: 'sed-speeds' });
    expect(env.reset({ seed: 1 }).info['rule']).toBe('sed-speeds');
    let info: Record<string, unknown> = {};
    for (let k = 0; k < 20; k++) info = env.step(Float32Array.of(1, 0)).info;
    expect(env.sim.nodeServed[1]).toBe(0);
    expect(env.sim.nodeServed[0]).toBe(info['served']);
    expect(() => env.step(Float32Array.of(1, 2))).toThrow(/speed\[1\]/);
  });
});

describe('observation: none', () => {
  it('is one 0 at every step (an open-loop agent), on one dispatcher and on several', () => {
    const env = new DispatchEnv({ action: 'sed-speeds', speedScale: 'log', observation: 'none' });
    expect(env.observationSpace.shape).toEqual([1]);
    expect(Array.from(env.reset({ seed: 3 }).observation)).toEqual([0]);
    for (let t = 0; t < 5; t++) {
      const step = env.step(Float32Array.of(0.25, 0.25, 0.5, 0.5, 0.75, 0.75, 1, 1));
      expect(Array.from(step.observation)).toEqual([0]);
      expect(step.info['served']).toBeGreaterThan(0);
    }
    const multi = makeParallel(DISPATCH_MULTI_ID, { kwargs: { preset: 'marl-7', observation: 'none' } });
    const obs = multi.reset({ seed: 1 }).observations;
    for (const o of Object.values(obs)) expect(Array.from(o)).toEqual([0]);
  });
});

describe('observation: paper', () => {
  it('is 7n + 1 reservoir statistics, discounted averages, outstanding counts and the mean inter-arrival time', () => {
    const env = new DispatchEnv({ preset: 'rlb-2', observation: 'paper', reservoirSize: 1000, obsDiscount: 0.8, obsClip: 1000 });
    expect(env.observationSpace.shape).toEqual([15]);
    expect(Array.from(env.reset({ seed: 4 }).observation)).toEqual(new Array<number>(15).fill(0));
    const cfg = env.config;
    const ts = cfg.timeScale;
    const n = 2;
    const avg = [new Float64Array(3), new Float64Array(3)];
    const seen = [false, false];
    for (let k = 0; k < 60; k++) {
      const r = env.step(Float32Array.of(0.7, 0.3));
      const o = r.observation;
      const sim = env.sim;
      for (let i = 0; i < n; i++) {
        expect(o[i]).toBeCloseTo(sim.outstanding[i]! / cfg.outstandingScale, 5);
        const c = sim.intervalCount[i]!;
        const mean = c === 0 ? 0 : sim.intervalSojourn[i]! / c;
        // With a reservoir larger than any interval it holds every completion.
        expect(o[n + i]).toBeCloseTo(mean / ts, 5);
        expect(o[2 * n + i]).toBeGreaterThanOrEqual(0);
        if (c > 0) expect(o[3 * n + i]).toBeGreaterThanOrEqual(o[n + i]! - 1e-6);
        for (let s = 0; s < 3; s++) {
          const v = o[(1 + s) * n + i]! * ts;
          if (c > 0) avg[i]![s] = seen[i] ? 0.8 * avg[i]![s]! + 0.2 * v : v;
          expect(o[(4 + s) * n + i]).toBeCloseTo(avg[i]![s]! / ts, 4);
        }
        if (c > 0) seen[i] = true;
      }
      expect(o[7 * n]).toBeCloseTo(cfg.delta / Math.max(1, r.info['dispatched'] as number) / ts, 5);
    }
    expect(seen).toEqual([true, true]);
  });

  it('clips to obsClip and keeps a bounded reservoir: the sd and p90 of a full reservoir come from a sample', () => {
    const env = new DispatchEnv({ observation: 'paper', reservoirSize: 4, load: 1.2, obsClip: 3 });
    env.reset({ seed: 2 });
    let o: Float32Array = new Float32Array(0);
    for (let k = 0; k < 100; k++) o = env.step(ones(8)).observation;
    expect(Math.max(...o)).toBeLessThanOrEqual(3);
    expect(env.observationSpace.contains(o)).toBe(true);
    for (let slot = 0; slot < 8; slot++) expect(env.sim.reservoir!.count(slot)).toBeLessThanOrEqual(4);
  });
});

describe('rewards on hand-made states', () => {
  const x = [1, 2, 4];
  const ts = 2;

  it('compute each formula', () => {
    const scaledVar = variance([0.5, 1, 2]);
    const expected: Record<string, number> = {
      jain: 49 / 63,
      variance: -scaledVar,
      'log-variance': -Math.log(LOG_VARIANCE_FLOOR + scaledVar),
      'g-index': Math.sin(Math.PI / 8) * Math.sin(Math.PI / 4) * Math.sin(Math.PI / 2),
      bossaer: (1 / 4) * (1 / 2) * 1,
      product: (3 / 7) * (6 / 7) * (12 / 7),
    };
    expect(Object.keys(expected).sort()).toEqual([...DISPATCH_REWARDS].sort());
    for (const r of DISPATCH_REWARDS) expect(dispatchReward(r, x, ts)).toBeCloseTo(expected[r]!, 12);
  });

  it('are best at equal durations, and handle empty and unobserved servers', () => {
    for (const r of DISPATCH_REWARDS) {
      const best = dispatchReward(r, [3, 3, 3], ts);
      expect(best).toBeGreaterThan(dispatchReward(r, x, ts));
      expect(best).toBeGreaterThan(dispatchReward(r, [3, 3, 3.3], ts));
    }
    expect(dispatchReward('g-index', [3, 3, 3], ts)).toBe(1);
    expect(dispatchReward('bossaer', [3, 3, 3], ts)).toBe(1);
    expect(dispatchReward('product', [3, 3, 3], ts)).toBeCloseTo(1, 14);
    expect(dispatchReward('log-variance', [3, 3, 3], ts)).toBeCloseTo(-Math.log(LOG_VARIANCE_FLOOR), 12);
    for (const r of ['g-index', 'bossaer', 'product', 'jain'] as const) expect(dispatchReward(r, [0, 0, 0], ts)).toBe(1);
    for (const r of ['g-index', 'bossaer', 'product'] as const) expect(dispatchReward(r, [0, 2, 4], ts)).toBe(0);
    // The variances see absolute spread, the indices do not: halving every duration.
    expect(dispatchReward('variance', [0.5, 1, 2], ts)).toBeGreaterThan(dispatchReward('variance', x, ts));
    expect(dispatchReward('bossaer', [0.5, 1, 2], ts)).toBeCloseTo(dispatchReward('bossaer', x, ts), 14);
  });

  it('are what the environments return, over the smoothed per-server durations', () => {
    for (const reward of DISPATCH_REWARDS) {
      const env = new DispatchMultiEnv({ preset: 'marl-7', reward, smoothing: 0.7 });
      env.reset({ seed: 1 });
      const n = 7;
      const means = new Float64Array(n);
      for (let k = 0; k < 30; k++) {
        const r = env.step({ dispatcher0: ones(n), dispatcher1: ones(n) });
        const sim = env.sim;
        for (let i = 0; i < n; i++) {
          const c = sim.intervalCount[i]! + sim.intervalCount[n + i]!;
          if (c === 0) continue;
          const m = (sim.intervalSojourn[i]! + sim.intervalSojourn[n + i]!) / c;
          means[i] = means[i] === 0 ? m : 0.7 * means[i]! + 0.3 * m;
        }
        expect(r.rewards['dispatcher1']).toBeCloseTo(dispatchReward(reward, means, env.config.timeScale), 10);
      }
    }
  });
});

describe('bad kwargs', () => {
  const field = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      if (e instanceof ConfigError) return e.message;
      throw e;
    }
    throw new Error('no error');
  };

  it('name the field and the value', () => {
    expect(field(() => new DispatchEnv({ preset: 'rlb-3' }))).toMatch(/^preset: expected one of rlb-2, marl-7, marl-24, got "rlb-3"$/);
    expect(field(() => new DispatchEnv({ preset: 'marl-7' }))).toMatch(/^preset: .*LB-DispatchMulti-v0/);
    expect(field(() => new DispatchEnv({ server: 'pq' as never }))).toMatch(/^server: expected fifo or ps, got "pq"/);
    expect(field(() => new DispatchEnv({ cpus: [2, 1, 1, 1, 1, 1, 1, 1] }))).toMatch(/^cpus\[0\]: .*server 'ps'/);
    expect(field(() => new DispatchEnv({ preset: 'rlb-2', cpus: [4] }))).toMatch(/^cpus: expected an array of 2/);
    expect(field(() => new DispatchEnv({ preset: 'rlb-2', cpus: [4, -1] }))).toMatch(/^cpus\[1\]: expected an integer > 0, got -1/);
    expect(field(() => new DispatchEnv({ preset: 'rlb-2', maxActive: [8, 1] }))).toMatch(/^maxActive\[1\]: expected an integer >= cpus\[1\] = 2, got 1/);
    expect(field(() => new DispatchEnv({ preset: 'rlb-2', maxActive: [8, 'x' as never] }))).toMatch(/^maxActive\[1\]/);
    expect(field(() => new DispatchEnv({ maxActive: [1, 1] }))).toMatch(/^maxActive: /);
    expect(field(() => new DispatchEnv({ action: 'speeds' as never }))).toMatch(/^action: expected weights or sed-speeds, got "speeds"/);
    expect(field(() => new DispatchEnv({ observation: 'full' as never }))).toMatch(/^observation: expected one of basic, paper, none/);
    expect(field(() => new DispatchEnv({ action: 'sed-speeds', speedScale: 'exp' as never }))).toMatch(/^speedScale: expected linear or log, got "exp"/);
    expect(field(() => new DispatchEnv({ action: 'sed-speeds', speedScale: 'log', speedOctaves: 0 }))).toMatch(/^speedOctaves: .*got 0/);
    expect(field(() => new DispatchEnv({ reward: 'gini' as never }))).toMatch(/^reward: expected one of jain, variance, g-index, bossaer, log-variance, product/);
    expect(field(() => new DispatchEnv({ obsDiscount: 1 }))).toMatch(/^obsDiscount: expected a number in \[0, 1\)/);
    expect(field(() => new DispatchEnv({ reservoirSize: 0 }))).toMatch(/^reservoirSize: /);
    expect(field(() => new DispatchEnv({ rule: 'sed-speeds' as never }))).toMatch(/^rule: /);
    expect(field(() => makeParallel(DISPATCH_MULTI_ID, { kwargs: { preset: 'marl-8' } }))).toMatch(/^preset: /);
    expect(field(() => make(DISPATCH_ID, { kwargs: { prest: 'rlb-2' } }))).toMatch(/did you mean "preset"/);
  });

  it('the preset table is frozen', () => {
    expect(Object.isFrozen(DISPATCH_PRESETS['rlb-2']!.cpus)).toBe(true);
  });
});

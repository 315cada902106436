import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DynamicEventKind, DynamicSimulator } from '../../envs/sim/dynamic/dynamic-simulator.js';
import type { DynamicOptions } from '../../envs/sim/dynamic/dynamic-config.js';
import { monteCarlo } from '../../envs/sim/monte-carlo.js';
import { preset } from '../../envs/sim/presets.js';
import type { Scenario } from '../../envs/sim/scenario.js';
import { meanAndSe } from '../helpers/stats.js';

function scenarioOf(rates: number[], commMean = 0.1): Scenario {
  return {
    name: 'test',
    nodes: rates.map((r) => ({ service: { family: 'exponential', mean: 1 / r } })),
    comm: { family: 'exponential', mean: commMean },
    transfer: { model: { kind: 'floor-linear', dMin: 0.3, d: 0.1, beta: 0.2 } },
    defaultLoads: rates.map(() => 0),
  };
}

function balanced(sim: DynamicSimulator): boolean {
  const c = sim.counters();
  return c.initial + c.arrived === c.served + c.queued + c.inTransit + c.lost;
}

function queuesSum(sim: DynamicSimulator): number {
  let s = 0;
  for (let i = 0; i < sim.n; i++) s += sim.queueLength(i);
  return s;
}

describe('dynamic simulator: conservation (property-based)', () => {
  it('initial + arrived = served + queued + inTransit + lost at every event, with arrivals, bursts and failures', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }).chain((n) =>
          fc.record({
            rates: fc.array(fc.double({ min: 0.3, max: 4, noNaN: true }), { minLength: n, maxLength: n }),
            arrivals: fc.array(fc.double({ min: 0, max: 3, noNaN: true }), { minLength: n, maxLength: n }),
            loads: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: n, maxLength: n }),
          }),
        ),
        fc.record({
          exchangePeriod: fc.double({ min: 0.05, max: 3, noNaN: true }),
          epoch: fc.double({ min: 0.2, max: 4, noNaN: true }),
          trigger: fc.constantFrom('epoch' as const, 'arrival' as const),
          mode: fc.constantFrom('hold' as const, 'lose' as const),
          failRate: fc.double({ min: 0, max: 0.5, noNaN: true }),
          recoveryRate: fc.double({ min: 0.05, max: 2, noNaN: true }),
          bursty: fc.boolean(),
        }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), {
          minLength: 1,
          maxLength: 15,
        }),
        fc.integer(),
        (sys, opt, actions, seed) => {
          const options: DynamicOptions = {
            arrivalRates: sys.arrivals,
            exchangePeriod: opt.exchangePeriod,
            epoch: opt.epoch,
            trigger: opt.trigger,
            failures: { rate: opt.failRate, recoveryRate: opt.recoveryRate, mode: opt.mode },
            bursty: opt.bursty ? { meanOn: 1, meanOff: 2, multiplier: 4 } : null,
          };
          const sim = new DynamicSimulator(scenarioOf(sys.rates), options);
          sim.reset(seed, sys.loads);
          let violations = 0;
          let lastTime = 0;
          sim.observer = (s) => {
            const c = s.counters();
            if (!balanced(s) || c.queued !== queuesSum(s) || c.inTransit < 0 || s.time < lastTime) violations++;
            if (opt.mode === 'hold' && c.lost !== 0) violations++;
            lastTime = s.time;
          };
          for (const [K, d] of actions) {
            sim.setAction({ K, delay: d * opt.epoch });
            sim.runUntilNextEpoch();
          }
          expect(violations).toBe(0);
          expect(balanced(sim)).toBe(true);
        },
      ),
      { numRuns: 60, seed: 7 },
    );
  });

  it('loses (and counts) tasks under heavy failures in lose mode', () => {
    const sim = new DynamicSimulator(scenarioOf([1, 2, 3]), {
      arrivalRates: [2, 2, 1],
      failures: { rate: 0.2, recoveryRate: 0.3, mode: 'lose' },
    });
    sim.reset(3, [20, 10, 0]);
    sim.setAction({ K: 0.8, delay: 0.5 });
    for (let e = 0; e < 100; e++) sim.runUntilNextEpoch();
    const c = sim.counters();
    expect(c.lost).toBeGreaterThan(0);
    expect(sim.lostAt(0) + sim.lostAt(1) + sim.lostAt(2)).toBe(c.lost);
    expect(balanced(sim)).toBe(true);
  });
});

describe('dynamic simulator: failure modes on a hand-made case', () => {
  // Node 1 holds 40 tasks and serves very slowly; node 0 is empty, receives
  // external arrivals (3/s), serves very slowly, fails fast (mean 0.5 s up) and
  // practically never recovers. At t = 0.1 node 1 sends floor(1 * 20) = 20 tasks
  // to node 0 (its view of node 0 is 0 or its first message), arriving at
  // t = 5.1 (deterministic transfer), after node 0 has failed.
  const scenario: Scenario = {
    name: 'hand-made',
    nodes: [{ service: { family: 'exponential', mean: 1e4 } }, { service: { family: 'exponential', mean: 1e4 } }],
    comm: { family: 'deterministic', mean: 0.01 },
    transfer: { model: { kind: 'constant', mean: 5 }, shape: { family: 'deterministic' } },
    defaultLoads: [0, 40],
  };
  const run = (mode: 'hold' | 'lose'): DynamicSimulator => {
    const sim = new DynamicSimulator(scenario, {
      arrivalRates: [3, 0],
      exchangePeriod: Infinity,
      epoch: 1,
      failures: { rate: [2, 0], recoveryRate: [1e-9, 1], mode },
    });
    sim.reset(11, [0, 40]);
    sim.setAction({ K: 1, delay: 0.1 });
    sim.runUntilNextEpoch();
    sim.setAction({ K: 0, delay: 0 });
    sim.advanceTo(8);
    return sim;
  };

  it('hold: the failed node keeps its queue, the batch and the arrivals that reach it', () => {
    const sim = run('hold');
    const c = sim.counters();
    expect(sim.isUp(0)).toBe(false);
    expect(c.served).toBe(0);
    expect(c.lost).toBe(0);
    expect(c.inTransit).toBe(0);
    expect(sim.queueLength(1)).toBe(20);
    expect(sim.queueLength(0)).toBe(20 + c.arrived);
    expect(c.arrived).toBeGreaterThan(5);
  });

  it('lose: its queue, the batch and the arrivals while down are dropped and counted', () => {
    const sim = run('lose');
    const c = sim.counters();
    expect(sim.isUp(0)).toBe(false);
    expect(c.served).toBe(0);
    expect(sim.queueLength(0)).toBe(0);
    expect(sim.queueLength(1)).toBe(20);
    expect(c.lost).toBe(20 + c.arrived);
    expect(sim.lostAt(0)).toBe(c.lost);
    expect(c.arrived).toBeGreaterThan(5);
  });

  it('a failed node sends no messages and its views stop updating', () => {
    const sim = new DynamicSimulator(scenarioOf([1, 1], 0.01), {
      exchangePeriod: 0.5,
      failures: { rate: [5, 0], recoveryRate: [1e-9, 1] },
    });
    sim.reset(2, [5, 5]);
    sim.advanceTo(20);
    expect(sim.isUp(0)).toBe(false);
    // Node 1's view of node 0 is old, node 0's view of node 1 too (it receives nothing).
    expect(sim.viewAge(1, 0)).toBeGreaterThan(10);
    expect(sim.viewAge(0, 1)).toBeGreaterThan(10);
    expect(sim.seenUp(1, 0)).toBe(false);
    expect(sim.seenUp(0, 1)).toBe(false);
    expect(sim.viewAge(0, 0)).toBe(0);
  });
});

describe('dynamic simulator: delayed views', () => {
  it('a view is the value sent at its send time, never from the future, with age >= 0', () => {
    const sim = new DynamicSimulator(preset('hetero-4'), {
      arrivalRates: [2.4, 1.8, 1.2, 0.6],
      exchangePeriod: 0.3,
      epoch: 1.3,
      failures: { rate: 0.05, recoveryRate: 0.5 },
    });
    sim.reset(5, [10, 0, 3, 0]);
    const sent = new Map<number, number[]>();
    let checks = 0;
    let violations: string[] = [];
    sim.observer = (s, kind) => {
      const n = s.n;
      if (kind === DynamicEventKind.EXCHANGE) {
        sent.set(s.time, Array.from({ length: n }, (_, i) => s.queueLength(i)));
      }
      for (let l = 0; l < n; l++) {
        for (let j = 0; j < n; j++) {
          if (l === j || !s.heard(l, j)) continue;
          const at = s.viewSentTime(l, j);
          const age = s.viewAge(l, j);
          checks++;
          if (!(at <= s.time) || !(age >= 0)) violations.push(`view ${l}->${j} sent at ${at} seen at ${s.time}`);
          const snap = sent.get(at);
          if (snap === undefined || snap[j] !== s.viewOf(l, j)) violations.push(`view ${l}->${j} = ${s.viewOf(l, j)} but ${j} sent ${snap?.[j]}`);
        }
      }
      if (violations.length > 5) violations = violations.slice(0, 5);
    };
    sim.setAction({ K: 0.6, delay: 0.4 });
    for (let e = 0; e < 60; e++) sim.runUntilNextEpoch();
    expect(violations).toEqual([]);
    expect(checks).toBeGreaterThan(1000);
  });
});

describe('dynamic simulator: determinism and sojourn accounting', () => {
  const trajectory = (seed: number): number[] => {
    const sim = new DynamicSimulator(preset('hetero-4'), {
      arrivalRates: [2.4, 1.8, 1.2, 0.6],
      trigger: 'arrival',
      bursty: { meanOn: 2, meanOff: 3, multiplier: 5 },
      failures: { rate: 0.02, recoveryRate: 0.2, mode: 'lose' },
    });
    sim.reset(seed, [5, 5, 5, 5]);
    const out: number[] = [];
    sim.observer = (s, kind) => out.push(s.time, kind, s.counters().served, s.counters().lost, s.queueLength(0));
    for (let e = 0; e < 30; e++) {
      sim.setAction({ K: (e % 5) / 4, delay: (e % 3) * 0.5 });
      sim.beginInterval();
      sim.runUntilNextEpoch();
      const st = sim.intervalStats();
      out.push(st.meanSojourn, ...st.backlog);
    }
    return out;
  };

  it('same seed, identical trajectories; another seed, a different one', () => {
    const a = trajectory(42);
    expect(trajectory(42)).toEqual(a);
    expect(trajectory(43)).not.toEqual(a);
  });

  it('transferred tasks keep their original arrival times', () => {
    // Node 3 gets no external arrivals: every task it holds came by transfer,
    // so its stored arrival time is that of an external arrival elsewhere,
    // strictly earlier than now (it spent a positive transfer delay in transit).
    const sim = new DynamicSimulator(preset('hetero-4'), { arrivalRates: [3, 2, 1, 0], exchangePeriod: 0.2 });
    sim.reset(9);
    sim.setAction({ K: 1, delay: 0.3 });
    let seen = 0;
    let latest = 0;
    let violations = 0;
    sim.observer = (s) => {
      for (const a of s.queuedArrivalTimes(3)) {
        seen++;
        latest = Math.max(latest, a);
        if (!(a < s.time)) violations++;
      }
    };
    for (let e = 0; e < 20; e++) sim.runUntilNextEpoch();
    expect(violations).toBe(0);
    expect(seen).toBeGreaterThan(100);
    expect(latest).toBeGreaterThan(0);
  });

  it('two independent M/M/1 queues (no balancing): mean sojourn 1 / (mu - lambda) within 4 SE', () => {
    // rates 1 and 2, arrivals 0.5 and 1: both M/M/1 with sojourn 1/(1-0.5) = 2 s and 1/(2-1) = 1 s;
    // tasks complete at rates 0.5 and 1, so the pooled mean is (0.5*2 + 1*1)/1.5 = 4/3 s.
    const sim = new DynamicSimulator(scenarioOf([1, 2]), { arrivalRates: [0.5, 1], epoch: 500, exchangePeriod: Infinity });
    sim.reset(1);
    sim.runUntilNextEpoch(); // warm-up
    const batches: number[] = [];
    for (let b = 0; b < 40; b++) {
      sim.beginInterval();
      sim.runUntilNextEpoch();
      batches.push(sim.intervalStats().meanSojourn);
    }
    const { mean, se } = meanAndSe(batches);
    expect(Math.abs(mean - 4 / 3)).toBeLessThan(4 * se);
  });

  it('time-averaged backlog = queue-length area / (duration lambda), exact on a deterministic drain', () => {
    // Deterministic service 0.5 s (rate 2): node 0's 3 tasks finish at 0.5, 1, 1.5 s,
    // area 3*0.5 + 2*0.5 + 1*0.5 = 3 task-s, over 10 s: mean Q = 0.3, backlog 0.3 / 2 = 0.15 s.
    const scenario: Scenario = {
      name: 'drain',
      nodes: [{ service: { family: 'deterministic', mean: 0.5 } }, { service: { family: 'deterministic', mean: 0.25 } }],
      comm: { family: 'exponential', mean: 0.1 },
      transfer: { model: { kind: 'constant', mean: 1 } },
      defaultLoads: [0, 0],
    };
    const sim = new DynamicSimulator(scenario, { exchangePeriod: Infinity, epoch: 100 });
    sim.reset(1, [3, 0]);
    sim.beginInterval();
    sim.advanceTo(10);
    const st = sim.intervalStats();
    expect(st.duration).toBe(10);
    expect(st.backlog[0]).toBeCloseTo(0.15, 12);
    expect(st.backlog[1]).toBe(0);
    expect(st.completed).toBe(3);
    // Sojourns 0.5, 1 and 1.5 s (all arrived at t = 0).
    expect(st.meanSojourn).toBeCloseTo(1, 12);
  });
});

describe('dynamic simulator vs the one-shot engine', () => {
  it('no arrivals, no failures, one balancing epoch: same mean completion time within 4 SE', () => {
    const scenario = preset('wireless-lan');
    const loads = [100, 50];
    const action = { K: 0.7, tb: 1 };
    const episodes = 400;
    const sim = new DynamicSimulator(scenario, { exchangePeriod: Infinity, epoch: 5 });
    const times: number[] = [];
    for (let e = 0; e < episodes; e++) {
      sim.reset(`eq-${e}`, loads);
      sim.setAction({ K: action.K, delay: action.tb });
      sim.runUntilNextEpoch();
      sim.setAction({ K: 0, delay: 0 });
      for (;;) {
        const c = sim.counters();
        if (c.queued + c.inTransit === 0) break;
        sim.runUntilNextEpoch();
      }
      times.push(sim.lastCompletionTime);
    }
    const dyn = meanAndSe(times);
    const mc = monteCarlo(scenario, loads, action, { episodes, seed: 77, engine: 'general' });
    const se = Math.sqrt(dyn.se ** 2 + mc.stdError ** 2);
    expect(Math.abs(dyn.mean - mc.meanCompletion)).toBeLessThan(4 * se);
  });
});

describe('dynamic simulator: input errors name the field', () => {
  it('rejects bad options and actions', () => {
    const s = preset('hetero-4');
    expect(() => new DynamicSimulator(s, { arrivalRates: [1, 2] })).toThrow(/arrivalRates/);
    expect(() => new DynamicSimulator(s, { epoch: 0 })).toThrow(/epoch/);
    expect(() => new DynamicSimulator(s, { trigger: 'never' as 'epoch' })).toThrow(/trigger/);
    expect(() => new DynamicSimulator(s, { failures: { rate: 1, recoveryRate: 0 } })).toThrow(/recoveryRate/);
    expect(() => new DynamicSimulator(s, { failures: { rate: 1, recoveryRate: 1, mode: 'drop' as 'lose' } })).toThrow(/mode/);
    const sim = new DynamicSimulator(s);
    expect(() => sim.setAction({ K: 1.5, delay: 0 })).toThrow(/action\.K/);
    expect(() => sim.setAction({ K: 0.5, delay: 3 })).toThrow(/action\.delay/);
    expect(() => sim.reset(1, [1, 2, 3])).toThrow(/initialLoads/);
  });
});

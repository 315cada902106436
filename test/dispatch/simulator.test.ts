import { describe, expect, it } from 'vitest';
import { CLASSIC_RULES, DISPATCH_RULES, type DispatchRule } from '../../envs/sim/dispatch/rules.js';
import { DispatchSimulator } from '../../envs/sim/dispatch/simulator.js';
import { streamFor } from '../../envs/sim/rng.js';
import type { DelayShape } from '../../envs/sim/distributions.js';

function checkConservation(sim: DispatchSimulator): void {
  let queued = 0;
  for (let i = 0; i < sim.n; i++) queued += sim.queueLength[i]!;
  expect(sim.arrived).toBe(sim.served + sim.queued);
  expect(queued).toBe(sim.queued);
  // Each node's true queue is the sum over dispatchers of their outstanding there.
  for (let i = 0; i < sim.n; i++) {
    let o = 0;
    for (let d = 0; d < sim.dispatchers; d++) {
      const v = sim.outstanding[d * sim.n + i]!;
      expect(v).toBeGreaterThanOrEqual(0);
      o += v;
    }
    expect(o).toBe(sim.queueLength[i]);
  }
}

describe('dispatch simulator', () => {
  it('conserves tasks (arrived = served + queued) at every checkpoint, random parameters', () => {
    const rng = streamFor(11, 'test');
    const shapes: DelayShape[] = [
      { family: 'exponential' },
      { family: 'deterministic' },
      { family: 'lognormal', cv: 2 },
      { family: 'pareto', shape: 1.5 },
      { family: 'empirical', samples: [1, 2, 9] },
    ];
    for (let trial = 0; trial < 30; trial++) {
      const n = 2 + rng.int(7);
      const rates = Array.from({ length: n }, () => 0.2 + 5 * rng.uniform());
      const rule = DISPATCH_RULES[rng.int(DISPATCH_RULES.length)]!;
      const sim = new DispatchSimulator({
        rates,
        load: 0.3 + 0.9 * rng.uniform(),
        dispatchers: 1 + rng.int(3),
        rule,
        service: shapes[rng.int(shapes.length)]!,
        pollInterval: 0.1 + rng.uniform(),
      });
      sim.reset(trial);
      for (let k = 0; k < 20; k++) {
        if (rule === 'weighted') sim.setWeights(rng.int(sim.dispatchers), rates.map(() => rng.uniform()));
        sim.advance(2 * rng.uniform());
        checkConservation(sim);
      }
      expect(sim.arrived).toBeGreaterThan(0);
    }
  });

  it('is deterministic: same seed, identical trajectories; reset(seed) replays them', () => {
    const run = (sim: DispatchSimulator, seed: number): number[] => {
      sim.reset(seed);
      const out: number[] = [];
      for (let k = 0; k < 20; k++) {
        sim.advance(0.5);
        out.push(sim.arrived, sim.served, sim.totalSojourn, ...sim.queueLength);
      }
      return out;
    };
    for (const rule of DISPATCH_RULES) {
      const opts = { rates: [1, 2, 3], load: 0.8, dispatchers: 2, rule };
      const a = new DispatchSimulator(opts);
      const b = new DispatchSimulator(opts);
      const first = run(a, 5);
      expect(run(b, 5)).toEqual(first);
      expect(run(a, 5)).toEqual(first);
      expect(run(a, 6)).not.toEqual(first);
    }
  });

  it('weighted with capacity weights replays WCMP draw for draw', () => {
    const rates = [1, 2, 5];
    const a = new DispatchSimulator({ rates, rule: 'wcmp' });
    const b = new DispatchSimulator({ rates, rule: 'weighted' });
    a.reset(3);
    b.reset(3);
    b.setWeights(0, rates);
    a.advance(200);
    b.advance(200);
    expect(b.arrived).toBe(a.arrived);
    expect(b.totalSojourn).toBe(a.totalSojourn);
    expect(Array.from(b.nodeServed)).toEqual(Array.from(a.nodeServed));
  });

  it('matches M/M/1 theory: ECMP on two rate-1 nodes at load 0.5 gives mean sojourn 2 s', () => {
    const sim = new DispatchSimulator({ rates: [1, 1], load: 0.5, rule: 'ecmp' });
    sim.reset(7);
    sim.advance(40_000);
    // About 40,000 tasks; the batch-means SE of the mean sojourn is about 0.03 s.
    expect(sim.totalSojourn / sim.served).toBeGreaterThan(1.85);
    expect(sim.totalSojourn / sim.served).toBeLessThan(2.15);
    // Poisson count: SE = sqrt(40,000) = 200.
    expect(Math.abs(sim.arrived - 40_000)).toBeLessThan(1000);
  });

  it('a dispatcher sees only its own tasks; with one dispatcher SED equals the oracle', () => {
    const sim = new DispatchSimulator({ rates: [1, 2, 4], load: 0.9, dispatchers: 3, rule: 'lsq' });
    sim.reset(1);
    sim.advance(50);
    let served = 0;
    for (let k = 0; k < sim.intervalCount.length; k++) served += sim.intervalCount[k]!;
    expect(served).toBe(sim.served);
    checkConservation(sim);
    const sed = new DispatchSimulator({ rates: [1, 2, 4], rule: 'sed' });
    const oracle = new DispatchSimulator({ rates: [1, 2, 4], rule: 'oracle' });
    sed.reset(2);
    oracle.reset(2);
    sed.advance(500);
    oracle.advance(500);
    expect(oracle.totalSojourn).toBe(sed.totalSojourn);
  });

  it('active-WCMP routes on queues polled every pollInterval seconds (stale between polls)', () => {
    const sim = new DispatchSimulator({ rates: [1, 1], load: 0.9, rule: 'active-wcmp', pollInterval: 1 });
    sim.reset(4);
    sim.advance(10.5);
    // Last poll at t = 10: the snapshot differs from the queues now in general, and
    // equals the queues at the poll instant.
    const polled = Array.from(sim.polled);
    const replay = new DispatchSimulator({ rates: [1, 1], load: 0.9, rule: 'active-wcmp', pollInterval: 1 });
    replay.reset(4);
    replay.advance(10);
    expect(polled).toEqual(Array.from(replay.queueLength));
  });

  it('every classic rule keeps the default scenario stable except ECMP and po2', () => {
    const mean = (rule: DispatchRule): number => {
      const sim = new DispatchSimulator({ rates: [1, 1, 2, 2, 4, 4, 8, 8], rule });
      sim.reset(1);
      sim.advance(2000);
      return sim.totalSojourn / sim.served;
    };
    const m = Object.fromEntries(CLASSIC_RULES.map((r) => [r, mean(r)]));
    expect(m['sed']).toBeLessThan(1.5);
    expect(m['oracle']).toBeLessThan(1.5);
    expect(m['lsq']).toBeLessThan(3);
    expect(m['wcmp']).toBeLessThan(10);
    expect(m['ecmp']).toBeGreaterThan(50);
  });

  it('rejects bad input naming the field', () => {
    expect(() => new DispatchSimulator({ rates: [1] })).toThrow(/rates/);
    expect(() => new DispatchSimulator({ rates: [1, -2] })).toThrow(/rates\[1\]/);
    expect(() => new DispatchSimulator({ rates: [1, 2], load: 0 })).toThrow(/load/);
    const sim = new DispatchSimulator({ rates: [1, 2] });
    expect(() => sim.setWeights(0, [1, Number.NaN])).toThrow(/weights\[1\]/);
    expect(() => sim.setWeights(1, [1, 1])).toThrow(/dispatcher/);
    expect(() => sim.advance(-1)).toThrow(/dt/);
  });
});

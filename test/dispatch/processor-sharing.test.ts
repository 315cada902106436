import { describe, expect, it } from 'vitest';
import type { DelayShape } from '../../envs/sim/distributions.js';
import { SojournReservoir } from '../../envs/sim/dispatch/reservoir.js';
import { DISPATCH_RULES } from '../../envs/sim/dispatch/rules.js';
import { DispatchSimulator, type DispatchSimOptions } from '../../envs/sim/dispatch/simulator.js';
import { streamFor } from '../../envs/sim/rng.js';
import { meanAndSe } from '../helpers/stats.js';

/**
 * Mean sojourn of node 0 fed alone (weights [1, 0]) over `batches` batches of
 * `batch` seconds, with the batch-means standard error.
 */
function batchMeans(opts: DispatchSimOptions, seed: number, batches: number, batch: number): { mean: number; se: number } {
  const sim = new DispatchSimulator({ ...opts, rule: 'weighted' });
  sim.reset(seed);
  sim.setWeights(0, [1, ...new Array<number>(sim.n - 1).fill(0)]);
  sim.advance(batch); // warm-up
  const means: number[] = [];
  for (let b = 0; b < batches; b++) {
    const s0 = sim.totalSojourn;
    const c0 = sim.served;
    sim.advance(batch);
    means.push((sim.totalSojourn - s0) / (sim.served - c0));
  }
  const { mean, se } = meanAndSe(means);
  return { mean, se };
}

/** Erlang C mean sojourn of M/M/c with arrival rate lambda, per-server rate mu. */
function erlangCSojourn(lambda: number, mu: number, c: number): number {
  const a = lambda / mu;
  const rho = a / c;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const last = (term * a) / c / (1 - rho);
  const pWait = last / (sum + last);
  return pWait / (c * mu - lambda) + 1 / mu;
}

/** The first violated conservation law, or '' (cheap enough to run at every 2 ms of 20 simulations). */
function conservationError(sim: DispatchSimulator): string {
  let queued = 0;
  for (let i = 0; i < sim.n; i++) {
    const q = sim.queueLength[i]!;
    const a = sim.inService[i]!;
    queued += q;
    // Work-conserving admission: a backlog only behind a full service set.
    if (a !== Math.min(q, sim.maxActive[i]!)) return `node ${i}: ${a} in service of ${q}, maxActive ${sim.maxActive[i]}`;
    let o = 0;
    for (let d = 0; d < sim.dispatchers; d++) o += sim.outstanding[d * sim.n + i]!;
    if (o !== q) return `node ${i}: outstanding ${o} != queue ${q}`;
  }
  if (queued !== sim.queued) return `queues ${queued} != queued ${sim.queued}`;
  if (sim.arrived !== sim.served + sim.queued) return `arrived ${sim.arrived} != served ${sim.served} + queued ${sim.queued}`;
  return '';
}

const backlogged = (sim: DispatchSimulator): boolean => sim.queueLength.some((q, i) => q > sim.inService[i]!);

describe('processor-sharing servers (server: ps)', () => {
  it('M/M/1-PS and M/D/1-PS: mean sojourn 1 / (mu - lambda) (insensitive to the size law, unlike FIFO)', () => {
    // Node 0 of rate 1 fed at lambda = 0.5 (load 0.25 of two rate-1 nodes): 1 / (1 - 0.5) = 2 s.
    for (const service of [{ family: 'exponential' }, { family: 'deterministic' }] as DelayShape[]) {
      const { mean, se } = batchMeans({ rates: [1, 1], load: 0.25, server: 'ps', service }, 3, 40, 2000);
      expect(se).toBeLessThan(0.06);
      expect(Math.abs(mean - 2)).toBeLessThan(4 * se);
    }
    // FIFO with deterministic sizes is M/D/1: 1 + 0.5 / (2 (1 - 0.5)) = 1.5 s, far from 2.
    const fifo = batchMeans({ rates: [1, 1], load: 0.25, service: { family: 'deterministic' } }, 3, 40, 2000);
    expect(Math.abs(fifo.mean - 1.5)).toBeLessThan(4 * fifo.se);
  });

  it('one node with 4 cores: the Erlang-C mean sojourn of M/M/4, also for deterministic sizes and with a backlog', () => {
    // Node 0: 4 cores of rate 1; node 1 unused. Low load 0.3 per core, then 0.7.
    for (const [rho, maxActive] of [
      [0.3, undefined],
      [0.7, undefined],
      [0.7, [4, 1]],
    ] as [number, number[] | undefined][]) {
      const lambda = 4 * rho;
      const exact = erlangCSojourn(lambda, 1, 4);
      const shapes: DelayShape[] = maxActive === undefined ? [{ family: 'exponential' }, { family: 'deterministic' }] : [{ family: 'exponential' }];
      for (const service of shapes) {
        const opts: DispatchSimOptions = { rates: [1, 1], cpus: [4, 1], load: lambda / 5, server: 'ps', service };
        if (maxActive !== undefined) opts.maxActive = maxActive;
        const { mean, se } = batchMeans(opts, 5, 40, 1000);
        expect(se).toBeLessThan(0.03);
        expect(Math.abs(mean - exact)).toBeLessThan(4 * se);
      }
    }
    // At low load a task almost never waits nor shares: the mean is close to the size, 1 s.
    expect(erlangCSojourn(1.2, 1, 4)).toBeLessThan(1.02);
  });

  it('with one core and maxActive 1 it is the FIFO node, task for task', () => {
    const base = { rates: [1, 2, 3], load: 0.8, dispatchers: 2, rule: 'sed' as const, service: { family: 'lognormal', cv: 1.5 } as DelayShape };
    const fifo = new DispatchSimulator(base);
    const ps = new DispatchSimulator({ ...base, server: 'ps', maxActive: [1, 1, 1] });
    fifo.reset(4);
    ps.reset(4);
    for (let k = 0; k < 50; k++) {
      fifo.advance(10);
      ps.advance(10);
      expect(ps.served).toBe(fifo.served);
      expect(Array.from(ps.queueLength)).toEqual(Array.from(fifo.queueLength));
      expect(ps.totalSojourn).toBeCloseTo(fifo.totalSojourn, 6);
    }
  });

  it('conserves tasks at (nearly) every event, with backlogs, random parameters and rules', () => {
    const rng = streamFor(21, 'test');
    const shapes: DelayShape[] = [{ family: 'exponential' }, { family: 'deterministic' }, { family: 'lognormal', cv: 2 }, { family: 'pareto', shape: 1.5 }];
    let backlogs = 0;
    for (let trial = 0; trial < 20; trial++) {
      const n = 2 + rng.int(6);
      const cpus = Array.from({ length: n }, () => 1 + rng.int(4));
      const maxActive = cpus.map((c) => c + rng.int(3));
      const rule = DISPATCH_RULES[rng.int(DISPATCH_RULES.length)]!;
      const sim = new DispatchSimulator({
        rates: cpus.map(() => 0.5 + 3 * rng.uniform()),
        cpus,
        maxActive,
        server: 'ps',
        load: 0.5 + 0.7 * rng.uniform(),
        dispatchers: 1 + rng.int(3),
        rule,
        service: shapes[rng.int(shapes.length)]!,
      });
      sim.reset(trial);
      // Steps of 2 ms: at these rates almost every step holds at most one event.
      for (let k = 0; k < 4000; k++) {
        if (k % 500 === 0 && rule === 'weighted') sim.setWeights(rng.int(sim.dispatchers), cpus.map(() => rng.uniform()));
        sim.advance(0.002);
        const error = conservationError(sim);
        if (error !== '') expect.fail(`trial ${trial}, t = ${sim.time}: ${error}`);
        if (backlogged(sim)) backlogs++;
      }
      expect(sim.served).toBeGreaterThan(0);
    }
    expect(backlogs).toBeGreaterThan(1000);
  });

  it('is deterministic: same seed, same trajectory', () => {
    const run = (): number[] => {
      const sim = new DispatchSimulator({ rates: [2, 2], cpus: [4, 2], maxActive: [8, 4], server: 'ps', load: 0.9, rule: 'lsq' });
      sim.reset(9);
      const out: number[] = [];
      for (let k = 0; k < 20; k++) {
        sim.advance(5);
        out.push(sim.served, sim.totalSojourn, ...sim.queueLength);
      }
      return out;
    };
    expect(run()).toEqual(run());
  });

  it('WCMP, SED, active WCMP and the oracle weigh by capacity = cpus x rate', () => {
    const sim = new DispatchSimulator({ rates: [2, 2], cpus: [4, 2], server: 'ps', load: 0.8, rule: 'wcmp' });
    expect(Array.from(sim.capacities)).toEqual([8, 4]);
    expect(sim.arrivalRate).toBeCloseTo(0.8 * 12, 12);
    sim.reset(1);
    sim.advance(5000);
    // WCMP sends 2/3 of the tasks to node 0: binomial SE of the share is below 0.003.
    const share = sim.nodeServed[0]! / sim.served;
    expect(Math.abs(share - 2 / 3)).toBeLessThan(0.012);
  });

  it('sed-speeds on the true capacities is SED decision for decision', () => {
    const opts = { rates: [2, 2, 2, 2, 2, 2, 2], cpus: [1, 1, 1, 1, 2, 2, 2], maxActive: [2, 2, 2, 2, 4, 4, 4], server: 'ps' as const, dispatchers: 2, load: 0.9 };
    const sed = new DispatchSimulator({ ...opts, rule: 'sed' });
    const speeds = new DispatchSimulator({ ...opts, rule: 'sed-speeds' });
    sed.reset(6);
    speeds.reset(6);
    for (let d = 0; d < 2; d++) speeds.setSpeeds(d, Float32Array.of(0.5, 0.5, 0.5, 0.5, 1, 1, 1));
    expect(speeds.rule(0)).toBe('sed-speeds');
    sed.advance(2000);
    speeds.advance(2000);
    expect(speeds.served).toBe(sed.served);
    expect(speeds.totalSojourn).toBe(sed.totalSojourn);
    expect(Array.from(speeds.nodeServed)).toEqual(Array.from(sed.nodeServed));
    expect(() => speeds.setSpeeds(0, [1, 1, 1, 1, 1, 1, -1])).toThrow(/speeds\[6\]/);
  });

  it('rejects bad server, cpus and maxActive naming the field', () => {
    expect(() => new DispatchSimulator({ rates: [1, 1], server: 'lifo' as never })).toThrow(/server: expected fifo or ps, got "lifo"/);
    expect(() => new DispatchSimulator({ rates: [1, 1], cpus: [1, 2] })).toThrow(/cpus\[1\].*server 'ps'/);
    expect(() => new DispatchSimulator({ rates: [1, 1], server: 'ps', cpus: [1] })).toThrow(/cpus: expected an array of 2/);
    expect(() => new DispatchSimulator({ rates: [1, 1], server: 'ps', cpus: [1, 0] })).toThrow(/cpus\[1\]: expected an integer > 0, got 0/);
    expect(() => new DispatchSimulator({ rates: [1, 1], server: 'ps', cpus: [1, 1.5] })).toThrow(/cpus\[1\]/);
    expect(() => new DispatchSimulator({ rates: [1, 1], server: 'ps', cpus: [2, 2], maxActive: [2, 1] })).toThrow(/maxActive\[1\]: expected an integer >= cpus\[1\] = 2, got 1/);
    expect(() => new DispatchSimulator({ rates: [1, 1], maxActive: [2, 2] })).toThrow(/maxActive/);
    expect(() => new DispatchSimulator({ rates: [1, 1], reservoirSize: -1 })).toThrow(/reservoirSize/);
  });
});

describe('flow-duration reservoirs', () => {
  it('summarise a hand-made sample: mean, population sd, nearest-rank p90', () => {
    const r = new SojournReservoir(2, 10);
    const rng = streamFor(1, 'test');
    for (const v of [5, 1, 4, 2, 3]) r.add(1, v, rng);
    const out = new Float64Array(3);
    r.summary(1, out, 0);
    expect(out[0]).toBe(3);
    expect(out[1]).toBeCloseTo(Math.sqrt(2), 12);
    expect(out[2]).toBe(5); // ceil(0.9 * 5) = 5th smallest
    r.summary(0, out, 0);
    expect(Array.from(out)).toEqual([0, 0, 0]);
    for (let k = 1; k <= 10; k++) r.add(0, k, rng);
    r.summary(0, out, 0);
    expect(out[2]).toBe(9);
  });

  it('keeps a uniform sample once full (Algorithm R): each of 40 values kept with probability 1/4', () => {
    const kept = new Array<number>(40).fill(0);
    const rng = streamFor(2, 'test');
    const r = new SojournReservoir(1, 10);
    const trials = 4000;
    for (let t = 0; t < trials; t++) {
      r.clear();
      for (let k = 0; k < 40; k++) r.add(0, k, rng);
      expect(r.count(0)).toBe(10);
      for (let k = 0; k < 10; k++) kept[r.values[k]!]!++;
    }
    // Binomial(4000, 1/4): SE = 27.4; 4 SE.
    for (const c of kept) expect(Math.abs(c - 1000)).toBeLessThan(110);
  });

  it('hold the interval completions of each dispatcher and node, cleared with the intervals', () => {
    const sim = new DispatchSimulator({ rates: [1, 2, 4], load: 0.8, dispatchers: 2, rule: 'lsq', reservoirSize: 1000, server: 'ps', cpus: [1, 2, 2] });
    sim.reset(3);
    const out = new Float64Array(3);
    for (let k = 0; k < 10; k++) {
      sim.clearIntervals();
      sim.advance(3);
      for (let slot = 0; slot < 6; slot++) {
        const c = sim.intervalCount[slot]!;
        expect(sim.reservoir!.count(slot)).toBe(c);
        sim.reservoir!.summary(slot, out, 0);
        expect(out[0]).toBeCloseTo(c === 0 ? 0 : sim.intervalSojourn[slot]! / c, 9);
      }
    }
  });
});

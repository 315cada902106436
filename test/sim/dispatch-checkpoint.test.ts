/**
 * Checkpoints of the dispatch simulator and its environments: a state taken in
 * mid-run, passed through JSON and restored into a fresh object built with the
 * same options, continues exactly as the original does.
 */
import { describe, expect, it } from 'vitest';
import { DispatchEnv, type DispatchEnvOptions } from '../../envs/dispatch-env.js';
import { DispatchMultiEnv, type DispatchMultiEnvOptions } from '../../envs/dispatch-multi-env.js';
import { DispatchSimulator, type DispatchSimOptions } from '../../envs/sim/dispatch/simulator.js';
import { streamFor } from '../../envs/sim/rng.js';

const viaJson = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

function snapshot(sim: DispatchSimulator): Record<string, unknown> {
  return {
    time: sim.time,
    arrived: sim.arrived,
    served: sim.served,
    queued: sim.queued,
    totalSojourn: sim.totalSojourn,
    p99: sim.sojournP99.value(),
    queueLength: Array.from(sim.queueLength),
    inService: Array.from(sim.inService),
    outstanding: Array.from(sim.outstanding),
    nodeSojourn: Array.from(sim.nodeSojourn),
    intervalSojourn: Array.from(sim.intervalSojourn),
    reservoir: sim.reservoir === undefined ? null : Array.from(sim.reservoir.values),
  };
}

describe('DispatchSimulator getState / setState', () => {
  const cases: [string, DispatchSimOptions, (sim: DispatchSimulator) => void][] = [
    ['fifo, weighted, two dispatchers, reservoirs', { rates: [1, 2, 4, 8], load: 0.9, dispatchers: 2, reservoirSize: 8 }, (s) => s.setWeights(1, [1, 0, 3, 2])],
    ['ps with backlogs, sed-speeds', { rates: [2, 2], cpus: [4, 2], maxActive: [5, 2], server: 'ps', load: 1.1, rule: 'weighted' }, (s) => s.setSpeeds(0, [1, 0.5])],
    ['active-wcmp polling, lognormal service', { rates: [1, 3, 5], load: 0.8, rule: 'active-wcmp', service: { family: 'lognormal', cv: 1.5 } }, () => {}],
    ['overload: the task pool has grown', { rates: [1, 1], load: 3, rule: 'ecmp' }, () => {}],
  ];
  for (const [name, options, setup] of cases) {
    it(name, () => {
      const a = new DispatchSimulator(options);
      a.reset(7);
      setup(a);
      a.advance(120);
      const b = new DispatchSimulator(options);
      b.reset(99);
      b.advance(3);
      b.setState(viaJson(a.getState()));
      expect(snapshot(b)).toEqual(snapshot(a));
      for (let k = 0; k < 5; k++) {
        a.clearIntervals();
        b.clearIntervals();
        a.advance(10);
        b.advance(10);
        expect(snapshot(b), `interval ${k}`).toEqual(snapshot(a));
      }
      expect(a.served).toBeGreaterThan(100);
    });
  }

  it('refuses a state of another shape, naming it', () => {
    const a = new DispatchSimulator({ rates: [1, 2, 4] });
    const b = new DispatchSimulator({ rates: [1, 2] });
    expect(() => b.setState(a.getState())).toThrow(/3 nodes and 1 dispatchers does not fit one of 2 and 1/);
    expect(() => b.setState({ format: 'other' })).toThrow(/expected format lbgym-dispatch-sim v1/);
    const withReservoir = new DispatchSimulator({ rates: [1, 2], reservoirSize: 4 });
    expect(() => b.setState(withReservoir.getState())).toThrow(/reservoirs do not match/);
  });
});

function actions(n: number, seed: number): () => Float32Array {
  const rng = streamFor(seed, 'test');
  return () => Float32Array.from({ length: n }, () => rng.uniform());
}

describe('LB-Dispatch-v0 getState / setState', () => {
  const cases: [string, DispatchEnvOptions][] = [
    ['the 8-node default, smoothed', { smoothing: 0.9 }],
    ['rlb-2, paper observation, sed-speeds', { preset: 'rlb-2', observation: 'paper', action: 'sed-speeds', load: 0.9 }],
  ];
  for (const [name, options] of cases) {
    it(name, () => {
      const a = new DispatchEnv(options);
      a.reset({ seed: 3 });
      const act = actions(a.n, 1);
      for (let t = 0; t < 30; t++) a.step(act());
      const b = new DispatchEnv(options);
      b.reset({ seed: 12 });
      b.setState(viaJson(a.getState()));
      for (let t = 0; t < 30; t++) {
        const x = act();
        const ra = a.step(x);
        const rb = b.step(x);
        expect(rb, `step ${t}`).toEqual(ra);
      }
      // A state taken before the first reset keeps the env asking for one.
      const fresh = new DispatchEnv(options);
      b.setState(fresh.getState());
      expect(() => b.step(act())).toThrow(/before reset/);
    });
  }
});

describe('LB-DispatchMulti-v0 getState / setState', () => {
  const cases: [string, DispatchMultiEnvOptions][] = [
    ['two dispatchers, smoothed', { smoothing: 0.9 }],
    ['marl-7, paper observation', { preset: 'marl-7', observation: 'paper', load: 0.8 }],
  ];
  for (const [name, options] of cases) {
    it(name, () => {
      const a = new DispatchMultiEnv(options);
      a.reset({ seed: 5 });
      const n = a.actionSpace(a.possibleAgents[0]!).shape[0]!;
      const act = actions(n, 2);
      const joint = (): Record<string, Float32Array> => Object.fromEntries(a.possibleAgents.map((id) => [id, act()]));
      for (let t = 0; t < 20; t++) a.step(joint());
      const b = new DispatchMultiEnv(options);
      b.reset({ seed: 8 });
      b.setState(viaJson(a.getState()));
      expect(b.state()).toEqual(a.state());
      for (let t = 0; t < 20; t++) {
        const x = joint();
        expect(b.step(x), `step ${t}`).toEqual(a.step(x));
      }
      expect(() => new DispatchMultiEnv({ ...options, dispatchers: 3, preset: undefined }).setState(a.getState())).toThrow(/does not fit/);
    });
  }
});

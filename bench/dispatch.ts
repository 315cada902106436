/**
 * Throughput of the dispatch environments on one core, for `npm run bench`.
 *
 * What a step is:
 * - `Park-LoadBalance-v0`: one step = one dispatch decision (one job), as in
 *   Park; the target is >= 1,000,000 steps/s (Park's own Python
 *   environment runs about 25,000).
 * - `LB-Dispatch-v0`: one step = one agent decision, which covers `delta`
 *   seconds and so about `delta * load * sum(rates)` per-task dispatch
 *   decisions (27 with the defaults); the comparable figure is dispatch
 *   decisions (tasks routed) per second, reported beside env steps/s.
 * - The raw simulator, FIFO and processor sharing (`server: 'ps'`), in
 *   dispatch decisions/s (targets 5,000,000 and 2,000,000), each also as a
 *   ratio to a reference timed in the same run: the bare arrival stream (one
 *   seeded uniform draw and one logarithm per task, what any simulator of
 *   these arrivals pays), so the ratio is the figure to compare across
 *   machines and loads of the host.
 */
import { parkBaseline } from '../baselines/dispatch/park-baselines.js';
import { DispatchEnv } from '../envs/dispatch-env.js';
import { ParkLoadBalanceEnv } from '../envs/park-env.js';
import { DispatchSimulator, type DispatchSimOptions } from '../envs/sim/dispatch/simulator.js';
import { streamFor } from '../envs/sim/rng.js';
import { type Figure, bestSeconds } from './figure.js';

/** Tasks/s of the raw simulator over `horizon` simulated seconds. */
function simulatorRate(opts: DispatchSimOptions, horizon: number): number {
  const sim = new DispatchSimulator(opts);
  let tasks = 0;
  const seconds = bestSeconds(() => {
    sim.reset(1);
    sim.runUntil(horizon);
    tasks = sim.arrived;
  });
  return tasks / seconds;
}

/** Draws/s of the reference: exponential inter-arrival times from one seeded stream. */
function arrivalStreamRate(draws: number): number {
  const rng = streamFor(1, 'arrivals');
  let t = 0;
  const seconds = bestSeconds(() => {
    t = 0;
    for (let k = 0; k < draws; k++) t -= Math.log(1 - rng.uniform());
  });
  if (!(t > 0)) throw new Error('reference loop optimised away');
  return draws / seconds;
}

export function benchDispatch(): Figure[] {
  // LB-Dispatch-v0, default scenario, weighted rule with a fixed action.
  const env = new DispatchEnv();
  const action = Float32Array.of(1, 1, 2, 2, 4, 4, 8, 8).map((w) => w / 8);
  const steps = 20_000;
  let tasks = 0;
  const dispatchSeconds = bestSeconds(() => {
    env.reset({ seed: 1 });
    for (let i = 0; i < steps; i++) env.step(action);
    tasks = env.sim.arrived;
  });
  // Raw simulator, SED (the costliest classic rule).
  const sim = new DispatchSimulator({ rates: [1, 1, 2, 2, 4, 4, 8, 8], load: 0.9, rule: 'sed' });
  let simTasks = 0;
  const simSeconds = bestSeconds(() => {
    sim.reset(1);
    sim.runUntil(20_000);
    simTasks = sim.arrived;
  });
  // Raw simulator per server model, the weighted rule (the agent's) and SED.
  const eight = [1, 1, 2, 2, 4, 4, 8, 8];
  const reference = arrivalStreamRate(5_000_000);
  const fifoWeighted = simulatorRate({ rates: eight, load: 0.9, rule: 'weighted' }, 20_000);
  const psWeighted = simulatorRate({ rates: eight.map((r) => r / 2), cpus: new Array<number>(8).fill(2), maxActive: new Array<number>(8).fill(4), server: 'ps', load: 0.9, rule: 'weighted' }, 20_000);
  const psSed = simulatorRate({ rates: eight.map((r) => r / 2), cpus: new Array<number>(8).fill(2), maxActive: new Array<number>(8).fill(4), server: 'ps', load: 0.9, rule: 'sed' }, 20_000);
  const rlb2 = simulatorRate({ rates: [2, 2], cpus: [4, 2], maxActive: [8, 4], server: 'ps', load: 0.9, rule: 'sed-speeds' }, 100_000);
  // Park-LoadBalance-v0, default parameters, the earliest-finish heuristic.
  const park = new ParkLoadBalanceEnv();
  const policy = parkBaseline('earliest-finish');
  const episodes = 200;
  let parkSteps = 0;
  const parkSeconds = bestSeconds(() => {
    parkSteps = 0;
    for (let e = 0; e < episodes; e++) {
      let obs = park.reset({ seed: e }).observation;
      for (;;) {
        const r = park.step(policy.act(obs));
        parkSteps++;
        obs = r.observation;
        if (r.terminated) break;
      }
    }
  });
  return [
    { label: 'LB-Dispatch-v0 (8 nodes, load 0.9, delta 1 s), env steps', value: steps / dispatchSeconds, unit: 'steps/s' },
    { label: 'LB-Dispatch-v0, dispatch decisions (tasks routed)', value: tasks / dispatchSeconds, unit: 'tasks/s', target: '>= 1,000,000' },
    { label: 'dispatch simulator alone, SED rule', value: simTasks / simSeconds, unit: 'tasks/s' },
    { label: 'reference: the arrival stream alone (one draw and one log per task)', value: reference, unit: 'draws/s' },
    { label: 'simulator, FIFO, 8 nodes, load 0.9, weighted rule', value: fifoWeighted, unit: 'tasks/s', target: '>= 5,000,000' },
    { label: '  same / reference', value: fifoWeighted / reference, unit: 'x' },
    { label: 'simulator, ps, 8 nodes of 2 cores (maxActive 4), load 0.9, weighted rule', value: psWeighted, unit: 'tasks/s', target: '>= 2,000,000' },
    { label: '  same / reference', value: psWeighted / reference, unit: 'x' },
    { label: 'simulator, ps, same nodes, SED rule', value: psSed, unit: 'tasks/s' },
    { label: 'simulator, ps, rlb-2 (cores 4 and 2, maxActive 8 and 4), load 0.9, sed-speeds', value: rlb2, unit: 'tasks/s' },
    { label: '  same / reference', value: rlb2 / reference, unit: 'x' },
    { label: 'Park-LoadBalance-v0 (defaults), earliest-finish policy', value: parkSteps / parkSeconds, unit: 'steps/s', target: '>= 1,000,000' },
  ];
}

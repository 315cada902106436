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
 */
import { parkBaseline } from '../baselines/dispatch/park-baselines.js';
import { DispatchEnv } from '../envs/dispatch-env.js';
import { ParkLoadBalanceEnv } from '../envs/park-env.js';
import { DispatchSimulator } from '../envs/sim/dispatch/simulator.js';
import { type Figure, bestSeconds } from './figure.js';

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
    { label: 'Park-LoadBalance-v0 (defaults), earliest-finish policy', value: parkSteps / parkSeconds, unit: 'steps/s', target: '>= 1,000,000' },
  ];
}

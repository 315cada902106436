/**
 * Throughput of the dynamic mode on one core: simulated events per second
 * (hetero-4 at load 0.8, Delta 0.5 s, balancing every 2 s epoch) and
 * `LB-Dynamic-v0` environment steps per second (one step = one epoch),
 * each the best of three timed runs.
 */
import { DynamicEnv } from '../envs/dynamic-env.js';
import { preset } from '../envs/sim/presets.js';
import { DynamicSimulator } from '../envs/sim/dynamic/dynamic-simulator.js';
import { type Figure, bestSeconds } from './figure.js';

export function benchDynamic(epochs = 20_000): Figure[] {
  const sim = new DynamicSimulator(preset('hetero-4'), { arrivalRates: [2.4, 1.8, 1.2, 0.6] });
  let events = 0;
  const simSeconds = bestSeconds(() => {
    sim.reset(1);
    sim.setAction({ K: 0.5, delay: 0.5 });
    for (let e = 0; e < epochs; e++) sim.runUntilNextEpoch();
    events = sim.events;
  });
  const env = new DynamicEnv();
  const action = Float32Array.of(0.5, 0.5);
  const envSeconds = bestSeconds(() => {
    env.reset({ seed: 1 });
    for (let e = 0; e < epochs; e++) {
      if (e % 200 === 0) env.reset();
      env.step(action);
    }
  });
  return [
    { label: 'dynamic simulator, hetero-4 load 0.8, events', value: events / simSeconds, unit: 'events/s' },
    { label: 'dynamic simulator, hetero-4 load 0.8, epochs', value: epochs / simSeconds, unit: 'epochs/s' },
    { label: 'LB-Dynamic-v0 (defaults, bare env), steps', value: epochs / envSeconds, unit: 'steps/s' },
  ];
}

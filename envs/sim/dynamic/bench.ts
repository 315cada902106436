/**
 * Throughput of the dynamic mode on one core: simulated events per second
 * (hetero-4 at load 0.8, Delta 0.5 s, balancing every 2 s epoch) and
 * `LB-Dynamic-v0` environment steps per second (one step = one epoch),
 * each the best of three timed runs.
 */
import { DynamicEnv } from '../../dynamic-env.js';
import { preset } from '../presets.js';
import { DynamicSimulator } from './dynamic-simulator.js';

export interface DynamicBenchFigure {
  label: string;
  value: number;
  unit: string;
}

function bestSeconds(run: () => void, repeats = 3): number {
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    run();
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}

export function benchDynamic(epochs = 20_000): DynamicBenchFigure[] {
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

/** Simulator throughput: episodes per second on one core. */
import { compileScenario } from '../envs/sim/compiled-scenario.js';
import { monteCarlo } from '../envs/sim/monte-carlo.js';
import { preset } from '../envs/sim/presets.js';
import { type Figure, bestSeconds } from './figure.js';

export function benchSimulator(): Figure[] {
  const wl = compileScenario(preset('wireless-lan'));
  const h16 = compileScenario(preset('hetero-16'));
  const rate = (sc: typeof wl, loads: number[], engine: 'fast' | 'general', episodes: number): number => {
    const s = bestSeconds(() => monteCarlo(sc, loads, { K: 0.9, tb: 5 }, { episodes, seed: 1, engine }));
    return episodes / s;
  };
  return [
    { label: 'wireless-lan (100,50) K=0.9 t_b=5, fast path', value: rate(wl, [100, 50], 'fast', 400_000), unit: 'episodes/s', target: '>= 100,000' },
    { label: 'wireless-lan (100,50) K=0.9 t_b=5, general engine', value: rate(wl, [100, 50], 'general', 60_000), unit: 'episodes/s' },
    { label: 'hetero-16 default loads, fast path', value: rate(h16, h16.scenario.defaultLoads, 'fast', 40_000), unit: 'episodes/s' },
    { label: 'hetero-16 default loads, general engine', value: rate(h16, h16.scenario.defaultLoads, 'general', 5_000), unit: 'episodes/s' },
  ];
}

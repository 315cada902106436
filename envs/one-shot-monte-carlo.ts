/**
 * Monte-Carlo means of the one-shot measures (completion time and the three
 * fairness indices of envs/one-shot-rewards.ts) with their standard errors:
 * the yardstick of the exact solvers where they do not apply (agents with
 * different instants) and their check in the tests.
 */
import { compileScenario } from './sim/compiled-scenario.js';
import { newEpisodeResult, type OneShotAction } from './sim/episode.js';
import type { Scenario } from './sim/scenario.js';
import { simulateEpisode } from './sim/simulate.js';
import { createSimStreams } from './sim/streams.js';
import { fairnessIndices, type OneShotMeasures } from './one-shot-rewards.js';

export const ONE_SHOT_MEASURES = ['completionTime', 'jainFinish', 'jainBacklog', 'varianceFinish'] as const;

/** Means of the measures over `episodes` seeded episodes, and their standard errors. */
export function monteCarloMeasures(
  scenario: Scenario,
  loads: readonly number[],
  action: OneShotAction,
  episodes: number,
  seed: number | string,
): OneShotMeasures & { stdErrors: OneShotMeasures } {
  const sc = compileScenario(scenario);
  const streams = createSimStreams(seed, sc.n);
  const result = newEpisodeResult(sc.n);
  const scratch = new Float64Array(sc.n);
  const sum = new Float64Array(ONE_SHOT_MEASURES.length);
  const sq = new Float64Array(ONE_SHOT_MEASURES.length);
  for (let e = 0; e < episodes; e++) {
    simulateEpisode(sc, loads, action, streams, { result });
    const m = fairnessIndices(result, sc.rates, scratch);
    ONE_SHOT_MEASURES.forEach((k, i) => {
      sum[i] = sum[i]! + m[k];
      sq[i] = sq[i]! + m[k] * m[k];
    });
  }
  const mean = (i: number): number => sum[i]! / episodes;
  const se = (i: number): number => Math.sqrt(Math.max(0, sq[i]! / episodes - mean(i) ** 2) / episodes);
  const of = (f: (i: number) => number): OneShotMeasures => ({ completionTime: f(0), jainFinish: f(1), jainBacklog: f(2), varianceFinish: f(3) });
  return { ...of(mean), stdErrors: of(se) };
}

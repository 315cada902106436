/**
 * Batch Monte-Carlo of one-shot episodes: mean completion time with its
 * standard error and 95% confidence interval, and fairness statistics.
 */
import { type CompiledScenario, compileScenario } from './compiled-scenario.js';
import { type EngineChoice, chooseEngine, simulateEpisode } from './simulate.js';
import type { OneShotAction } from './episode.js';
import { newEpisodeResult } from './episode.js';
import { jainIndex } from './fairness.js';
import type { Scenario } from './scenario.js';
import { validateLoads } from './scenario.js';
import { createSimStreams } from './streams.js';
import { requirePositiveInt } from './validation.js';
import { ci95 } from './student-t.js';

export interface MonteCarloOptions {
  episodes: number;
  seed: number | string;
  engine?: EngineChoice;
}

export interface MonteCarloSummary {
  episodes: number;
  engine: 'general' | 'fast';
  meanCompletion: number;
  stdDev: number;
  stdError: number;
  /** Student's t 95 % CI of the mean (NaN bounds with one episode). */
  ci95: [number, number];
  /** Mean per-node finish times. */
  meanFinishTimes: number[];
  meanTasksMoved: number;
  /** Mean over episodes of Jain's index of the per-node finish times. */
  jainFinish: number;
  jainFinishStdError: number;
  /** Fraction of (l, j) pairs informed at t_b, averaged over episodes. */
  informedFraction: number;
  meanEvents: number;
  seconds: number;
  episodesPerSecond: number;
}

export function monteCarlo(
  scenario: Scenario | CompiledScenario,
  loads: ArrayLike<number>,
  action: OneShotAction,
  options: MonteCarloOptions,
): MonteCarloSummary {
  const sc = 'rates' in scenario ? scenario : compileScenario(scenario);
  const n = sc.n;
  const episodes = requirePositiveInt(options.episodes, 'episodes');
  const l = validateLoads(Array.from(loads), n);
  const engine = chooseEngine(sc, action, options.engine);
  const streams = createSimStreams(options.seed, n);
  const result = newEpisodeResult(n);
  const finishSum = new Float64Array(n);
  let sum = 0;
  let sum2 = 0;
  let moved = 0;
  let jSum = 0;
  let jSum2 = 0;
  let informed = 0;
  let events = 0;
  const start = performance.now();
  for (let e = 0; e < episodes; e++) {
    simulateEpisode(sc, l, action, streams, { engine, result });
    const T = result.completionTime;
    sum += T;
    sum2 += T * T;
    moved += result.tasksMoved;
    const j = jainIndex(result.finishTimes);
    jSum += j;
    jSum2 += j * j;
    for (let i = 0; i < n; i++) finishSum[i] = finishSum[i]! + result.finishTimes[i]!;
    let inf = 0;
    for (let k = 0; k < n * n; k++) inf += result.informed[k]!;
    informed += inf;
    events += result.events;
  }
  const seconds = (performance.now() - start) / 1000;
  const mean = sum / episodes;
  const variance = episodes > 1 ? Math.max(0, (sum2 - episodes * mean * mean) / (episodes - 1)) : 0;
  const se = Math.sqrt(variance / episodes);
  const jMean = jSum / episodes;
  const jVar = episodes > 1 ? Math.max(0, (jSum2 - episodes * jMean * jMean) / (episodes - 1)) : 0;
  return {
    episodes,
    engine,
    meanCompletion: mean,
    stdDev: Math.sqrt(variance),
    stdError: se,
    ci95: ci95(mean, se, episodes),
    meanFinishTimes: Array.from(finishSum, (s) => s / episodes),
    meanTasksMoved: moved / episodes,
    jainFinish: jMean,
    jainFinishStdError: Math.sqrt(jVar / episodes),
    informedFraction: informed / (episodes * n * (n - 1)),
    meanEvents: events / episodes,
    seconds,
    episodesPerSecond: seconds > 0 ? episodes / seconds : Infinity,
  };
}

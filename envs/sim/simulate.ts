/**
 * One one-shot episode: picks the fast path when it applies (all-exponential,
 * common t_b) unless the general engine is asked for.
 */
import { type CompiledScenario, compileScenario } from './compiled-scenario.js';
import { simulateGeneral } from './engine.js';
import { type EpisodeResult, type OneShotAction, newEpisodeResult } from './episode.js';
import { fastPathApplies, simulateFast } from './fast-engine.js';
import type { Scenario } from './scenario.js';
import { validateLoads } from './scenario.js';
import { type SimStreams, createSimStreams } from './streams.js';
import { invalid } from './validation.js';

export type EngineChoice = 'auto' | 'general' | 'fast';

export interface SimulateOptions {
  engine?: EngineChoice;
  /** A result object to overwrite (avoids an allocation per episode). */
  result?: EpisodeResult;
}

/** Resolves which engine runs for this scenario and action. */
export function chooseEngine(sc: CompiledScenario, action: OneShotAction, engine: EngineChoice = 'auto'): 'general' | 'fast' {
  if (engine === 'general') return 'general';
  const ok = fastPathApplies(sc, action);
  if (engine === 'fast' && !ok) {
    invalid('engine', engine, 'auto or general here (the fast path needs exponential service, communication and transfer delays and one common t_b)');
  }
  return ok ? 'fast' : 'general';
}

/** Simulates one episode on pre-made streams (episodes keep drawing from them). */
export function simulateEpisode(
  sc: CompiledScenario,
  loads: ArrayLike<number>,
  action: OneShotAction,
  streams: SimStreams,
  options: SimulateOptions = {},
): EpisodeResult {
  const result = options.result ?? newEpisodeResult(sc.n);
  return chooseEngine(sc, action, options.engine) === 'fast'
    ? simulateFast(sc, loads, action, streams, result)
    : simulateGeneral(sc, loads, action, streams, result);
}

/** Convenience: one episode from a scenario and a seed. */
export function simulateOnce(
  scenario: Scenario,
  loads: ArrayLike<number>,
  action: OneShotAction,
  seed: number | string,
  options: SimulateOptions = {},
): EpisodeResult {
  const sc = compileScenario(scenario);
  const l = validateLoads(Array.from(loads), sc.n);
  return simulateEpisode(sc, l, action, createSimStreams(seed, sc.n), options);
}

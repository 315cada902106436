/**
 * Evaluates a policy on a registered environment for a number of episodes,
 * on a given seed: the environment is reset once with that seed and keeps its
 * streams, so every policy evaluated with the same seed sees the same initial
 * loads (common random numbers).
 *
 * Per episode it records the return, the length, the numeric keys of the
 * final step's `info` (completion time, fairness, ...) and the first
 * observation and action (for maps of the chosen `K` and `t_b`).
 *
 * On a multi-agent (parallel) environment every agent acts with
 * `act(agent, observation)`; an episode's return is the mean over agents of
 * their returns, and its metrics are the numeric keys of the first agent's
 * final info (the one-shot multi-agent env puts the shared results there).
 */
import type { Env } from '../envs/core/env.js';
import type { AgentId } from '../envs/core/parallel-env.js';
import type { ActOptions, Policy } from '../envs/core/policy.js';
import { type Kwargs, make, makeParallel } from '../envs/core/registry.js';
import { ci95 } from '../envs/sim/student-t.js';
import { requirePositiveInt } from '../envs/sim/validation.js';
import { numericInfo } from '../envs/core/numeric-info.js';

export { numericInfo };

export interface EvaluationOptions {
  episodes: number;
  seed: number;
  envKwargs?: Kwargs;
  /** Called after each episode with the number done (progress). */
  onEpisode?: (done: number) => void;
  /** Ask the policy for its mode (agents). @default true */
  deterministic?: boolean;
  /** Safety limit on steps per episode for environments without a time limit. @default 100000 */
  maxSteps?: number;
}

/** A sample mean with its standard error and 95% confidence interval (`NaN` where it cannot be estimated, `null` in JSON). */
export interface Estimate {
  mean: number;
  stdError: number;
  ci95: [number, number];
}

export interface EvaluationResult {
  episodes: number;
  seed: number;
  return: Estimate;
  /** Means (with CI) of the numeric keys of the last step's info. */
  metrics: Record<string, Estimate>;
  /** Per episode: return, then the raw numeric info of the last step. */
  rows: { return: number; length: number; info: Record<string, number> }[];
  /** First observation and first action of each episode. */
  firstObservations: number[][];
  firstActions: number[][];
}

/** Mean, standard error and Student's t 95 % CI (NaN bounds for one sample). */
export function estimate(xs: readonly number[]): Estimate {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const v = n > 1 ? xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1) : 0;
  const se = Math.sqrt(v / n);
  return { mean, stdError: se, ci95: ci95(mean, se, n) };
}


function toArray(a: unknown): number[] {
  if (typeof a === 'number') return [a];
  if (ArrayBuffer.isView(a)) return Array.from(a as unknown as ArrayLike<number>);
  if (Array.isArray(a)) return a.map(Number);
  return [];
}

/** What one evaluated episode leaves. */
interface EpisodeRecord {
  row: EvaluationResult['rows'][number];
  firstObservation: number[];
  firstAction: number[];
}

/** Runs `episodes` episodes (the first reset with the seed) and summarises them. */
function evaluateEpisodes(options: EvaluationOptions, episode: (seed: number | undefined, maxSteps: number) => EpisodeRecord): EvaluationResult {
  const episodes = requirePositiveInt(options.episodes, 'episodes');
  const maxSteps = options.maxSteps ?? 100_000;
  const rows: EvaluationResult['rows'] = [];
  const firstObservations: number[][] = [];
  const firstActions: number[][] = [];
  for (let e = 0; e < episodes; e++) {
    const r = episode(e === 0 ? options.seed : undefined, maxSteps);
    rows.push(r.row);
    firstObservations.push(r.firstObservation);
    firstActions.push(r.firstAction);
    options.onEpisode?.(rows.length);
  }
  const keys = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r.info)) keys.add(k);
  const metrics: Record<string, Estimate> = {};
  for (const k of keys) {
    const xs = rows.map((r) => r.info[k]).filter((x): x is number => x !== undefined);
    if (xs.length === rows.length) metrics[k] = estimate(xs);
  }
  return { episodes, seed: options.seed, return: estimate(rows.map((r) => r.return)), metrics, rows, firstObservations, firstActions };
}

function tooLong(maxSteps: number): Error {
  return new Error(`evaluate: episode exceeded ${maxSteps} steps; set maxEpisodeSteps for this env`);
}

export function evaluatePolicy<Act>(
  envOrId: string | Env<Float32Array, Act>,
  policy: Policy<Float32Array, Act>,
  options: EvaluationOptions,
): EvaluationResult {
  requirePositiveInt(options.episodes, 'episodes');
  const env =
    typeof envOrId === 'string'
      ? make<Float32Array, Act>(envOrId, options.envKwargs === undefined ? {} : { kwargs: options.envKwargs })
      : envOrId;
  const deterministic = options.deterministic ?? true;
  try {
    return evaluateEpisodes(options, (seed, maxSteps) => {
      let { observation } = env.reset(seed === undefined ? {} : { seed });
      const firstObservation = Array.from(observation);
      let firstAction: number[] = [];
      let ret = 0;
      let length = 0;
      let info: Record<string, unknown> = {};
      for (;;) {
        const action = policy.act(observation, { deterministic });
        if (length === 0) firstAction = toArray(action);
        const s = env.step(action);
        ret += s.reward;
        length++;
        observation = s.observation;
        info = s.info;
        if (s.terminated || s.truncated) break;
        if (length >= maxSteps) throw tooLong(maxSteps);
      }
      return { row: { return: ret, length, info: numericInfo(info) }, firstObservation, firstAction };
    });
  } finally {
    if (typeof envOrId === 'string') env.close();
  }
}

/** How a multi-agent policy acts: agent by agent, on its own observation. */
export type AgentAct = (agent: AgentId, observation: Float32Array, options: ActOptions) => Float32Array;

/** {@link evaluatePolicy} on a multi-agent (parallel) environment (see the file comment). */
export function evaluateParallelPolicy(envId: string, act: AgentAct, options: EvaluationOptions): EvaluationResult {
  requirePositiveInt(options.episodes, 'episodes');
  const env = makeParallel<Float32Array, Float32Array>(envId, options.envKwargs === undefined ? {} : { kwargs: options.envKwargs });
  const opts: ActOptions = { deterministic: options.deterministic ?? true };
  try {
    return evaluateEpisodes(options, (seed, maxSteps) => {
      let { observations } = env.reset(seed === undefined ? {} : { seed });
      const returns = new Map<AgentId, number>();
      let firstObservation: number[] = [];
      let firstAction: number[] = [];
      let length = 0;
      let info: Record<string, unknown> = {};
      while (env.agents.length > 0) {
        const actions: Record<AgentId, Float32Array> = {};
        for (const a of env.agents) actions[a] = act(a, observations[a]!, opts);
        if (length === 0) {
          firstObservation = env.agents.flatMap((a) => Array.from(observations[a]!));
          firstAction = env.agents.flatMap((a) => Array.from(actions[a]!));
        }
        const s = env.step(actions);
        for (const [a, r] of Object.entries(s.rewards)) returns.set(a, (returns.get(a) ?? 0) + r);
        const first = Object.keys(s.infos)[0];
        if (first !== undefined) info = s.infos[first]!;
        observations = s.observations;
        length++;
        if (length >= maxSteps) throw tooLong(maxSteps);
      }
      const rs = [...returns.values()];
      return { row: { return: rs.reduce((x, y) => x + y, 0) / Math.max(1, rs.length), length, info: numericInfo(info) }, firstObservation, firstAction };
    });
  } finally {
    env.close();
  }
}

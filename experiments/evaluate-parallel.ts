/**
 * Evaluation on a multi-agent (parallel) environment: every agent acts with
 * `act(agent, observation)`, on a given seed (common random numbers across
 * policies). An episode's return is the mean over agents of their returns;
 * metrics are the numeric keys of the first agent's final info (the one-shot
 * multi-agent env puts the shared results there: completion time, fairness).
 */
import type { ActOptions } from '../envs/core/policy.js';
import type { AgentId } from '../envs/core/parallel-env.js';
import { type Kwargs, makeParallel } from '../envs/core/registry.js';
import { requirePositiveInt } from '../envs/sim/validation.js';
import { type EvaluationOptions, type EvaluationResult, estimate, numericInfo } from './evaluate.js';

export type AgentAct = (agent: AgentId, observation: Float32Array, options: ActOptions) => Float32Array;

export function evaluateParallelPolicy(
  envId: string,
  act: AgentAct,
  options: EvaluationOptions,
): EvaluationResult {
  const episodes = requirePositiveInt(options.episodes, 'episodes');
  const env = makeParallel<Float32Array, Float32Array>(envId, options.envKwargs === undefined ? {} : { kwargs: options.envKwargs });
  const opts: ActOptions = { deterministic: options.deterministic ?? true };
  const maxSteps = options.maxSteps ?? 100_000;
  const rows: EvaluationResult['rows'] = [];
  const firstObservations: number[][] = [];
  const firstActions: number[][] = [];
  for (let e = 0; e < episodes; e++) {
    let { observations } = env.reset(e === 0 ? { seed: options.seed } : {});
    const returns = new Map<AgentId, number>();
    let length = 0;
    let info: Record<string, unknown> = {};
    while (env.agents.length > 0) {
      const actions: Record<AgentId, Float32Array> = {};
      for (const a of env.agents) actions[a] = act(a, observations[a]!, opts);
      if (length === 0) {
        firstObservations.push(env.agents.flatMap((a) => Array.from(observations[a]!)));
        firstActions.push(env.agents.flatMap((a) => Array.from(actions[a]!)));
      }
      const s = env.step(actions);
      for (const [a, r] of Object.entries(s.rewards)) returns.set(a, (returns.get(a) ?? 0) + r);
      const first = Object.keys(s.infos)[0];
      if (first !== undefined) info = s.infos[first]!;
      observations = s.observations;
      length++;
      if (length >= maxSteps) throw new Error(`evaluate: episode exceeded ${maxSteps} steps`);
    }
    const rs = [...returns.values()];
    rows.push({ return: rs.reduce((x, y) => x + y, 0) / Math.max(1, rs.length), length, info: numericInfo(info) });
    options.onEpisode?.(rows.length);
  }
  env.close();
  const keys = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r.info)) keys.add(k);
  const metrics: EvaluationResult['metrics'] = {};
  for (const k of keys) {
    const xs = rows.map((r) => r.info[k]).filter((x): x is number => x !== undefined);
    if (xs.length === rows.length) metrics[k] = estimate(xs);
  }
  return { episodes, seed: options.seed, return: estimate(rows.map((r) => r.return)), metrics, rows, firstObservations, firstActions };
}

/**
 * Loads the policy of a run directory for evaluation: the final model
 * (`model/`), or the last checkpoint when the run was interrupted. A run on a
 * multi-agent env (mappo; sac there) acts per agent (`agentAct`). A DQN
 * agent acts on the discretized grid; it is wrapped so it returns the
 * continuous action the environment takes.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadAgent } from '../agents/load-agent.js';
import type { Policy } from '../envs/core/policy.js';
import { readJson } from './runs/run-dir.js';
import { evaluateParallelPolicy, evaluatePolicy, type AgentAct } from './evaluate.js';
import type { MAPPOAgent } from '../agents/mappo.js';
import { discretizerFor, type RunConfig } from './train-run.js';
import { ALGORITHMS, trainsOnParallel } from '../agents/algorithms.js';
import { spec as envSpec } from '../envs/core/registry.js';
import '../envs/index.js';
import { optionError } from '../envs/sim/validation.js';

export interface LoadedRun {
  dir: string;
  name: string;
  config: RunConfig;
  policy: Policy<Float32Array, Float32Array>;
  /** Multi-agent runs (mappo): the action of one agent for its local observation. */
  agentAct?: AgentAct;
  dispose(): void;
}

export async function loadRunPolicy(dir: string): Promise<LoadedRun> {
  if (!existsSync(join(dir, 'config.json'))) throw optionError('runs', `${dir} is not a run directory (no config.json)`);
  const config = readJson<RunConfig>(join(dir, 'config.json'), '--run');
  const modelDir = existsSync(join(dir, 'model')) ? join(dir, 'model') : join(dir, 'checkpoint');
  if (!existsSync(modelDir)) throw optionError('runs', `${dir} has neither a model/ nor a checkpoint/ to evaluate`);
  const agent = await loadAgent(modelDir);
  const name = dir.replace(/\/+$/, '').split('/').pop() ?? dir;
  let policy: Policy<Float32Array, Float32Array>;
  if (trainsOnParallel(config.algo) && envSpec(config.env).kind === 'parallel') {
    // MAPPO and SAC both act per agent with `actAs(agent, localObservation)`.
    const multi = agent as unknown as Pick<MAPPOAgent, 'act' | 'actAs'>;
    policy = { name, act: (obs, opts) => multi.act(obs, opts) };
    return { dir, name, config, policy, agentAct: (a, obs, opts) => multi.actAs(a, obs, opts), dispose: () => agent.dispose() };
  }
  const grid = ALGORITHMS[config.algo].discretizesBox ? discretizerFor(config) : undefined;
  if (grid !== undefined) {
    policy = { name, act: (obs, opts) => grid.toContinuous(agent.act(obs, opts) as number) };
  } else {
    policy = { name, act: (obs, opts) => agent.act(obs, opts) as Float32Array };
  }
  return { dir, name, config, policy, dispose: () => agent.dispose() };
}

/**
 * Means over `episodes` evaluation episodes (the first reset with `seed`) of
 * a run's deterministic policy: `return`, and every numeric key of the final
 * step's info (jainSojourn, meanResponseTime, completionTime, ...).
 */
export async function evaluateRun(dir: string, episodes: number, seed: number): Promise<Record<string, number>> {
  const run = await loadRunPolicy(dir);
  try {
    const options = { episodes, seed, envKwargs: run.config.envKwargs };
    const ev = run.agentAct !== undefined ? evaluateParallelPolicy(run.config.env, run.agentAct, options) : evaluatePolicy(run.config.env, run.policy, options);
    return { return: ev.return.mean, ...Object.fromEntries(Object.entries(ev.metrics).map(([k, v]) => [k, v.mean])) };
  } finally {
    run.dispose();
  }
}

/**
 * The importable trainer: `train(env, algo, config, callbacks, options)`.
 *
 * Builds `numEnvs` environments (registry id through `make`, or a factory),
 * creates the agent (or loads it from `options.resumeFrom`), then repeats
 * `agent.iterate` (collect + one update) until `totalSteps` environment steps
 * or `callbacks.shouldStop()`. After each update `callbacks.onUpdate` gets
 * {@link UpdateMetrics}: the update's losses, SPS and the means over the
 * episodes finished during the update (return, length, and every numeric key
 * of their final `info`, e.g. `completionTime`, `jain`, under `info`).
 *
 * Resuming: a directory written by `agent.save` restores weights, optimizer,
 * normaliser, rng streams and the update counter; training continues at the
 * next update with the same schedules. Environments are not checkpointed:
 * they are re-seeded with `seed + 1000 * updates` so a resumed run does not
 * replay the episodes it already saw. DQN's replay buffer starts empty again.
 */
import { make, type MakeOptions } from '../envs/core/registry.js';
import type { Env } from '../envs/core/env.js';
import { initBackend, type BackendInfo, type BackendPreference } from './backend.js';
import { EnvRunner, type EpisodeRecord } from './env-runner.js';
import { savedAlgo, type AlgoName, type TrainableAgent, type UpdateStats } from './agent.js';
import { PPOAgent, PPO_CONFIG_FIELDS, type PPOConfig } from './ppo.js';
import { ReinforceAgent, REINFORCE_CONFIG_FIELDS, type ReinforceConfig } from './reinforce.js';
import { DQNAgent, DQN_CONFIG_FIELDS, type DQNConfig } from './dqn.js';
import type { ConfigField } from './config.js';

/** The config type of each algorithm. */
export interface AlgoConfigs {
  ppo: PPOConfig;
  reinforce: ReinforceConfig;
  dqn: DQNConfig;
}

/** The agent type of each algorithm. */
export interface AlgoAgents {
  ppo: PPOAgent;
  reinforce: ReinforceAgent;
  dqn: DQNAgent;
}

/** Per algorithm, its config fields (for `--flag` generation). */
export const CONFIG_FIELDS: Readonly<Record<AlgoName, readonly ConfigField[]>> = {
  ppo: PPO_CONFIG_FIELDS,
  reinforce: REINFORCE_CONFIG_FIELDS,
  dqn: DQN_CONFIG_FIELDS,
};

export const ALGOS: readonly AlgoName[] = ['ppo', 'reinforce', 'dqn'];

/** What `onUpdate` receives after each update. */
export interface UpdateMetrics extends UpdateStats {
  /** Environment steps so far, summed over environments. */
  step: number;
  /** 1-based update index (continues across a resume). */
  update: number;
  /** Environment steps per second since this run started. */
  sps: number;
  /** Episodes finished during this update. */
  episodes: number;
  /** Mean return of those episodes (absent if none finished). */
  episodicReturn?: number;
  /** Mean length of those episodes (absent if none finished). */
  episodeLength?: number;
  /** Means of the numeric final-step info keys of those episodes. */
  info: Record<string, number>;
}

export interface TrainCallbacks<A extends AlgoName = AlgoName> {
  /** Called after every update; awaited if it returns a promise (e.g. to save a checkpoint). */
  onUpdate?: (metrics: UpdateMetrics, agent: AlgoAgents[A]) => void | Promise<void>;
  /** Polled before every update; true ends training (e.g. after SIGINT). */
  shouldStop?: () => boolean;
}

/** A registry id, or a factory making environment `index` of the batch. */
export type EnvSource<A extends AlgoName> = string | ((index: number) => Env<Float32Array, AlgoAgents[A] extends TrainableAgent<infer Act> ? Act : never>);

export interface TrainOptions {
  /** Options passed to `make` when the env is given by id. */
  make?: MakeOptions;
  /** Directory of a saved agent to continue training (its saved config wins over `config`, except `totalSteps`). */
  resumeFrom?: string;
  /** Backend to initialise first (default: keep the current one, or `auto` if none). */
  backend?: BackendPreference;
}

export interface TrainResult<A extends AlgoName> {
  agent: AlgoAgents[A];
  history: UpdateMetrics[];
  backend: BackendInfo;
  /** Whether `shouldStop` ended the run early. */
  stopped: boolean;
}

function mean(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** Means over finished episodes: return, length, and each numeric info key. */
export function summarizeEpisodes(episodes: readonly EpisodeRecord[]): Pick<UpdateMetrics, 'episodes' | 'episodicReturn' | 'episodeLength' | 'info'> {
  if (episodes.length === 0) return { episodes: 0, info: {} };
  const sums = new Map<string, number[]>();
  for (const e of episodes) {
    for (const [k, v] of Object.entries(e.info)) {
      const list = sums.get(k) ?? [];
      list.push(v);
      sums.set(k, list);
    }
  }
  const info: Record<string, number> = {};
  for (const [k, list] of sums) info[k] = mean(list);
  return {
    episodes: episodes.length,
    episodicReturn: mean(episodes.map((e) => e.episodicReturn)),
    episodeLength: mean(episodes.map((e) => e.episodeLength)),
    info,
  };
}

async function createAgent<A extends AlgoName>(algo: A, env: Env<Float32Array, never>, config: Partial<AlgoConfigs[A]>, resumeFrom?: string): Promise<AlgoAgents[A]> {
  if (resumeFrom !== undefined) {
    const found = savedAlgo(resumeFrom);
    if (found !== algo) throw new Error(`train: resumeFrom '${resumeFrom}' holds a '${found}' agent, not '${algo}'`);
  }
  switch (algo) {
    case 'ppo':
      return (resumeFrom !== undefined ? await PPOAgent.load(resumeFrom) : PPOAgent.create(env, config as Partial<PPOConfig>)) as AlgoAgents[A];
    case 'reinforce':
      return (resumeFrom !== undefined ? await ReinforceAgent.load(resumeFrom) : ReinforceAgent.create(env, config as Partial<ReinforceConfig>)) as AlgoAgents[A];
    case 'dqn':
      return (resumeFrom !== undefined ? await DQNAgent.load(resumeFrom) : DQNAgent.create(env, config as Partial<DQNConfig>)) as AlgoAgents[A];
    default:
      throw new Error(`train: unknown algo '${String(algo)}' (expected ppo, reinforce or dqn)`);
  }
}

/** Trains `algo` on the environment; see the file comment. */
export async function train<A extends AlgoName>(
  envSource: EnvSource<A>,
  algo: A,
  config: Partial<AlgoConfigs[A]> = {},
  callbacks: TrainCallbacks<A> = {},
  options: TrainOptions = {},
): Promise<TrainResult<A>> {
  if (!ALGOS.includes(algo)) throw new Error(`train: unknown algo '${String(algo)}' (expected ppo, reinforce or dqn)`);
  const backend = await initBackend(options.backend ?? 'auto');
  type Act = AlgoAgents[A] extends TrainableAgent<infer X> ? X : never;
  const makeEnv = (i: number): Env<Float32Array, Act> =>
    typeof envSource === 'string' ? make<Float32Array, Act>(envSource, options.make) : (envSource(i) as Env<Float32Array, Act>);
  const first = makeEnv(0);
  const agent = await createAgent(algo, first as unknown as Env<Float32Array, never>, config, options.resumeFrom);
  const c = agent.config as AlgoConfigs[A];
  const totalSteps = config.totalSteps ?? c.totalSteps;
  const envs = [first, ...Array.from({ length: c.numEnvs - 1 }, (_, i) => makeEnv(i + 1))];
  const runner = new EnvRunner<Act>(envs, c.seed + 1000 * agent.updates);
  const trainable = agent as unknown as TrainableAgent<Act>;
  const perUpdate = trainable.stepsPerIteration(envs.length);
  const numUpdates = Math.max(1, Math.floor(totalSteps / perUpdate));
  const history: UpdateMetrics[] = [];
  const startStep = agent.updates * perUpdate;
  runner.globalStep = startStep;
  const t0 = performance.now();
  let stopped = false;
  try {
    for (let update = agent.updates + 1; update <= numUpdates; update++) {
      if (callbacks.shouldStop?.() === true) {
        stopped = true;
        break;
      }
      const stats = trainable.iterate(runner, { update, numUpdates, globalStep: runner.globalStep, totalSteps });
      const seconds = (performance.now() - t0) / 1000;
      const metrics: UpdateMetrics = {
        step: runner.globalStep,
        update,
        sps: seconds > 0 ? (runner.globalStep - startStep) / seconds : 0,
        ...stats,
        ...summarizeEpisodes(runner.drainEpisodes()),
      };
      history.push(metrics);
      await callbacks.onUpdate?.(metrics, agent);
    }
  } finally {
    runner.close();
  }
  return { agent, history, backend, stopped };
}

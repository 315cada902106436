/**
 * The importable trainer: `train(env, algo, config, callbacks, options)`.
 *
 * Builds `numEnvs` environments (registry id through `make`, or `makeParallel`
 * for `mappo` and for `sac` on a multi-agent id; or a factory), creates the agent (or loads it from
 * `options.resumeFrom`), then repeats `agent.iterate` (collect + one update)
 * until `totalSteps` environment steps or `callbacks.shouldStop()`. After each
 * update `callbacks.onUpdate` gets {@link UpdateMetrics}: the update's losses,
 * SPS and the means over the episodes finished during the update (return,
 * length, and every numeric key of their final `info`, e.g. `completionTime`,
 * `jain`, under `info`).
 *
 * Checkpoints: while `train` runs (and after it returns), `agent.save(dir)`
 * also writes the environment runner's state to `dir/runner.json` when every
 * environment is checkpointable (envs/core/checkpointable.ts: the
 * environments' random streams and current episode, the current observations,
 * each environment's running return and length); DQN also saves its replay
 * buffer. So call `agent.save` from `onUpdate` (or after `train` returns, e.g.
 * when `shouldStop` ended the run).
 *
 * Resuming (`options.resumeFrom`): restores weights, optimizer (Adam's moments
 * and beta powers), normalisers, rng streams and the update counter, and, when
 * `runner.json` is there and every new environment is checkpointable, the
 * runner: the resumed run then takes exactly the steps the uninterrupted run
 * would have, and on a deterministic backend ends with the same metrics
 * (`resumeMode: 'exact'`). Otherwise the environments are re-seeded with
 * `seed + 1000 * updates` so the run does not replay episodes it already saw,
 * and a warning goes to `callbacks.onWarning` (default `console.warn`)
 * (`resumeMode: 'reseeded'`). The SPS of a resumed run counts from the resume.
 */
import { make, makeParallel, spec as envSpec, type MakeOptions } from '../envs/core/registry.js';
import type { Env } from '../envs/core/env.js';
import type { ParallelEnv } from '../envs/core/parallel-env.js';
import { initBackend, type BackendInfo, type BackendPreference } from './backend.js';
import { EnvRunner, type EpisodeRecord } from './env-runner.js';
import { ParallelEnvRunner } from './parallel-env-runner.js';
import { readRunnerState, savedAlgo, type AlgoName, type CheckpointedAgent, type IterationContext, type LrAnchor, type TrainableAgent, type UpdateStats } from './agent.js';
import { isParallelEnv } from './sac.js';
import type { ConfigField } from './config.js';
import { ALGORITHMS, ALGOS, type AlgoAgents, type AlgoConfigs, type Algorithm } from './algorithms.js';

export { ALGOS, type AlgoAgents, type AlgoConfigs } from './algorithms.js';

/** Per algorithm, its config fields (for `--flag` generation). */
export const CONFIG_FIELDS: Readonly<Record<AlgoName, readonly ConfigField[]>> = Object.fromEntries(ALGOS.map((a) => [a, ALGORITHMS[a].fields])) as Record<AlgoName, readonly ConfigField[]>;

/** Algorithms trained on a multi-agent `ParallelEnv` (the others take an `Env`). */
export const PARALLEL_ALGOS: readonly AlgoName[] = ALGOS.filter((a) => ALGORITHMS[a].envKind === 'parallel');

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
  /** Receives warnings (e.g. an inexact resume); default `console.warn`. */
  onWarning?: (message: string) => void;
}

/** The environment type each algorithm trains on: a `ParallelEnv` for mappo, either for sac, else an `Env` with its action type. */
export type AlgoEnv<A extends AlgoName> = A extends 'mappo'
  ? ParallelEnv<Float32Array, Float32Array>
  : A extends 'sac'
    ? Env<Float32Array, Float32Array> | ParallelEnv<Float32Array, Float32Array>
    : Env<Float32Array, AlgoAgents[A] extends TrainableAgent<infer Act> ? Act : never>;

/** A registry id (single-agent, or parallel for mappo and sac), or a factory making environment `index` of the batch. */
export type EnvSource<A extends AlgoName> = string | ((index: number) => AlgoEnv<A>);

export interface TrainOptions {
  /** Options passed to `make` (`makeParallel` for mappo) when the env is given by id. */
  make?: MakeOptions;
  /**
   * Directory of a saved agent to continue training (its saved config wins
   * over `config`, except `totalSteps`); its `runner.json`, if any, restores
   * the environments exactly (see the file comment).
   */
  resumeFrom?: string;
  /** Backend to initialise first (default: keep the current one, or `auto` if none). */
  backend?: BackendPreference;
  /** Where an annealed learning rate starts (see `LrAnchor`). @default LR_ANCHOR_START */
  lrAnchor?: LrAnchor;
}

export interface TrainResult<A extends AlgoName> {
  agent: AlgoAgents[A];
  history: UpdateMetrics[];
  backend: BackendInfo;
  /** Whether `shouldStop` ended the run early. */
  stopped: boolean;
  /** How a resumed run restored its environments (absent when not resuming). */
  resumeMode?: 'exact' | 'reseeded';
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

function checkResumeAlgo(algo: AlgoName, resumeFrom: string): void {
  const found = savedAlgo(resumeFrom);
  if (found !== algo) throw new Error(`train: resumeFrom '${resumeFrom}' holds a '${found}' agent, not '${algo}'`);
}

async function createAgent<A extends AlgoName>(algo: A, env: unknown, config: Partial<AlgoConfigs[A]>, resumeFrom?: string): Promise<AlgoAgents[A]> {
  const row = ALGORITHMS[algo] as Algorithm<A> | undefined;
  if (row === undefined) throw new Error(`train: unknown algo '${String(algo)}' (expected ${ALGOS.join(', ')})`);
  if (resumeFrom === undefined) return row.create(env, config);
  checkResumeAlgo(algo, resumeFrom);
  return row.load(resumeFrom);
}

/** What the training loop needs of a runner, single- or multi-agent. */
interface LoopRunner {
  globalStep: number;
  getState(): object | undefined;
  setState(state: unknown): void;
  drainEpisodes(): EpisodeRecord[];
  close(): void;
}

/** The runner and the agent's `iterate` bound to it. */
interface Session {
  runner: LoopRunner;
  iterate(ctx: IterationContext): UpdateStats;
  numEnvs: number;
}

/** An agent that trains on a multi-agent runner (mappo; sac on a parallel env). */
interface ParallelTrainable {
  iterate(runner: ParallelEnvRunner, ctx: IterationContext): UpdateStats;
}

/** Whether `algo` trains on these envs as multi-agent parallel envs. */
function runsParallel(algo: AlgoName, env: unknown): boolean {
  const kind = ALGORITHMS[algo].envKind;
  return kind === 'parallel' || (kind === 'any' && isParallelEnv(env));
}

function openSession(algo: AlgoName, agent: CheckpointedAgent, envs: readonly unknown[], seed: number): Session {
  if (runsParallel(algo, envs[0])) {
    const runner = new ParallelEnvRunner(envs as ParallelEnv<Float32Array, Float32Array>[], seed);
    const multi = agent as unknown as ParallelTrainable;
    return { runner, iterate: (ctx) => multi.iterate(runner, ctx), numEnvs: envs.length };
  }
  const runner = new EnvRunner<unknown>(envs as Env<Float32Array, unknown>[], seed);
  const trainable = agent as TrainableAgent<unknown>;
  return { runner, iterate: (ctx) => trainable.iterate(runner, ctx), numEnvs: envs.length };
}

/** Trains `algo` on the environment; see the file comment. */
export async function train<A extends AlgoName>(
  envSource: EnvSource<A>,
  algo: A,
  config: Partial<AlgoConfigs[A]> = {},
  callbacks: TrainCallbacks<A> = {},
  options: TrainOptions = {},
): Promise<TrainResult<A>> {
  if (!ALGOS.includes(algo)) throw new Error(`train: unknown algo '${String(algo)}' (expected ${ALGOS.join(', ')})`);
  const backend = await initBackend(options.backend ?? 'auto');
  const kind = ALGORITHMS[algo].envKind;
  const parallel = kind === 'parallel' || (kind === 'any' && typeof envSource === 'string' && envSpec(envSource).kind === 'parallel');
  const makeEnv = (i: number): unknown => {
    if (typeof envSource !== 'string') return envSource(i);
    return parallel ? makeParallel<Float32Array, Float32Array>(envSource, options.make) : make<Float32Array, unknown>(envSource, options.make);
  };
  const warn = callbacks.onWarning ?? ((m: string) => console.warn(m));
  const first = makeEnv(0);
  const agent = await createAgent(algo, first, config, options.resumeFrom);
  const c = agent.config as AlgoConfigs[A];
  const totalSteps = config.totalSteps ?? c.totalSteps;
  const envs = [first, ...Array.from({ length: c.numEnvs - 1 }, (_, i) => makeEnv(i + 1))];

  // Resume the runner exactly when it was saved and every env is checkpointable; else re-seed.
  let resumeMode: TrainResult<A>['resumeMode'];
  let session: Session;
  const saved = options.resumeFrom === undefined ? undefined : readRunnerState(options.resumeFrom);
  if (options.resumeFrom === undefined) {
    session = openSession(algo, agent, envs, c.seed);
  } else {
    session = openSession(algo, agent, envs, saved === undefined ? c.seed + 1000 * agent.updates : c.seed);
    let why: string | undefined = saved === undefined ? `no runner.json in '${options.resumeFrom}'` : undefined;
    if (saved !== undefined) {
      if (session.runner.getState() === undefined) why = 'some environment is not checkpointable (no getState/setState)';
      else {
        try {
          session.runner.setState(saved);
        } catch (err) {
          why = `runner.json does not fit: ${err instanceof Error ? err.message : String(err)}`;
        }
      }
      // The new runner re-seeds every environment at its first reset, undoing any partial restore.
      if (why !== undefined) session = openSession(algo, agent, envs, c.seed + 1000 * agent.updates);
    }
    resumeMode = why === undefined ? 'exact' : 'reseeded';
    if (why !== undefined) warn(`train: resuming from '${options.resumeFrom}' with re-seeded environments (seed + 1000 * updates), so the run will differ from an uninterrupted one: ${why}`);
  }
  const { runner } = session;
  agent.runnerSource = runner;
  const perUpdate = agent.stepsPerIteration(session.numEnvs);
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
      const ctx: IterationContext = { update, numUpdates, globalStep: runner.globalStep, totalSteps, ...(options.lrAnchor !== undefined ? { lrAnchor: options.lrAnchor } : {}) };
      const stats = session.iterate(ctx);
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
    // A save after training still carries the runner's last state.
    const last = runner.getState();
    agent.runnerSource = { getState: () => last };
    runner.close();
  }
  const result: TrainResult<A> = { agent, history, backend, stopped };
  if (resumeMode !== undefined) result.resumeMode = resumeMode;
  return result;
}

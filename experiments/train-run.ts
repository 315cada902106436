/**
 * A training run: the library function behind `lbgym train`, `npm start` and
 * `lbgym sweep`. It wraps `train()` (agents/train.ts) with a run directory:
 *
 * ```
 * runs/{envId}__{algo}__{seed}__{unixTime}/
 *   config.json            fully resolved: env, env kwargs, algo config, backend
 *   events.out.tfevents.*  TensorBoard (one file per session; a resume adds one)
 *   metrics.csv            one row per update
 *   checkpoint/            the latest checkpoint (atomic: staged, then renamed)
 *   model/                 the final agent
 *   summary.json           steps, seconds, final return, regret, stopped
 * ```
 *
 * `resume` continues a run from its checkpoint in the same directory, dropping
 * metrics rows logged after the checkpoint.
 */
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { initBackend, type BackendInfo, type BackendPreference } from '../agents/backend.js';
import { annealedFraction, LR_ANCHOR_START, type AlgoName, type LrAnchor } from '../agents/agent.js';
import { resolveConfig, type ConfigSpec } from '../agents/config.js';
import { ALGORITHMS, algorithm, trainsOnParallel, trainsOnSingle } from '../agents/algorithms.js';
import type { Space } from '../envs/core/space.js';
import { ALGOS, train, type UpdateMetrics } from '../agents/train.js';
import type { Env } from '../envs/core/env.js';
import { Box } from '../envs/core/spaces/box.js';
import type { Policy } from '../envs/core/policy.js';
import { make, makeParallel, spec as envSpec } from '../envs/core/registry.js';
import { DiscretizeAction } from '../envs/core/wrappers/transform-action.js';
import '../envs/index.js';
import { LazyProgress, Progress } from './cli/progress.js';
import { exactEvaluator, familyAgentDefaults } from './env-families.js';
import { prefillOptima } from './optimum-prefill.js';
import { readJson, replaceDir, runName, createRunDir, writeJsonAtomic } from './runs/run-dir.js';
import { type ExactRegret, RunLogger, configMarkdown } from './runs/run-logger.js';
import { ConfigError, optionError } from '../envs/sim/validation.js';

export interface TrainRunOptions {
  envId: string;
  algo: AlgoName;
  /** Algorithm config fields (seed, totalSteps, learningRate, ...); the rest default. */
  config: Record<string, unknown>;
  envKwargs?: Record<string, unknown>;
  /** @default 'runs' */
  logdir?: string;
  /** @default 'auto' */
  backend?: BackendPreference;
  /** Updates between checkpoints. @default the updates of 20,480 environment steps */
  checkpointEvery?: number;
  /** Updates between exact regret evaluations (one-shot env only). @default the updates of 10,240 environment steps */
  evalEvery?: number;
  /** DQN's action grid per action dimension. @default [11, 21] */
  bins?: number[];
  /** A run directory to continue from its checkpoint. */
  resume?: string;
  /**
   * On a resume that changes `totalSteps` of a run with `annealLr`: `continue`
   * carries on from the rate the run had, falling linearly to 0 at the new
   * total; `rescale` re-plans the anneal as if the run had started with the new
   * total (the rate then steps where the run resumes). @default 'continue'
   */
  lrSchedule?: LrSchedule;
  /** Show progress on stderr. @default true */
  progress?: boolean;
  /** The HParams session group of the run (a sweep's setting, so its seeds group together). @default the run directory's name */
  group?: string;
  /** Polled before every update (SIGINT). */
  shouldStop?: () => boolean;
}

export interface TrainRunSummary {
  runDir: string;
  env: string;
  algo: AlgoName;
  seed: number;
  steps: number;
  updates: number;
  seconds: number;
  finalReturn: number | null;
  regret?: number;
  /** Exact normalised regret (experiments/regret.ts), when available. */
  normalizedRegret?: number;
  backend: string;
  stopped: boolean;
  /** `--resume` of a run that had reached its total steps: nothing was trained or written. */
  alreadyFinished?: boolean;
}

/** What config.json holds. */
export interface RunConfig {
  env: string;
  algo: AlgoName;
  envKwargs: Record<string, unknown>;
  config: Record<string, unknown>;
  bins: number[];
  checkpointEvery: number;
  evalEvery: number;
  backend: BackendInfo;
  host: string;
  createdAt: string;
  /** Where the annealed learning rate starts, when a resume changed the run's length (absent: from update 1). */
  lrAnchor?: LrAnchor;
}

export const LR_SCHEDULES = ['continue', 'rescale'] as const;
export type LrSchedule = (typeof LR_SCHEDULES)[number];

interface CheckpointMeta {
  step: number;
  update: number;
  seconds: number;
  /** sha256 of every file of the checkpoint at save time (absent in checkpoints of lbgym <= 0.1.0). */
  files?: Record<string, string>;
}

const CHECKPOINT = 'checkpoint';
const CHECKPOINT_META = 'lbgym-checkpoint.json';

/** The DQN grid over a Box action space (undefined when the env's actions are already discrete). */
export function discretizerFor(run: Pick<RunConfig, 'env' | 'envKwargs' | 'bins'>): DiscretizeAction<Float32Array> | undefined {
  const env = make(run.env, { kwargs: run.envKwargs });
  return env.actionSpace.kind === 'box' ? new DiscretizeAction(env, run.bins) : undefined;
}

/** Resolves and validates an algorithm config (errors are ConfigErrors naming the field). */
export function resolveAlgoConfig(algo: AlgoName, config: Record<string, unknown>): Record<string, unknown> {
  const row = algorithm(algo);
  if (row === undefined) throw optionError('algo', `expected one of ${ALGOS.join(', ')}, got ${JSON.stringify(algo)}`);
  try {
    return resolveConfig(algo, row.spec as ConfigSpec<unknown>, config) as Record<string, unknown>;
  } catch (e) {
    throw new ConfigError(`${algo} config`, undefined, '', (e as Error).message);
  }
}

/**
 * Validates a fresh run's options before anything is written: the env id, the
 * algorithm's config, the env kwargs (one environment is built), the algorithm
 * against the env's kind and action space, and DQN's bins. Errors are
 * ConfigErrors naming the option (the CLI shows its flag).
 */
export function validateTrainOptions(options: TrainRunOptions): { config: Record<string, unknown>; envKwargs: Record<string, unknown> } {
  let kind: 'env' | 'parallel';
  try {
    kind = envSpec(options.envId).kind;
  } catch (e) {
    throw optionError('envId', `${(e as Error).message}`);
  }
  const envKwargs = options.envKwargs ?? {};
  const config = resolveAlgoConfig(options.algo, { ...familyAgentDefaults(options.envId, options.algo, envKwargs), ...options.config });
  const row = ALGORITHMS[options.algo];
  const parallelAlgos = ALGOS.filter((a) => trainsOnParallel(a));
  if (kind === 'parallel' ? !trainsOnParallel(options.algo) : !trainsOnSingle(options.algo)) {
    throw optionError(
      'algo',
      row.envKind === 'parallel'
        ? `${options.algo} trains on a multi-agent environment; ${options.envId} is single-agent`
        : `${options.algo} trains on a single-agent environment; ${options.envId} is multi-agent (use ${parallelAlgos.join(' or ')})`,
    );
  }
  let env: Env<unknown, unknown> | undefined;
  let space: Space<unknown>;
  try {
    if (kind === 'parallel') {
      const penv = makeParallel(options.envId, { kwargs: envKwargs });
      space = penv.actionSpace(penv.possibleAgents[0]!);
      penv.close();
    } else {
      env = make(options.envId, { kwargs: envKwargs });
      space = env.actionSpace;
      env.close();
    }
  } catch (e) {
    throw optionError('envKwargs', `${(e as Error).message}`);
  }
  if (row.actions === 'box' && space.kind !== 'box') {
    const discrete = ALGOS.filter((a) => ALGORITHMS[a].actions === 'discrete' && trainsOnSingle(a));
    throw optionError('algo', `${options.algo} needs a continuous (Box) action space; ${options.envId} has ${String(space)} (use ${discrete.join(' or ')})`);
  }
  if (env !== undefined && row.discretizesBox && space instanceof Box && options.bins !== undefined && options.bins.length !== space.size) {
    throw optionError('bins', `expected ${space.size} values (one per action dimension), got ${JSON.stringify(options.bins.join(','))}`);
  }
  return { config, envKwargs };
}

/**
 * Environment steps between exact-regret evaluations and between checkpoints
 * when --eval-every / --checkpoint-every are not given: PPO's 5 and 10
 * updates of 2048 steps, the same share of the run for every algorithm
 * (DQN's updates are 10 steps).
 */
const EVAL_PERIOD_STEPS = 10_240;
const CHECKPOINT_PERIOD_STEPS = 20_480;

/** The updates a run of `totalSteps` makes under `config`, as `train` counts them. */
function numUpdatesFor(totalSteps: number, config: Record<string, unknown>): number {
  return Math.max(1, Math.floor(totalSteps / (Number(config['numSteps']) * Number(config['numEnvs']))));
}

/** The updates that cover `steps` environment steps under `config` (at least 1). */
function updatesFor(steps: number, config: Record<string, unknown>): number {
  const perEnv = Number(config['numSteps'] ?? config['trainFrequency'] ?? 1);
  const perUpdate = Math.max(1, perEnv * Number(config['numEnvs'] ?? 1));
  return Math.max(1, Math.round(steps / perUpdate));
}

/** sha256 of every file under `dir` (but the checkpoint's metadata), by relative path. */
function checksums(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(join(dir, prefix)).sort()) {
    const rel = prefix === '' ? name : join(prefix, name);
    if (rel === CHECKPOINT_META) continue;
    if (statSync(join(dir, rel)).isDirectory()) Object.assign(out, checksums(dir, rel));
    else out[rel] = createHash('sha256').update(readFileSync(join(dir, rel))).digest('hex');
  }
  return out;
}

function formatFraction(f: number): string {
  return `${(100 * f).toPrecision(3)} %`;
}

interface CheckedResume {
  run: RunConfig;
  previous: CheckpointMeta;
  /** Set when the run already reached its total steps: its summary, nothing to do. */
  finished?: TrainRunSummary;
  /** What a changed --total-steps changes. */
  note?: string;
}

/**
 * Validates a resume without writing anything: the run's config, its
 * checkpoint (every file against the checksum written when it was saved),
 * and a new total of steps. Errors are usage errors naming the file.
 */
export function checkResume(runDir: string, totalSteps: unknown, lrSchedule: LrSchedule = 'continue'): CheckedResume {
  if (existsSync(runDir) && !statSync(runDir).isDirectory()) throw optionError('resume', `${runDir} is not a run directory`);
  const run = readJson<RunConfig>(join(runDir, 'config.json'), '--resume');
  if (typeof run !== 'object' || run === null || typeof run.env !== 'string' || typeof run.config !== 'object' || run.config === null) {
    throw optionError('resume', `${join(runDir, 'config.json')} is not an lbgym run config`);
  }
  const ckpt = join(runDir, CHECKPOINT);
  const metaPath = join(ckpt, CHECKPOINT_META);
  if (!existsSync(metaPath)) throw optionError('resume', `${runDir} has no checkpoint to continue from (no ${metaPath})`);
  const previous = readJson<CheckpointMeta>(metaPath, '--resume');
  if (!Number.isInteger(previous.step) || !Number.isInteger(previous.update)) throw optionError('resume', `${metaPath}: no valid step and update`);
  for (const [name, sum] of Object.entries(previous.files ?? {})) {
    const path = join(ckpt, name);
    if (!existsSync(path)) throw optionError('resume', `${path} is missing from the checkpoint`);
    if (createHash('sha256').update(readFileSync(path)).digest('hex') !== sum) {
      throw optionError('resume', `${path} is truncated or corrupted (its checksum differs from the one saved with the checkpoint)`);
    }
  }
  const oldTotal = Number(run.config['totalSteps']);
  let note: string | undefined;
  if (totalSteps !== undefined) {
    const total = Number(totalSteps);
    if (total < previous.step) throw optionError('totalSteps', `${total} is below the ${previous.step} steps the run has done`);
    if (total !== oldTotal) {
      note = `--total-steps: the run continues to ${total} steps (was ${oldTotal})`;
      if (run.config['annealLr'] === true) {
        // The anneal carries on from the rate of the last update done (no step), or is re-planned.
        const update = previous.update;
        const fraction = annealedFraction(run.lrAnchor ?? LR_ANCHOR_START, update, numUpdatesFor(oldTotal, run.config));
        if (lrSchedule === 'continue') {
          run.lrAnchor = { update, fraction };
          note += `; the annealed learning rate carries on from ${formatFraction(fraction)} of learningRate and now falls to 0 at the new total (--lr-schedule rescale re-plans it over the new total instead)`;
        } else {
          delete run.lrAnchor;
          const rescaled = annealedFraction(LR_ANCHOR_START, update + 1, numUpdatesFor(total, run.config));
          note += `; --lr-schedule rescale: the annealed learning rate is re-planned over the new total, so it goes from ${formatFraction(fraction)} to ${formatFraction(rescaled)} of learningRate where the run resumes`;
        }
      }
      run.config['totalSteps'] = total;
    }
  }
  if (previous.step >= Number(run.config['totalSteps'])) {
    const summaryPath = join(runDir, 'summary.json');
    const summary = existsSync(summaryPath) ? readJson<TrainRunSummary>(summaryPath, '--resume') : undefined;
    const done = summary ?? { runDir, env: run.env, algo: run.algo, seed: Number(run.config['seed']), steps: previous.step, updates: previous.update, seconds: previous.seconds, finalReturn: null, backend: run.backend.backend, stopped: false };
    return { run, previous, finished: { ...done, alreadyFinished: true } };
  }
  return { run, previous, ...(note !== undefined ? { note } : {}) };
}

export async function runTraining(options: TrainRunOptions): Promise<TrainRunSummary> {
  let run: RunConfig;
  let runDir: string;
  let resumeFrom: string | undefined;
  let previous: CheckpointMeta = { step: 0, update: 0, seconds: 0 };
  const backend = await initBackend(options.backend ?? 'auto');

  if (options.resume !== undefined) {
    // Everything is checked before the run directory is touched.
    const checked = checkResume(options.resume, options.config['totalSteps'], options.lrSchedule);
    runDir = options.resume;
    run = checked.run;
    previous = checked.previous;
    resumeFrom = join(runDir, CHECKPOINT);
    if (checked.finished !== undefined) return checked.finished;
    run.backend = backend;
    if (checked.note !== undefined && options.progress !== false) process.stderr.write(`lbgym: ${checked.note}\n`);
    writeJsonAtomic(join(runDir, 'config.json'), run);
  } else {
    const { config, envKwargs } = validateTrainOptions(options);
    if (config['learningStarts'] !== undefined && Number(config['learningStarts']) >= Number(config['totalSteps'])) {
      process.stderr.write(
        `lbgym: warning: learningStarts (${String(config['learningStarts'])}) is not below totalSteps (${String(config['totalSteps'])}): ${options.algo} will only explore, never learn (lower --learning-starts)\n`,
      );
    }
    run = {
      env: options.envId,
      algo: options.algo,
      envKwargs,
      config,
      bins: options.bins ?? [11, 21],
      checkpointEvery: options.checkpointEvery ?? updatesFor(CHECKPOINT_PERIOD_STEPS, config),
      evalEvery: options.evalEvery ?? updatesFor(EVAL_PERIOD_STEPS, config),
      backend,
      host: hostname(),
      createdAt: new Date().toISOString(),
    };
    runDir = createRunDir(options.logdir ?? 'runs', runName(run.env, run.algo, Number(config['seed']), Math.floor(Date.now() / 1000)));
    writeJsonAtomic(join(runDir, 'config.json'), run);
  }

  const logger = new RunLogger(runDir);
  if (resumeFrom !== undefined) logger.csv.truncateAfter(previous.step);
  logger.tb.addText('config', configMarkdown({ env: run.env, algo: run.algo, ...run.config, envKwargs: run.envKwargs, backend: backend.backend }), previous.step);

  const regretEval = exactEvaluator(run.env, run.envKwargs);
  // The grid's optima (seconds each for the Jain rewards when not cached yet) are solved on two worker threads up front.
  if (typeof regretEval !== 'string') {
    const solving = new LazyProgress('exact optima', options.progress ?? true);
    await prefillOptima(regretEval.scenario, [{ spec: regretEval.spec, pairs: regretEval.grid, family: regretEval.family }], 2, (done, total) => solving.update(done, total));
    solving.done();
  }
  // DQN acts on a grid: a Box action space is discretized; a Discrete one is used as it is.
  const discretizer = ALGORITHMS[run.algo].discretizesBox && envSpec(run.env).kind === 'env' ? discretizerFor(run) : undefined;
  const envFactory = (): Env<Float32Array, unknown> => {
    const env = make(run.env, { kwargs: run.envKwargs });
    return (discretizer !== undefined ? new DiscretizeAction(env, run.bins) : env) as Env<Float32Array, unknown>;
  };
  const asContinuous = (agent: Policy<Float32Array, unknown>): Policy<Float32Array, Float32Array> => ({
    name: agent.name,
    act: (obs, opts) => {
      const a = agent.act(obs, opts);
      return discretizer !== undefined ? discretizer.toContinuous(a as number) : (a as Float32Array);
    },
  });

  const totalSteps = Number(run.config['totalSteps']);
  const progress = new Progress(totalSteps, 'steps', process.stderr, 5, options.progress ?? true, previous.step);
  const t0 = performance.now();
  const elapsed = () => previous.seconds + (performance.now() - t0) / 1000;
  let last: UpdateMetrics | undefined;
  let lastReturn: number | null = null;

  const saveCheckpoint = async (agent: { save(dir: string): Promise<void> }, m: UpdateMetrics): Promise<void> => {
    const staged = join(runDir, `${CHECKPOINT}.staged`);
    rmSync(staged, { recursive: true, force: true });
    await agent.save(staged);
    writeJsonAtomic(join(staged, CHECKPOINT_META), { step: m.step, update: m.update, seconds: elapsed(), files: checksums(staged) } satisfies CheckpointMeta);
    replaceDir(staged, join(runDir, CHECKPOINT));
  };

  const evaluateRegret = (agent: Policy<Float32Array, unknown>, step: number): ExactRegret | undefined => {
    if (typeof regretEval === 'string') return undefined;
    // A multi-agent policy acts per agent on its local observation.
    const perAgent = agent as Partial<{ actAs(a: string, obs: Float32Array, o: { deterministic: boolean }): Float32Array }>;
    const actAs = perAgent.actAs?.bind(agent);
    const report = regretEval.evaluate(asContinuous(agent), undefined, actAs === undefined ? {} : { agentAct: (a, obs) => actAs(a, obs, { deterministic: true }) });
    logger.logActions(step, report.points.flatMap((p) => p.action.K), report.points.flatMap((p) => p.action.tb));
    return { regret: report.regret, normalizedRegret: report.normalizedRegret };
  };

  const result = await train(
    (discretizer !== undefined ? envFactory : run.env) as never,
    run.algo,
    run.config as never,
    {
      onUpdate: async (m, agent) => {
        last = m;
        if (m.episodicReturn !== undefined) lastReturn = m.episodicReturn;
        const regret = m.update % run.evalEvery === 0 ? evaluateRegret(agent as Policy<Float32Array, unknown>, m.step) : undefined;
        logger.logUpdate(m, elapsed(), regret);
        if (m.update % run.checkpointEvery === 0) await saveCheckpoint(agent as never, m);
        progress.update(m.step, lastReturn === null ? '' : `return ${lastReturn.toFixed(4)}`);
        // Let the event loop run (signal handlers such as Ctrl-C, timers) between updates.
        await new Promise((resolve) => setImmediate(resolve));
      },
      shouldStop: options.shouldStop ?? (() => false),
    },
    { backend: backend.backend, make: { kwargs: run.envKwargs }, ...(resumeFrom !== undefined ? { resumeFrom } : {}), ...(run.lrAnchor !== undefined ? { lrAnchor: run.lrAnchor } : {}) },
  );
  progress.done();

  const agent = result.agent as unknown as Policy<Float32Array, unknown> & { save(dir: string): Promise<void>; dispose(): void };
  const lastMetrics = last as UpdateMetrics | undefined;
  if (lastMetrics !== undefined) await saveCheckpoint(agent, lastMetrics);
  const steps = lastMetrics?.step ?? previous.step;
  let exact: ExactRegret | undefined;
  if (!result.stopped) {
    const staged = join(runDir, 'model.staged');
    rmSync(staged, { recursive: true, force: true });
    await agent.save(staged);
    replaceDir(staged, join(runDir, 'model'));
    exact = evaluateRegret(agent, steps);
    if (exact !== undefined) {
      logger.tb.addScalar('charts/regret', exact.regret, steps);
      if (Number.isFinite(exact.normalizedRegret)) logger.tb.addScalar('charts/normalized_regret', exact.normalizedRegret, steps);
    }
  }
  const regret = exact?.regret;
  const normalizedRegret = exact !== undefined && Number.isFinite(exact.normalizedRegret) ? exact.normalizedRegret : undefined;
  const summary: TrainRunSummary = {
    runDir,
    env: run.env,
    algo: run.algo,
    seed: Number(run.config['seed']),
    steps,
    updates: lastMetrics?.update ?? previous.update,
    seconds: elapsed(),
    finalReturn: lastReturn,
    ...(regret !== undefined ? { regret } : {}),
    ...(normalizedRegret !== undefined ? { normalizedRegret } : {}),
    backend: backend.backend,
    stopped: result.stopped,
  };
  const hparams: Record<string, number | string | boolean> = { env: run.env, algo: run.algo };
  for (const [k, v] of Object.entries(run.config)) {
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') hparams[k] = v;
  }
  const finalMetrics: Record<string, number> = {};
  if (lastReturn !== null) finalMetrics['hparams/final_return'] = lastReturn;
  if (regret !== undefined) finalMetrics['hparams/regret'] = regret;
  if (normalizedRegret !== undefined) finalMetrics['hparams/normalized_regret'] = normalizedRegret;
  // No per-run experiment summary: TensorBoard then builds one experiment for the whole logdir from every
  // run's session (the union of their hyperparameters and metrics) instead of showing one run's.
  logger.tb.addHparams(hparams, finalMetrics, { status: result.stopped ? 'failure' : 'success', writeExperiment: false, groupName: options.group ?? basename(runDir) });
  writeJsonAtomic(join(runDir, 'summary.json'), summary);
  logger.close();
  agent.dispose();
  return summary;
}

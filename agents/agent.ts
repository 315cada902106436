/**
 * What every trainable agent shares: the per-update statistics, the interface
 * the trainer drives (`iterate` = collect experience + one update), and the
 * checkpoint file helpers.
 *
 * A saved agent is a directory:
 * - `agent.json`: format, algorithm, resolved config, spaces, observation
 *   normaliser state, rng stream states, counters, optimizer weight specs;
 * - one sub-directory per network (`actor/`, `critic/`, `q/`, `q-target/`),
 *   each `model.json` + `weights.bin` (see io.ts);
 * - `optimizer.bin`: the Adam moments and iteration count (and, in
 *   `agent.json`'s `extra.adamAccBeta`, Adam's running beta powers, which
 *   tfjs' own `setWeights` would recompute by `pow()` and so round differently);
 * - `optimizer-{name}.bin` (SAC): further optimizers, the same way, their
 *   specs and beta powers in `agent.json`'s `moreOptimizers`;
 * - `runner.json` (only when saved during or after `train()`): the trainer's
 *   environment-runner state (see env-runner.ts), for exact resumes;
 * - `replay.bin` (DQN, SAC): the replay buffer (SAC on a multi-agent env: `replay-{m}.bin` per agent).
 * Loading restores all of it, so a loaded agent acts identically and training
 * resumes where it stopped.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tf } from './backend.js';
import { fileSystemHandler, writeFileAtomic } from './io.js';
import type { Policy } from '../envs/core/policy.js';
import type { EnvRunner } from './env-runner.js';
import { Rng, type RngState } from '../envs/sim/rng.js';
import type { RunningMeanStd, RunningMeanStdState } from '../envs/core/wrappers/running-mean-std.js';
import type { BoxBounds } from './spaces.js';

export type AlgoName = 'ppo' | 'reinforce' | 'dqn' | 'mappo' | 'sac';

/** Losses and diagnostics of one update (absent when the algorithm has no such quantity). */
export interface UpdateStats {
  policyLoss?: number;
  valueLoss?: number;
  entropy?: number;
  approxKl?: number;
  clipFrac?: number;
  explainedVariance?: number;
  learningRate?: number;
  /** DQN: exploration rate used for the collected steps. */
  epsilon?: number;
  /** DQN: mean Q(s, a) of the minibatch. */
  qValue?: number;
  /** Global gradient norm before clipping. */
  gradNorm?: number;
  /** SAC: the twin critics' losses, the actor's loss and the entropy coefficient. */
  qf1Loss?: number;
  qf2Loss?: number;
  actorLoss?: number;
  alpha?: number;
}

/** Where the trainer is, for schedules (learning-rate annealing, epsilon). */
export interface IterationContext {
  /** 1-based index of this update. */
  readonly update: number;
  readonly numUpdates: number;
  /** Environment steps taken so far, summed over environments. */
  readonly globalStep: number;
  readonly totalSteps: number;
  /** Where the learning-rate anneal starts (a resumed run that changed its length continues from its rate). @default LR_ANCHOR_START */
  readonly lrAnchor?: LrAnchor;
}

/**
 * A point of a linear learning-rate anneal: at update `update` the rate is
 * `fraction` of `learningRate`, and it falls linearly from there to
 * `fraction / (numUpdates - update + 1)` at the last update.
 */
export interface LrAnchor {
  readonly update: number;
  readonly fraction: number;
}

/** The anneal of a run from its start: the full rate at update 1. */
export const LR_ANCHOR_START: LrAnchor = { update: 1, fraction: 1 };

/** The fraction of `learningRate` at `update` of `numUpdates` on the anneal through `anchor`. */
export function annealedFraction(anchor: LrAnchor, update: number, numUpdates: number): number {
  return anchor.fraction * (1 - (update - anchor.update) / (numUpdates - anchor.update + 1));
}

/** The trainer's runner as a checkpoint sees it: its state, or undefined when not checkpointable. */
export interface RunnerStateSource {
  getState(): object | undefined;
}

/** What every agent shares with the trainer's checkpointing. */
export interface CheckpointedAgent {
  readonly algo: AlgoName;
  /** Number of updates performed so far (restored by load). */
  readonly updates: number;
  /**
   * Set by `train()`: the runner whose state `save` writes to `runner.json`
   * (during training the live runner; after it, a snapshot of its last state).
   */
  runnerSource: RunnerStateSource | undefined;
  save(dir: string): Promise<void>;
  dispose(): void;
}

/** An agent the trainer can drive and checkpoint. */
export interface TrainableAgent<Act> extends Policy<Float32Array, Act>, CheckpointedAgent {
  /** Environment steps (summed over environments) one `iterate` takes. */
  stepsPerIteration(numEnvs: number): number;
  /** Collects experience from `runner`, performs one update, returns its statistics. */
  iterate(runner: EnvRunner<Act>, ctx: IterationContext): UpdateStats;
}

/** The action space as saved in `agent.json`. */
export type SavedActionSpace =
  | { kind: 'box'; low: number[]; high: number[] }
  | { kind: 'discrete'; n: number; start: number };

/** The content of `agent.json`. */
export interface AgentFile<C> {
  format: 'lbgym-agent';
  version: 1;
  algo: AlgoName;
  config: C;
  observationSize: number;
  actionSpace: SavedActionSpace;
  obsStats: RunningMeanStdState | null;
  rngSeed: string;
  rngStates: Record<string, RngState>;
  updates: number;
  /** Algorithm-specific extra numbers (e.g. PPO's `logStd`). */
  extra: Record<string, number[]>;
  optimizerSpecs: tf.io.WeightsManifestEntry[];
  /** MAPPO: the agent ids (one-hot order), the global-state size and its normaliser (SAC: the ids, and no global state). */
  multiAgent?: { agentIds: string[]; stateSize: number; stateStats: RunningMeanStdState | null };
  /** Further optimizers by name (SAC's): the weight specs of `optimizer-{name}.bin` and Adam's beta powers. */
  moreOptimizers?: Record<string, { specs: tf.io.WeightsManifestEntry[]; adamAccBeta: number[] }>;
}

export const AGENT_JSON = 'agent.json';
export const OPTIMIZER_BIN = 'optimizer.bin';
export const RUNNER_JSON = 'runner.json';

/**
 * Writes `source`'s state to `dir/runner.json`; removes a stale one when there
 * is no source or its environments are not checkpointable.
 */
export function writeRunnerState(dir: string, source: RunnerStateSource | undefined): void {
  const state = source?.getState();
  const path = join(dir, RUNNER_JSON);
  if (state === undefined) rmSync(path, { force: true });
  else writeFileAtomic(path, JSON.stringify(state));
}

/** The runner state saved in `dir`, or undefined if there is none. */
export function readRunnerState(dir: string): unknown {
  const path = join(dir, RUNNER_JSON);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as unknown) : undefined;
}

export function writeAgentFile<C>(dir: string, file: AgentFile<C>): void {
  writeFileAtomic(join(dir, AGENT_JSON), JSON.stringify(file, null, 2));
}

export function readAgentFile<C>(dir: string, algo: AlgoName): AgentFile<C> {
  const path = join(dir, AGENT_JSON);
  if (!existsSync(path)) throw new Error(`agent: no ${AGENT_JSON} in directory '${dir}'`);
  const file = JSON.parse(readFileSync(path, 'utf8')) as AgentFile<C>;
  if (file.format !== 'lbgym-agent' || file.version !== 1) {
    throw new Error(`agent: '${path}' has format ${String(file.format)} v${String(file.version)}, expected lbgym-agent v1`);
  }
  if (file.algo !== algo) throw new Error(`agent: '${path}' holds a '${file.algo}' agent, not '${algo}'`);
  return file;
}

/** The algorithm saved in a directory (to dispatch `load`). */
export function savedAlgo(dir: string): AlgoName {
  const path = join(dir, AGENT_JSON);
  if (!existsSync(path)) throw new Error(`agent: no ${AGENT_JSON} in directory '${dir}'`);
  return (JSON.parse(readFileSync(path, 'utf8')) as { algo: AlgoName }).algo;
}

/** What an agent puts in a checkpoint; {@link saveCheckpoint} adds what every agent saves the same way. */
export interface CheckpointContents<C extends { seed: number }> {
  algo: AlgoName;
  config: C;
  /** The networks by sub-directory name, saved in this order. */
  networks: Record<string, tf.LayersModel>;
  optimizer: tf.Optimizer;
  /** Further optimizers by name, saved as `optimizer-{name}.bin`. */
  moreOptimizers?: Record<string, tf.Optimizer>;
  observationSize: number;
  actionSpace: SavedActionSpace;
  obsStats: RunningMeanStd;
  rngStates: Record<string, RngState>;
  updates: number;
  /** Algorithm-specific numbers (Adam's beta powers are added as `adamAccBeta`). */
  extra?: Record<string, number[]>;
  multiAgent?: AgentFile<C>['multiAgent'];
  /** Further files (name to bytes), written before `agent.json` (DQN's replay buffer). */
  files?: Record<string, Uint8Array>;
  runnerSource: RunnerStateSource | undefined;
}

/** Writes a checkpoint directory: networks, optimizer, further files, `agent.json`, `runner.json`. */
export async function saveCheckpoint<C extends { seed: number }>(dir: string, c: CheckpointContents<C>): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const [name, model] of Object.entries(c.networks)) await model.save(fileSystemHandler(join(dir, name)));
  const optimizerSpecs = await saveOptimizer(c.optimizer, dir);
  const moreOptimizers: AgentFile<C>['moreOptimizers'] = {};
  for (const [name, optimizer] of Object.entries(c.moreOptimizers ?? {})) {
    moreOptimizers[name] = { specs: await saveOptimizer(optimizer, dir, moreOptimizerFile(name)), adamAccBeta: adamBiasState(optimizer) };
  }
  for (const [name, bytes] of Object.entries(c.files ?? {})) writeFileAtomic(join(dir, name), bytes);
  writeAgentFile<C>(dir, {
    format: 'lbgym-agent',
    version: 1,
    algo: c.algo,
    config: c.config,
    observationSize: c.observationSize,
    actionSpace: c.actionSpace,
    obsStats: c.obsStats.getState(),
    rngSeed: String(c.config.seed),
    rngStates: c.rngStates,
    updates: c.updates,
    extra: { ...c.extra, adamAccBeta: adamBiasState(c.optimizer) },
    optimizerSpecs,
    multiAgent: c.multiAgent,
    ...(c.moreOptimizers !== undefined ? { moreOptimizers } : {}),
  });
  writeRunnerState(dir, c.runnerSource);
}

/** The file of the further optimizer `name`. */
function moreOptimizerFile(name: string): string {
  return `optimizer-${name}.bin`;
}

/** Restores the further optimizers saved by {@link saveCheckpoint} (`moreOptimizers`) into `optimizers`, by name; throws naming one the file lacks. */
export async function restoreMoreOptimizers<C>(dir: string, file: AgentFile<C>, optimizers: Record<string, tf.Optimizer>): Promise<void> {
  for (const [name, optimizer] of Object.entries(optimizers)) {
    const saved = file.moreOptimizers?.[name];
    if (saved === undefined) throw new Error(`agent: '${join(dir, AGENT_JSON)}' has no optimizer '${name}'`);
    await loadOptimizer(optimizer, dir, saved.specs, moreOptimizerFile(name));
    restoreAdamBiasState(optimizer, saved.adamAccBeta);
  }
}

/** A network saved by {@link saveCheckpoint} in `dir`'s sub-directory `name`. */
export async function loadNetwork(dir: string, name: string): Promise<tf.LayersModel> {
  return tf.loadLayersModel(fileSystemHandler(join(dir, name)));
}

/**
 * Restores what every agent saves the same way: the observation normaliser
 * and the optimizer (in place), and returns the saved `policy` and `agent`
 * rng streams (undefined where the file has none).
 */
export async function restoreCheckpoint<C>(dir: string, file: AgentFile<C>, obsStats: RunningMeanStd, optimizer: tf.Optimizer): Promise<{ policyRng: Rng | undefined; agentRng: Rng | undefined }> {
  if (file.obsStats !== null) obsStats.setState(file.obsStats);
  await loadOptimizer(optimizer, dir, file.optimizerSpecs);
  restoreAdamBiasState(optimizer, file.extra.adamAccBeta);
  const { policy, agent } = file.rngStates;
  return {
    policyRng: policy === undefined ? undefined : new Rng(file.rngSeed, policy),
    agentRng: agent === undefined ? undefined : new Rng(file.rngSeed, agent),
  };
}

/** A Box action space as saved in `agent.json`. */
export function savedBox(bounds: BoxBounds): SavedActionSpace {
  return { kind: 'box', low: Array.from(bounds.low), high: Array.from(bounds.high) };
}

/** The Box bounds saved in `file` (`algo` names the agent in the error when they are not a Box). */
export function savedBoxBounds<C>(file: AgentFile<C>, algo: AlgoName): BoxBounds {
  if (file.actionSpace.kind !== 'box') throw new Error(`${algo}: saved action space is ${file.actionSpace.kind}, expected box`);
  const low = Float32Array.from(file.actionSpace.low);
  const high = Float32Array.from(file.actionSpace.high);
  return { size: low.length, low, high };
}

/** Writes the optimizer's weights to `optimizer.bin` (or `file`); returns their specs for `agent.json`. */
export async function saveOptimizer(optimizer: tf.Optimizer, dir: string, file = OPTIMIZER_BIN): Promise<tf.io.WeightsManifestEntry[]> {
  const named = await optimizer.getWeights();
  const { data, specs } = await tf.io.encodeWeights(named);
  writeFileAtomic(join(dir, file), new Uint8Array(data as ArrayBuffer));
  // getWeights hands out a fresh `iter` scalar that nobody else owns.
  const iter = named.find((w) => w.name === 'iter');
  iter?.tensor.dispose();
  return specs;
}

/** Restores the optimizer's weights saved by {@link saveOptimizer}. */
export async function loadOptimizer(optimizer: tf.Optimizer, dir: string, specs: tf.io.WeightsManifestEntry[], file = OPTIMIZER_BIN): Promise<void> {
  if (specs.length === 0) return;
  const bytes = readFileSync(join(dir, file));
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const map = tf.io.decodeWeights(buffer, specs);
  const named = specs.map((s) => ({ name: s.name, tensor: map[s.name]! }));
  await optimizer.setWeights(named);
  for (const n of named) n.tensor.dispose();
}

/** tfjs Adam's running powers beta1^t, beta2^t (private fields; there is no public getter). */
interface AdamBiasFields {
  accBeta1?: tf.Variable;
  accBeta2?: tf.Variable;
}

/** Adam's running beta powers `[beta1^t, beta2^t]` as float32 values (empty for other optimizers). */
export function adamBiasState(optimizer: tf.Optimizer): number[] {
  const o = optimizer as unknown as AdamBiasFields;
  if (o.accBeta1 === undefined || o.accBeta2 === undefined) return [];
  return [o.accBeta1.dataSync()[0]!, o.accBeta2.dataSync()[0]!];
}

/**
 * Puts back the beta powers saved by {@link adamBiasState} (call after
 * {@link loadOptimizer}, whose `setWeights` recomputes them by `pow()`).
 */
export function restoreAdamBiasState(optimizer: tf.Optimizer, state: readonly number[] | undefined): void {
  const o = optimizer as unknown as AdamBiasFields;
  if (state === undefined || state.length !== 2 || o.accBeta1 === undefined || o.accBeta2 === undefined) return;
  tf.tidy(() => {
    o.accBeta1!.assign(tf.scalar(state[0]!));
    o.accBeta2!.assign(tf.scalar(state[1]!));
  });
}

/**
 * Sets an optimizer's learning rate (for annealing). tfjs keeps it in a
 * protected field read at every `applyGradients`; there is no public setter.
 */
export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = lr;
}

/** The learning rate of update `ctx.update`: with `annealLr`, linear from `learningRate` (or from `ctx.lrAnchor`) down towards 0 over training. */
export function scheduledLearningRate(c: { readonly learningRate: number; readonly annealLr: boolean }, ctx: IterationContext): number {
  return c.annealLr ? annealedFraction(ctx.lrAnchor ?? LR_ANCHOR_START, ctx.update, ctx.numUpdates) * c.learningRate : c.learningRate;
}

/**
 * The network input for a raw observation: checked against `size` (the error
 * names `algo`), normalised by `stats` when `normObs`, else copied.
 */
export function normalizedObservation(algo: AlgoName, obs: Float32Array, size: number, stats: RunningMeanStd, normObs: boolean): Float32Array {
  if (obs.length !== size) throw new Error(`${algo}: observation length ${obs.length} != ${size}`);
  return normObs ? stats.normalize(obs) : new Float32Array(obs);
}

/** 1 - Var[y - yPred] / Var[y] (NaN when Var[y] = 0), as in CleanRL. */
export function explainedVariance(yPred: Float32Array, y: Float32Array): number {
  const n = y.length;
  let my = 0;
  let md = 0;
  for (let i = 0; i < n; i++) {
    my += y[i]! / n;
    md += (y[i]! - yPred[i]!) / n;
  }
  let vy = 0;
  let vd = 0;
  for (let i = 0; i < n; i++) {
    vy += (y[i]! - my) ** 2 / n;
    vd += (y[i]! - yPred[i]! - md) ** 2 / n;
  }
  return vy === 0 ? Number.NaN : 1 - vd / vy;
}

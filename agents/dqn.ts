/**
 * Deep Q-Network for Discrete actions, after CleanRL's `dqn.py`, with the
 * double-DQN target (van Hasselt et al. 2016) by default.
 *
 * Per update: take `trainFrequency` epsilon-greedy steps in each environment
 * (epsilon linear from `startEpsilon` to `endEpsilon` over
 * `explorationFraction * totalSteps`), store them in the replay buffer, then,
 * once `learningStarts` steps have been taken, one gradient step on a sampled
 * minibatch of `0.5 (Q(s, a) - y)^2` with
 *   y = r + gamma (1 - terminated) Q_target(s', argmax_a Q(s', a))   (double)
 *   y = r + gamma (1 - terminated) max_a Q_target(s', a)              (plain).
 * The target network follows the online one every `targetNetworkFrequency`
 * environment steps by Polyak averaging with rate `tau` (tau = 1: copy).
 * Continuous Box actions are used through `DiscretizeAction`.
 * `act(obs, {deterministic: false})` is epsilon-greedy with `endEpsilon`.
 * The replay buffer is saved with the agent (`replay.bin`, about
 * `bufferSize * (8 * obsSize + 9)` bytes), so a resumed run continues with it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tf } from './backend.js';
import { configDefaults, type ConfigField, configFields, type ConfigFieldSpec, type ConfigOf, resolveConfig } from './config.js';
import { buildMlp, clipByGlobalNorm, forward, type Activation } from './mlp.js';
import { ForwardSnapshot } from './mlp-forward.js';
import { ReplayBuffer } from './replay-buffer.js';
import { RunningMeanStd } from '../envs/core/wrappers/running-mean-std.js';
import { gatherRows } from './rollout-buffer.js';
import { discreteSize, observationSize } from './spaces.js';
import {
  GAMMA_FIELD,
  NORM_OBS_FIELD,
  NUM_ENVS_FIELD,
  TOTAL_STEPS_FIELD,
  activationField,
  hiddenSizesField,
  learningRateField,
  seedField,
} from './shared-config.js';
import {
  loadNetwork,
  normalizedObservation,
  readAgentFile,
  restoreCheckpoint,
  saveCheckpoint,
  type IterationContext,
  type RunnerStateSource,
  type TrainableAgent,
  type UpdateStats,
} from './agent.js';
import { type Rng, streamFor } from '../envs/sim/rng.js';
import type { Env } from '../envs/core/env.js';
import type { ActOptions } from '../envs/core/policy.js';
import type { EnvRunner } from './env-runner.js';

/** DQN's config fields in CLI order: the one declaration of each, its type given by its default. */
export const DQN_SPEC = {
  seed: seedField('network init, exploration, replay sampling, env resets'),
  totalSteps: TOTAL_STEPS_FIELD,
  numEnvs: NUM_ENVS_FIELD,
  learningRate: learningRateField(2.5e-4),
  bufferSize: { doc: 'Replay buffer capacity (transitions)', type: 'integer', default: 10_000, min: 1 },
  gamma: GAMMA_FIELD,
  tau: { doc: 'Target network update rate (1: hard copy)', type: 'number', default: 1, min: 0, max: 1 },
  targetNetworkFrequency: { doc: 'Environment steps between target network updates', type: 'integer', default: 500, min: 1 },
  batchSize: { doc: 'Minibatch size sampled from the replay buffer', type: 'integer', default: 128, min: 1 },
  startEpsilon: { doc: 'Initial exploration rate', type: 'number', default: 1, min: 0, max: 1 },
  endEpsilon: { doc: 'Final exploration rate', type: 'number', default: 0.05, min: 0, max: 1 },
  explorationFraction: { doc: 'Fraction of totalSteps over which epsilon decays linearly', type: 'number', default: 0.5, min: 0, max: 1 },
  learningStarts: { doc: 'Environment steps before learning starts', type: 'integer', default: 10_000, min: 0 },
  trainFrequency: { doc: 'Steps per environment between gradient steps', type: 'integer', default: 10, min: 1 },
  doubleDqn: { doc: 'Use the double-DQN target', type: 'boolean', default: true },
  maxGradNorm: { doc: 'Global gradient-norm clip (0: none)', type: 'number', default: 10, min: 0 },
  hiddenSizes: hiddenSizesField('the Q network'),
  activation: activationField('relu'),
  normObs: NORM_OBS_FIELD,
} satisfies Record<string, ConfigFieldSpec>;

/** DQN's config: the fields of {@link DQN_SPEC}. */
export type DQNConfig = ConfigOf<typeof DQN_SPEC>;

/** The replay buffer's file in a saved agent's directory. */
export const REPLAY_BIN = 'replay.bin';

export const DQN_DEFAULTS: DQNConfig = configDefaults(DQN_SPEC);
export const DQN_CONFIG_FIELDS: ConfigField[] = configFields(DQN_SPEC);

/** epsilon(t): linear from `start` to `end` over `duration` steps, then `end`. */
export function linearSchedule(start: number, end: number, duration: number, t: number): number {
  if (duration <= 0) return end;
  return start + Math.min(1, t / duration) * (end - start);
}

interface DQNParts {
  config: DQNConfig;
  observationSize: number;
  n: number;
  start: number;
  q: tf.LayersModel;
  qTarget: tf.LayersModel;
}

export class DQNAgent implements TrainableAgent<number> {
  readonly algo = 'dqn' as const;
  readonly name = 'dqn';
  readonly config: DQNConfig;
  readonly observationSize: number;
  /** Number of actions and the first action's value (`Discrete(n, start)`). */
  readonly n: number;
  readonly start: number;
  readonly q: tf.LayersModel;
  readonly qTarget: tf.LayersModel;
  readonly obsStats: RunningMeanStd;
  readonly optimizer: tf.Optimizer;
  replay: ReplayBuffer;
  runnerSource: RunnerStateSource | undefined = undefined;
  /** Exploration and replay sampling. */
  private agentRng: Rng;
  /** Exploration of stochastic `act` calls. */
  private policyRng: Rng;
  updates = 0;

  private constructor(parts: DQNParts) {
    this.config = parts.config;
    this.observationSize = parts.observationSize;
    this.n = parts.n;
    this.start = parts.start;
    this.q = parts.q;
    this.qTarget = parts.qTarget;
    this.qPass = new ForwardSnapshot(parts.q);
    this.obsStats = new RunningMeanStd(parts.observationSize);
    this.optimizer = tf.train.adam(parts.config.learningRate);
    this.replay = new ReplayBuffer(parts.config.bufferSize);
    this.agentRng = streamFor(parts.config.seed, 'agent');
    this.policyRng = streamFor(parts.config.seed, 'policy');
  }

  /** A fresh agent for `env`'s spaces (Box observations, Discrete actions). */
  static create(env: Env<Float32Array, number>, config: Partial<DQNConfig> = {}): DQNAgent {
    const c = resolveConfig('dqn', DQN_SPEC, config);
    const obsSize = observationSize(env.observationSpace);
    const { n, start } = discreteSize(env.actionSpace, 'dqn action space');
    const init = streamFor(c.seed, 'init');
    const opts = { inputSize: obsSize, hiddenSizes: c.hiddenSizes, outputSize: n, activation: c.activation as Activation, outputGain: 1, rng: init };
    const q = buildMlp({ ...opts, name: 'dqn_q' });
    const qTarget = buildMlp({ ...opts, name: 'dqn_q_target' });
    qTarget.setWeights(q.getWeights());
    return new DQNAgent({ config: c, observationSize: obsSize, n, start, q, qTarget });
  }

  static async load(dir: string): Promise<DQNAgent> {
    const file = readAgentFile<DQNConfig>(dir, 'dqn');
    if (file.actionSpace.kind !== 'discrete') throw new Error(`dqn: saved action space is ${file.actionSpace.kind}, expected discrete`);
    const q = await loadNetwork(dir, 'q');
    const qTarget = await loadNetwork(dir, 'q-target');
    const config = resolveConfig('dqn', DQN_SPEC, file.config);
    const agent = new DQNAgent({ config, observationSize: file.observationSize, n: file.actionSpace.n, start: file.actionSpace.start, q, qTarget });
    const { policyRng, agentRng } = await restoreCheckpoint(dir, file, agent.obsStats, agent.optimizer);
    agent.policyRng = policyRng ?? agent.policyRng;
    agent.agentRng = agentRng ?? agent.agentRng;
    agent.updates = file.updates;
    const replayPath = join(dir, REPLAY_BIN);
    if (existsSync(replayPath)) agent.replay = ReplayBuffer.fromBytes(readFileSync(replayPath), config.bufferSize);
    return agent;
  }

  stepsPerIteration(numEnvs: number): number {
    return this.config.trainFrequency * numEnvs;
  }

  private normalize(obs: Float32Array): Float32Array {
    return normalizedObservation('dqn', obs, this.observationSize, this.obsStats, this.config.normObs);
  }

  /** Gradient steps taken: the Q-network's weights change only there. */
  private learnSteps = 0;
  /** The Q-network's forward pass in plain JS, for the weights after `learnSteps` steps (see agents/mlp-forward.ts). */
  private readonly qPass: ForwardSnapshot;

  /** Greedy action indices (0-based) for raw observations, outside the graph (ties: the first). */
  private greedy(rows: readonly Float32Array[]): Int32Array {
    const q = this.qPass.at(this.learnSteps).applyRows(gatherRows(rows.map((r) => this.normalize(r)), rows.map((_, i) => i), this.observationSize), rows.length);
    const n = this.n;
    return Int32Array.from(rows, (_, r) => {
      let best = 0;
      for (let j = 1; j < n; j++) if (q[r * n + j]! > q[r * n + best]!) best = j;
      return best;
    });
  }

  act(observation: Float32Array, options: ActOptions = {}): number {
    if (options.deterministic !== true && this.policyRng.uniform() < this.config.endEpsilon) {
      return this.start + this.policyRng.int(this.n);
    }
    return this.start + this.greedy([observation])[0]!;
  }

  iterate(runner: EnvRunner<number>, ctx: IterationContext): UpdateStats {
    const c = this.config;
    let epsilon = c.startEpsilon;
    let step = ctx.globalStep;
    for (let t = 0; t < c.trainFrequency; t++) {
      epsilon = linearSchedule(c.startEpsilon, c.endEpsilon, c.explorationFraction * ctx.totalSteps, step);
      // A copy of the list: the step replaces the runner's entries with the next observations.
      const obs = [...runner.observations];
      if (c.normObs) this.obsStats.updateBatch(obs);
      const greedy = this.greedy(obs);
      const actions = obs.map((_, i) => (this.agentRng.uniform() < epsilon ? this.agentRng.int(this.n) : greedy[i]!));
      const result = runner.step(actions.map((a) => this.start + a));
      for (let i = 0; i < obs.length; i++) {
        const next = result.finalObservations[i] ?? runner.observations[i]!;
        this.replay.add(obs[i]!, actions[i]!, result.rewards[i]!, next, result.terminated[i]!);
      }
      const before = step;
      step += obs.length;
      if (Math.floor(step / c.targetNetworkFrequency) > Math.floor(before / c.targetNetworkFrequency)) this.updateTarget();
    }
    this.updates += 1;
    if (step < c.learningStarts) return { epsilon };
    return { ...this.learn(), epsilon };
  }

  /** One gradient step on a replay minibatch. */
  private learn(): UpdateStats {
    this.learnSteps += 1;
    const c = this.config;
    const d = this.observationSize;
    const B = c.batchSize;
    const batch = this.replay.sample(B, this.agentRng);
    const all = Array.from({ length: B }, (_, j) => j);
    const obsFlat = gatherRows(batch.observations.map((o) => this.normalize(o)), all, d);
    const nextFlat = gatherRows(batch.nextObservations.map((o) => this.normalize(o)), all, d);
    const stats = tf.tidy(() => {
      const obs = tf.tensor2d(obsFlat, [B, d]);
      const next = tf.tensor2d(nextFlat, [B, d]);
      const targetQ = forward(this.qTarget, next);
      const nextQ = c.doubleDqn
        ? targetQ.mul(tf.oneHot(forward(this.q, next).argMax(-1), this.n)).sum(-1)
        : targetQ.max(-1);
      const y = tf.tensor1d(batch.rewards).add(nextQ.mul(tf.scalar(1).sub(tf.tensor1d(batch.terminated))).mul(c.gamma));
      const actionMask = tf.oneHot(tf.tensor1d(batch.actions, 'int32'), this.n);
      let aux: tf.Tensor1D | undefined;
      const vars = this.q.trainableWeights.map((w) => w.read() as tf.Variable);
      const { grads } = tf.variableGrads(() => {
        const qa = forward(this.q, obs).mul(actionMask).sum(-1);
        const loss = qa.sub(y).square().mean().mul(0.5) as tf.Scalar;
        aux = tf.keep(tf.stack([loss, qa.mean()]) as tf.Tensor1D);
        return loss;
      }, vars);
      if (c.maxGradNorm > 0) {
        const { grads: clipped, norm } = clipByGlobalNorm(grads, c.maxGradNorm);
        this.optimizer.applyGradients(clipped);
        const out = tf.concat([aux!, norm.reshape([1])]);
        aux!.dispose(); // kept out of variableGrads' tidy above
        return out;
      }
      this.optimizer.applyGradients(grads);
      const out = tf.concat([aux!, tf.tensor1d([Number.NaN])]);
      aux!.dispose();
      return out;
    });
    const [loss, qValue, norm] = stats.dataSync();
    stats.dispose();
    return { valueLoss: loss!, qValue: qValue!, ...(Number.isNaN(norm) ? {} : { gradNorm: norm! }) };
  }

  /** theta_target <- tau theta + (1 - tau) theta_target. */
  private updateTarget(): void {
    const tau = this.config.tau;
    const online = this.q.trainableWeights.map((w) => w.read());
    const target = this.qTarget.trainableWeights.map((w) => w.read() as tf.Variable);
    tf.tidy(() => {
      target.forEach((v, i) => v.assign(tau === 1 ? online[i]!.clone() : online[i]!.mul(tau).add(v.mul(1 - tau))));
    });
  }

  async save(dir: string): Promise<void> {
    await saveCheckpoint(dir, {
      algo: 'dqn',
      config: this.config,
      networks: { q: this.q, 'q-target': this.qTarget },
      optimizer: this.optimizer,
      observationSize: this.observationSize,
      actionSpace: { kind: 'discrete', n: this.n, start: this.start },
      obsStats: this.obsStats,
      rngStates: { policy: this.policyRng.state(), agent: this.agentRng.state() },
      updates: this.updates,
      files: { [REPLAY_BIN]: this.replay.toBytes() },
      runnerSource: this.runnerSource,
    });
  }

  dispose(): void {
    this.q.dispose();
    this.qTarget.dispose();
    this.optimizer.dispose();
  }
}

/**
 * The continuous-action machinery PPO and REINFORCE share: a Gaussian policy
 * with a state-independent learned log-std, a value network, the observation
 * normaliser, rollout collection, and save/load.
 *
 * Bounded actions: the policy is a Gaussian over `u` in a normalised space
 * where [-1, 1] maps affinely onto each Box dimension's [low, high]; the action
 * sent to the environment is `low + (clip(u, -1, 1) + 1) / 2 * (high - low)`.
 * The log-probability is of the unclipped `u` (as CleanRL stores the unclipped
 * sample). Clipping rather than tanh-squashing keeps the bounds reachable,
 * which matters when the optimum sits on a bound (e.g. K = 0 or t_b = 0), and
 * normalising makes one log-std fit dimensions of very different scales
 * ([K, t_b] in [0, 1] x [0, tbMax]). A dimension with an infinite bound is
 * left unscaled and unclipped. The deterministic action is the clipped mean.
 */
import { tf } from './backend.js';
import { buildMlp, type Activation } from './mlp.js';
import { ForwardSnapshot } from './mlp-forward.js';
import { RunningMeanStd } from '../envs/core/wrappers/running-mean-std.js';
import { gatherRows, RolloutBuffer } from './rollout-buffer.js';
import { gaussianLogDensity, sampleGaussian, stdFromLogStd } from './distributions.js';
import { boxBounds, observationSize, type BoxBounds } from './spaces.js';
import {
  loadNetwork,
  normalizedObservation,
  readAgentFile,
  restoreCheckpoint,
  saveCheckpoint,
  savedBox,
  savedBoxBounds,
  type AgentFile,
  type AlgoName,
  type IterationContext,
  type RunnerStateSource,
  type TrainableAgent,
  type UpdateStats,
} from './agent.js';
import { type Rng, streamFor } from '../envs/sim/rng.js';
import type { Env } from '../envs/core/env.js';
import type { ActOptions } from '../envs/core/policy.js';
import type { EnvRunner } from './env-runner.js';

/** Counter giving each agent's log-std variable a unique engine name. */
let logStdCount = 0;

/** The config fields every Gaussian agent has. */
export interface GaussianAgentConfig {
  seed: number;
  learningRate: number;
  numSteps: number;
  gamma: number;
  hiddenSizes: number[];
  activation: string;
  initLogStd: number;
  normObs: boolean;
}

/** Affine map between the policy's normalised space and a Box. */
export class BoundedActionMap {
  private readonly finite: boolean[];

  constructor(readonly bounds: BoxBounds) {
    this.finite = Array.from(bounds.low, (lo, i) => Number.isFinite(lo) && Number.isFinite(bounds.high[i]!));
  }

  get size(): number {
    return this.bounds.size;
  }

  /** The environment action for the policy sample `u`. */
  toAction(u: Float32Array): Float32Array {
    const { low, high } = this.bounds;
    const a = new Float32Array(u.length);
    for (let i = 0; i < u.length; i++) {
      if (!this.finite[i]) {
        a[i] = u[i]!;
        continue;
      }
      const c = Math.min(1, Math.max(-1, u[i]!));
      a[i] = Math.min(high[i]!, Math.max(low[i]!, low[i]! + ((c + 1) / 2) * (high[i]! - low[i]!)));
    }
    return a;
  }
}

/** Everything a saved Gaussian agent needs besides its networks. */
interface GaussianParts<C extends GaussianAgentConfig> {
  config: C;
  observationSize: number;
  bounds: BoxBounds;
  actor: tf.LayersModel;
  critic: tf.LayersModel;
  logStd: Float32Array;
}

export abstract class GaussianAgent<C extends GaussianAgentConfig> implements TrainableAgent<Float32Array> {
  abstract readonly algo: AlgoName;
  readonly name: string;
  readonly config: C;
  readonly observationSize: number;
  readonly actionMap: BoundedActionMap;
  readonly actor: tf.LayersModel;
  readonly critic: tf.LayersModel;
  readonly logStd: tf.Variable;
  readonly obsStats: RunningMeanStd;
  readonly optimizer: tf.Optimizer;
  /** Samples actions (training and stochastic `act`). */
  protected policyRng: Rng;
  /** Shuffles minibatches. */
  protected agentRng: Rng;
  updates = 0;
  runnerSource: RunnerStateSource | undefined = undefined;
  protected buffer: RolloutBuffer;

  protected constructor(algo: AlgoName, parts: GaussianParts<C>) {
    this.name = algo;
    this.config = parts.config;
    this.observationSize = parts.observationSize;
    this.actionMap = new BoundedActionMap(parts.bounds);
    this.actor = parts.actor;
    this.critic = parts.critic;
    this.actorPass = new ForwardSnapshot(parts.actor);
    this.criticPass = new ForwardSnapshot(parts.critic);
    this.logStd = tf.variable(tf.tensor1d(parts.logStd), true, `${algo}_log_std_${logStdCount++}`);
    this.obsStats = new RunningMeanStd(parts.observationSize);
    this.optimizer = tf.train.adam(parts.config.learningRate, 0.9, 0.999, 1e-5);
    this.policyRng = streamFor(parts.config.seed, 'policy');
    this.agentRng = streamFor(parts.config.seed, 'agent');
    this.buffer = new RolloutBuffer(parts.config.numSteps, 1);
  }

  /** Fresh networks for `env`'s spaces, seeded from `config.seed`. */
  protected static freshParts<C extends GaussianAgentConfig>(algo: AlgoName, env: Env<Float32Array, Float32Array>, config: C): GaussianParts<C> {
    const obsSize = observationSize(env.observationSpace);
    const bounds = boxBounds(env.actionSpace, `${algo} action space`);
    const init = streamFor(config.seed, 'init');
    const activation = config.activation as Activation;
    const actor = buildMlp({ inputSize: obsSize, hiddenSizes: config.hiddenSizes, outputSize: bounds.size, activation, outputGain: 0.01, rng: init, name: `${algo}_actor` });
    const critic = buildMlp({ inputSize: obsSize, hiddenSizes: config.hiddenSizes, outputSize: 1, activation, outputGain: 1, rng: init, name: `${algo}_critic` });
    return { config, observationSize: obsSize, bounds, actor, critic, logStd: new Float32Array(bounds.size).fill(config.initLogStd) };
  }

  abstract stepsPerIteration(numEnvs: number): number;
  abstract iterate(runner: EnvRunner<Float32Array>, ctx: IterationContext): UpdateStats;

  /** Network variables in a fixed order (actor, critic, log-std): the optimizer's slots follow it. */
  protected trainableVariables(): tf.Variable[] {
    const layerVars = [...this.actor.trainableWeights, ...this.critic.trainableWeights].map((w) => w.read() as tf.Variable);
    return [...layerVars, this.logStd];
  }

  /** Observation as the networks see it. */
  protected normalize(obs: Float32Array): Float32Array {
    return normalizedObservation(this.algo, obs, this.observationSize, this.obsStats, this.config.normObs);
  }

  /** The actor's and the critic's forward passes in plain JS, for the weights after `updates` updates. */
  private readonly actorPass: ForwardSnapshot;
  private readonly criticPass: ForwardSnapshot;

  /** The actor's mean for one normalised observation, outside the graph (see agents/mlp-forward.ts). */
  protected actorMean(row: Float32Array): Float32Array {
    return this.actorPass.at(this.updates).apply(row);
  }

  /** Critic values of normalised observations, all at once, outside the graph. */
  protected criticValues(rows: readonly Float32Array[]): Float32Array {
    return this.criticPass.at(this.updates).applyRows(gatherRows(rows, rows.map((_, i) => i), this.observationSize), rows.length);
  }

  act(observation: Float32Array, options: ActOptions = {}): Float32Array {
    const mean = this.actorMean(this.normalize(observation));
    const u = options.deterministic === true ? mean : sampleGaussian(mean, stdFromLogStd(this.logStd), this.policyRng);
    return this.actionMap.toAction(u);
  }

  /**
   * Fills the rollout buffer with `numSteps` steps of every environment. The
   * actor acts step by step outside the graph; the critic's values, which
   * no action depends on, are computed after the rollout in one graph call,
   * with those of the final observations of truncated episodes.
   */
  protected collectRollout(runner: EnvRunner<Float32Array>): RolloutBuffer {
    const N = runner.numEnvs;
    if (this.buffer.numEnvs !== N) this.buffer = new RolloutBuffer(this.config.numSteps, N);
    const buffer = this.buffer;
    buffer.clear();
    const std = stdFromLogStd(this.logStd);
    /** Buffer index and normalised final observation of each truncated episode. */
    const truncatedAt: number[] = [];
    const finals: Float32Array[] = [];
    const [obs, means, samples, actions] = [0, 1, 2, 3].map(() => new Array<Float32Array>(N)) as [Float32Array[], Float32Array[], Float32Array[], Float32Array[]];
    for (let t = 0; t < this.config.numSteps; t++) {
      if (this.config.normObs) this.obsStats.updateBatch(runner.observations);
      for (let i = 0; i < N; i++) {
        obs[i] = this.normalize(runner.observations[i]!);
        means[i] = this.actorMean(obs[i]!);
        samples[i] = sampleGaussian(means[i]!, std, this.policyRng);
        actions[i] = this.actionMap.toAction(samples[i]!);
      }
      const step = runner.step(actions);
      for (let i = 0; i < N; i++) {
        const terminated = step.terminated[i]!;
        const truncated = step.truncated[i]!;
        // Truncated episodes are bootstrapped from the value of their final observation (added below).
        if (truncated && !terminated) {
          truncatedAt.push(t * N + i);
          finals.push(this.normalize(step.finalObservations[i]!));
        }
        buffer.add(obs[i]!, samples[i]!, gaussianLogDensity(samples[i]!, means[i]!, std), step.rewards[i]!, 0, terminated || truncated);
      }
    }
    const values = this.criticValues([...buffer.observations, ...finals]);
    buffer.values.set(values.subarray(0, buffer.size));
    truncatedAt.forEach((k, j) => (buffer.rewards[k] = buffer.rewards[k]! + this.config.gamma * values[buffer.size + j]!));
    return buffer;
  }

  /** Critic values of the runner's current observations (the rollout's bootstrap). */
  protected lastValues(runner: EnvRunner<Float32Array>): Float32Array {
    return this.criticValues(runner.observations.map((o) => this.normalize(o)));
  }

  async save(dir: string): Promise<void> {
    await saveCheckpoint(dir, {
      algo: this.algo,
      config: this.config,
      networks: { actor: this.actor, critic: this.critic },
      optimizer: this.optimizer,
      observationSize: this.observationSize,
      actionSpace: savedBox(this.actionMap.bounds),
      obsStats: this.obsStats,
      rngStates: { policy: this.policyRng.state(), agent: this.agentRng.state() },
      updates: this.updates,
      extra: { logStd: Array.from(this.logStd.dataSync()) },
      runnerSource: this.runnerSource,
    });
  }

  /** Reads a saved agent's parts; the subclass constructs itself and calls {@link restore}. */
  protected static async loadParts<C extends GaussianAgentConfig>(dir: string, algo: AlgoName): Promise<{ parts: GaussianParts<C>; file: AgentFile<C> }> {
    const file = readAgentFile<C>(dir, algo);
    const bounds = savedBoxBounds(file, algo);
    const actor = await loadNetwork(dir, 'actor');
    const critic = await loadNetwork(dir, 'critic');
    const logStd = Float32Array.from(file.extra.logStd ?? []);
    return { parts: { config: file.config, observationSize: file.observationSize, bounds, actor, critic, logStd }, file };
  }

  /** Restores normaliser, rng streams, counters and optimizer from a loaded file. */
  protected async restore(dir: string, file: AgentFile<C>): Promise<void> {
    const { policyRng, agentRng } = await restoreCheckpoint(dir, file, this.obsStats, this.optimizer);
    this.policyRng = policyRng ?? this.policyRng;
    this.agentRng = agentRng ?? this.agentRng;
    this.updates = file.updates;
  }

  dispose(): void {
    this.actor.dispose();
    this.critic.dispose();
    this.logStd.dispose();
    this.optimizer.dispose();
  }
}

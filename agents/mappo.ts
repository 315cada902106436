/**
 * Multi-agent PPO with parameter sharing (MAPPO, Yu et al. 2022,
 * "The Surprising Effectiveness of PPO in Cooperative Multi-Agent Games"),
 * written in the manner of CleanRL's `ppo_continuous_action.py`.
 *
 * - Decentralised actors: every agent acts with ONE shared Gaussian policy on
 *   its own local observation, optionally followed by a one-hot of its index
 *   (`agentIdObs`), so a shared network can still act differently per agent.
 *   Log-std is state-independent and learned; actions are clipped into the Box
 *   as in gaussian-agent.ts.
 * - Centralised critic (`centralCritic`, default): V sees the environment's
 *   global `state()` (or, if it has none, all agents' observations
 *   concatenated; see parallel-env-runner.ts), plus the agent one-hot when
 *   `agentIdObs` (so per-agent rewards get per-agent values). With
 *   `centralCritic: false` the critic sees the local observation (IPPO).
 * - Training: each (environment, agent) pair is one column of the rollout, so
 *   GAE(lambda) runs per agent; then PPO's update (ppo.ts `ppoUpdate`):
 *   `updateEpochs` passes over shuffled minibatches of (step, env, agent)
 *   samples minimising `E[max(-A r, -A clip(r, 1-eps, 1+eps))] - entCoef H + vfCoef L_V`,
 *   with per-minibatch advantage normalisation, optional value clipping,
 *   global-norm gradient clipping, optional KL early stop; linear
 *   learning-rate annealing.
 * - Observations and states are normalised by running statistics inside the
 *   agent (`normObs`). Every random draw comes from the seeded streams
 *   `init`, `policy` (action sampling) and `agent` (minibatch shuffles).
 *
 * `totalSteps` and `numSteps` count environment steps (one step moves every
 * agent of one environment). As a {@link Policy}, `act(obs)` takes ONE agent's
 * observation with its one-hot appended (if `agentIdObs`); {@link MAPPOAgent.actAs}
 * and {@link MAPPOAgent.forAgent} take the bare local observation and the
 * agent's id; {@link MAPPOAgent.actAll} acts for every agent of a parallel env.
 * Saved as the other agents (agent.ts), with the global-state normaliser and
 * the agent ids in `agent.json`'s `multiAgent`.
 */
import { tf } from './backend.js';
import { configDefaults, type ConfigField, configFields, type ConfigFieldSpec, type ConfigOf, resolveConfig } from './config.js';
import { buildMlp, type Activation } from './mlp.js';
import { ForwardSnapshot } from './mlp-forward.js';
import { gaussianLogDensity, sampleGaussian, stdFromLogStd } from './distributions.js';
import { RolloutBuffer, gatherRows } from './rollout-buffer.js';
import { RunningMeanStd } from '../envs/core/wrappers/running-mean-std.js';
import { boxBounds, observationSize, type BoxBounds } from './spaces.js';
import { BoundedActionMap } from './gaussian-agent.js';
import { ppoUpdate } from './ppo.js';
import {
  GAE_LAMBDA_FIELD,
  GAMMA_FIELD,
  INIT_LOG_STD_FIELD,
  NUM_ENVS_FIELD,
  PPO_UPDATE_SPEC,
  activationField,
  annealLrField,
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
  savedBox,
  savedBoxBounds,
  scheduledLearningRate,
  setLearningRate,
  type CheckpointedAgent,
  type IterationContext,
  type RunnerStateSource,
  type UpdateStats,
} from './agent.js';
import { type Rng, streamFor } from '../envs/sim/rng.js';
import type { AgentId, ParallelEnv, PerAgent } from '../envs/core/parallel-env.js';
import type { ActOptions, Policy } from '../envs/core/policy.js';
import type { ParallelEnvRunner } from './parallel-env-runner.js';

/** MAPPO's config fields in CLI order: the one declaration of each, its type given by its default. */
export const MAPPO_SPEC = {
  seed: seedField('network init, action sampling, minibatch shuffles, env resets'),
  totalSteps: { doc: 'Environment steps to train for, summed over environments (one step moves every agent)', type: 'integer', default: 100_000, min: 1 },
  numEnvs: NUM_ENVS_FIELD,
  numSteps: { doc: 'Steps per environment per rollout (batch = numSteps * numEnvs * agents)', type: 'integer', default: 512, min: 1 },
  learningRate: learningRateField(1e-3),
  annealLr: annealLrField(true),
  gamma: GAMMA_FIELD,
  gaeLambda: GAE_LAMBDA_FIELD,
  numMinibatches: { doc: 'Minibatches per epoch', type: 'integer', default: 8, min: 1 },
  ...PPO_UPDATE_SPEC,
  hiddenSizes: hiddenSizesField('the shared actor and of the critic'),
  activation: activationField('tanh'),
  initLogStd: INIT_LOG_STD_FIELD,
  normObs: { doc: 'Normalise observations and global states with running mean/variance inside the agent', type: 'boolean', default: true },
  agentIdObs: { doc: "Append a one-hot of the agent's index to the actor's (and critic's) input", type: 'boolean', default: true },
  centralCritic: { doc: 'Critic on the global state (MAPPO); false: on the local observation (IPPO)', type: 'boolean', default: true },
} satisfies Record<string, ConfigFieldSpec>;

/** MAPPO's config: the fields of {@link MAPPO_SPEC}. */
export type MAPPOConfig = ConfigOf<typeof MAPPO_SPEC>;

export const MAPPO_DEFAULTS: MAPPOConfig = configDefaults(MAPPO_SPEC);
export const MAPPO_CONFIG_FIELDS: ConfigField[] = configFields(MAPPO_SPEC);

/** Counter giving each agent's log-std variable a unique engine name. */
let logStdCount = 0;

/** Everything a MAPPO agent is built from (fresh or loaded). */
interface MAPPOParts {
  config: MAPPOConfig;
  agentIds: string[];
  localObsSize: number;
  stateSize: number;
  bounds: BoxBounds;
  actor: tf.LayersModel;
  critic: tf.LayersModel;
  logStd: Float32Array;
}

export class MAPPOAgent implements Policy<Float32Array, Float32Array>, CheckpointedAgent {
  readonly algo = 'mappo' as const;
  readonly name = 'mappo';
  readonly config: MAPPOConfig;
  /** The agents, in the order of their one-hot index. */
  readonly agentIds: readonly AgentId[];
  /** Length of one agent's local observation. */
  readonly localObsSize: number;
  /** Length of the environment's global state. */
  readonly stateSize: number;
  readonly actionMap: BoundedActionMap;
  readonly actor: tf.LayersModel;
  readonly critic: tf.LayersModel;
  readonly logStd: tf.Variable;
  /** Running statistics of local observations (shared by all agents). */
  readonly obsStats: RunningMeanStd;
  /** Running statistics of global states. */
  readonly stateStats: RunningMeanStd;
  readonly optimizer: tf.Optimizer;
  updates = 0;
  runnerSource: RunnerStateSource | undefined = undefined;
  private policyRng: Rng;
  private agentRng: Rng;

  private constructor(parts: MAPPOParts) {
    this.config = parts.config;
    this.agentIds = parts.agentIds;
    this.localObsSize = parts.localObsSize;
    this.stateSize = parts.stateSize;
    this.actionMap = new BoundedActionMap(parts.bounds);
    this.actor = parts.actor;
    this.critic = parts.critic;
    this.actorPass = new ForwardSnapshot(parts.actor);
    this.criticPass = new ForwardSnapshot(parts.critic);
    this.logStd = tf.variable(tf.tensor1d(parts.logStd), true, `mappo_log_std_${logStdCount++}`);
    this.obsStats = new RunningMeanStd(parts.localObsSize);
    this.stateStats = new RunningMeanStd(parts.stateSize);
    this.optimizer = tf.train.adam(parts.config.learningRate, 0.9, 0.999, 1e-5);
    this.policyRng = streamFor(parts.config.seed, 'policy');
    this.agentRng = streamFor(parts.config.seed, 'agent');
  }

  /**
   * A fresh agent for `env`'s spaces: every agent's observation a Box of one
   * size, every action space the same Box. The global state's length is read
   * from one `env.state()` call (it must answer before reset).
   */
  static create(env: ParallelEnv<Float32Array, Float32Array>, config: Partial<MAPPOConfig> = {}): MAPPOAgent {
    const c = resolveConfig('mappo', MAPPO_SPEC, config);
    const agentIds = [...env.possibleAgents];
    if (agentIds.length === 0) throw new Error('mappo: the environment has no possibleAgents');
    const first = agentIds[0]!;
    const localObsSize = observationSize(env.observationSpace(first));
    const bounds = boxBounds(env.actionSpace(first), `mappo action space of ${first}`);
    for (const id of agentIds) {
      const d = observationSize(env.observationSpace(id));
      if (d !== localObsSize) throw new Error(`mappo: observation of agent ${id} has size ${d}, agent ${first}'s has ${localObsSize} (parameter sharing needs one size)`);
      const b = boxBounds(env.actionSpace(id), `mappo action space of ${id}`);
      if (b.size !== bounds.size || b.low.some((x, i) => x !== bounds.low[i]) || b.high.some((x, i) => x !== bounds.high[i])) {
        throw new Error(`mappo: action space of agent ${id} differs from agent ${first}'s (parameter sharing needs one Box)`);
      }
    }
    const stateSize = env.state !== undefined ? env.state().length : agentIds.length * localObsSize;
    const M = agentIds.length;
    const idSize = c.agentIdObs ? M : 0;
    const criticIn = (c.centralCritic ? stateSize : localObsSize) + idSize;
    const init = streamFor(c.seed, 'init');
    const activation = c.activation as Activation;
    const actor = buildMlp({ inputSize: localObsSize + idSize, hiddenSizes: c.hiddenSizes, outputSize: bounds.size, activation, outputGain: 0.01, rng: init, name: 'mappo_actor' });
    const critic = buildMlp({ inputSize: criticIn, hiddenSizes: c.hiddenSizes, outputSize: 1, activation, outputGain: 1, rng: init, name: 'mappo_critic' });
    const logStd = new Float32Array(bounds.size).fill(c.initLogStd);
    return new MAPPOAgent({ config: c, agentIds, localObsSize, stateSize, bounds, actor, critic, logStd });
  }

  /** An agent saved with `save(dir)`, with its normalisers, rng states, counters and optimizer. */
  static async load(dir: string): Promise<MAPPOAgent> {
    const file = readAgentFile<MAPPOConfig>(dir, 'mappo');
    const bounds = savedBoxBounds(file, 'mappo');
    if (file.multiAgent === undefined) throw new Error(`mappo: '${dir}' has no multiAgent section in its agent.json`);
    const agent = new MAPPOAgent({
      config: resolveConfig('mappo', MAPPO_SPEC, file.config),
      agentIds: file.multiAgent.agentIds,
      localObsSize: file.observationSize,
      stateSize: file.multiAgent.stateSize,
      bounds,
      actor: await loadNetwork(dir, 'actor'),
      critic: await loadNetwork(dir, 'critic'),
      logStd: Float32Array.from(file.extra.logStd ?? []),
    });
    if (file.multiAgent.stateStats !== null) agent.stateStats.setState(file.multiAgent.stateStats);
    const { policyRng, agentRng } = await restoreCheckpoint(dir, file, agent.obsStats, agent.optimizer);
    agent.policyRng = policyRng ?? agent.policyRng;
    agent.agentRng = agentRng ?? agent.agentRng;
    agent.updates = file.updates;
    return agent;
  }

  get numAgents(): number {
    return this.agentIds.length;
  }

  stepsPerIteration(numEnvs: number): number {
    return this.config.numSteps * numEnvs;
  }

  // ---- inputs -------------------------------------------------------------

  private idSize(): number {
    return this.config.agentIdObs ? this.agentIds.length : 0;
  }

  private agentIndex(agent: AgentId | number): number {
    const m = typeof agent === 'number' ? agent : this.agentIds.indexOf(agent);
    if (!Number.isInteger(m) || m < 0 || m >= this.agentIds.length) {
      throw new Error(`mappo: unknown agent ${JSON.stringify(agent)} (agents: ${this.agentIds.join(', ')})`);
    }
    return m;
  }

  private normalizeObs(obs: Float32Array): Float32Array {
    return normalizedObservation('mappo', obs, this.localObsSize, this.obsStats, this.config.normObs);
  }

  private normalizeState(state: Float32Array): Float32Array {
    if (state.length !== this.stateSize) throw new Error(`mappo: global state length ${state.length} != ${this.stateSize}`);
    return this.config.normObs ? this.stateStats.normalize(state) : Float32Array.from(state);
  }

  /** `x` followed by agent m's one-hot (when `agentIdObs`). */
  private withId(x: Float32Array, m: number): Float32Array {
    const k = this.idSize();
    if (k === 0) return x;
    const out = new Float32Array(x.length + k);
    out.set(x);
    out[x.length + m] = 1;
    return out;
  }

  /** The actor's input for agent m's raw local observation. */
  private actorInput(obs: Float32Array, m: number): Float32Array {
    return this.withId(this.normalizeObs(obs), m);
  }

  /** The critic's input for agent m, given its raw local observation and the raw global state. */
  private criticInput(obs: Float32Array, state: Float32Array, m: number): Float32Array {
    return this.withId(this.config.centralCritic ? this.normalizeState(state) : this.normalizeObs(obs), m);
  }

  /** The actor's and the critic's forward passes in plain JS, for the weights after `updates` updates (see agents/mlp-forward.ts). */
  private readonly actorPass: ForwardSnapshot;
  private readonly criticPass: ForwardSnapshot;

  /** The actor's means, outside the graph: acting never pays a graph call. */
  private means(actorInputs: readonly Float32Array[]): Float32Array[] {
    const net = this.actorPass.at(this.updates);
    return actorInputs.map((x) => net.apply(x));
  }

  /** Critic values, all at once, outside the graph. */
  private values(criticInputs: readonly Float32Array[]): Float32Array {
    const width = (this.config.centralCritic ? this.stateSize : this.localObsSize) + this.idSize();
    return this.criticPass.at(this.updates).applyRows(gatherRows(criticInputs, criticInputs.map((_, i) => i), width), criticInputs.length);
  }

  // ---- acting -------------------------------------------------------------

  private actFromInput(input: Float32Array, options: ActOptions): Float32Array {
    const mean = this.means([input])[0]!;
    const u = options.deterministic === true ? mean : sampleGaussian(mean, stdFromLogStd(this.logStd), this.policyRng);
    return this.actionMap.toAction(u);
  }

  /**
   * The action for ONE agent's observation: the local observation followed by
   * the agent's one-hot when `agentIdObs` (length `localObsSize + agents`),
   * else the bare local observation.
   */
  act(observation: Float32Array, options: ActOptions = {}): Float32Array {
    const k = this.idSize();
    if (observation.length !== this.localObsSize + k) {
      throw new Error(`mappo: act observation length ${observation.length} != ${this.localObsSize + k} (local ${this.localObsSize} + one-hot ${k}); use actAs(agent, obs) for a bare local observation`);
    }
    if (k === 0) return this.actFromInput(this.normalizeObs(observation), options);
    const id = observation.subarray(this.localObsSize);
    const m = id.indexOf(1);
    if (m < 0 || id.some((x, i) => x !== (i === m ? 1 : 0))) throw new Error(`mappo: act observation's last ${k} values [${Array.from(id).join(', ')}] are not a one-hot agent id`);
    return this.actAs(m, observation.subarray(0, this.localObsSize), options);
  }

  /** The action of `agent` (id or index) for its bare local observation. */
  actAs(agent: AgentId | number, observation: Float32Array, options: ActOptions = {}): Float32Array {
    return this.actFromInput(this.actorInput(observation, this.agentIndex(agent)), options);
  }

  /** A single-agent {@link Policy} acting as `agent` on its bare local observation. */
  forAgent(agent: AgentId | number): Policy<Float32Array, Float32Array> {
    const m = this.agentIndex(agent);
    return { name: `mappo:${this.agentIds[m]!}`, act: (obs, options) => this.actAs(m, obs, options) };
  }

  /** Actions of every agent present in `observations` (keyed by agent id). */
  actAll(observations: PerAgent<Float32Array>, options: ActOptions = {}): PerAgent<Float32Array> {
    const out: PerAgent<Float32Array> = {};
    for (const [id, obs] of Object.entries(observations)) out[id] = this.actAs(id, obs, options);
    return out;
  }

  // ---- training -----------------------------------------------------------

  /** Collects `numSteps` steps of every environment, then performs one MAPPO update. */
  iterate(runner: ParallelEnvRunner, ctx: IterationContext): UpdateStats {
    const c = this.config;
    if (runner.agentIds.join('\u0000') !== this.agentIds.join('\u0000')) {
      throw new Error(`mappo: runner agents [${runner.agentIds.join(', ')}] differ from the agent's [${this.agentIds.join(', ')}]`);
    }
    const lr = scheduledLearningRate(c, ctx);
    setLearningRate(this.optimizer, lr);

    // Rollout: column e * M + m of the buffer is agent m of env e.
    const N = runner.numEnvs;
    const M = this.agentIds.length;
    const buffer = new RolloutBuffer(c.numSteps, N * M);
    const criticInputs: Float32Array[] = [];
    const std = stdFromLogStd(this.logStd);
    /** The buffer index of agent 0 of each truncated episode, and the critic rows of its final state (M per episode). */
    const truncatedAt: number[] = [];
    const finalRows: Float32Array[] = [];
    const criticRows = (obs: readonly Float32Array[][], states: readonly Float32Array[]): Float32Array[] =>
      obs.flatMap((perAgent, e) => perAgent.map((o, m) => this.criticInput(o, states[e]!, m)));
    for (let t = 0; t < c.numSteps; t++) {
      if (c.normObs) {
        this.obsStats.updateBatch(runner.observations.flat());
        this.stateStats.updateBatch(runner.states);
      }
      const actorIn = runner.observations.flatMap((perAgent) => perAgent.map((o, m) => this.actorInput(o, m)));
      const criticIn = criticRows(runner.observations, runner.states);
      const means = this.means(actorIn);
      const samples = means.map((mu) => sampleGaussian(mu, std, this.policyRng));
      const actions = Array.from({ length: N }, (_, e) => samples.slice(e * M, (e + 1) * M).map((u) => this.actionMap.toAction(u)));
      const step = runner.step(actions);
      // Truncated episodes are bootstrapped from the value of their final state (added below).
      for (let e = 0; e < N; e++) {
        if (!step.truncated[e]) continue;
        truncatedAt.push(t * N * M + e * M);
        finalRows.push(...criticRows([step.finalObservations[e]!], [step.finalStates[e]!]));
      }
      for (let k = 0; k < N * M; k++) {
        const e = Math.floor(k / M);
        buffer.add(actorIn[k]!, samples[k]!, gaussianLogDensity(samples[k]!, means[k]!, std), step.rewards[k]!, 0, step.terminated[e]! || step.truncated[e]!);
        criticInputs.push(criticIn[k]!);
      }
    }
    // The critic's values, which no action depends on, in one graph call after the rollout.
    const values = this.values([...criticInputs, ...finalRows]);
    buffer.values.set(values.subarray(0, buffer.size));
    truncatedAt.forEach((k0, j) => {
      for (let m = 0; m < M; m++) buffer.rewards[k0 + m] = buffer.rewards[k0 + m]! + c.gamma * values[buffer.size + j * M + m]!;
    });
    const lastValues = this.values(criticRows(runner.observations, runner.states));
    const { advantages, returns } = buffer.computeGae(lastValues, c.gamma, c.gaeLambda);

    const vars = [...this.actor.trainableWeights, ...this.critic.trainableWeights].map((w) => w.read() as tf.Variable);
    vars.push(this.logStd);
    const nets = { actor: this.actor, critic: this.critic, logStd: this.logStd, variables: vars, optimizer: this.optimizer };
    const stats = ppoUpdate(c, nets, { rollout: buffer, criticInputs, advantages, returns }, this.agentRng);
    this.updates += 1;
    return { ...stats, learningRate: lr };
  }

  // ---- checkpoints --------------------------------------------------------

  async save(dir: string): Promise<void> {
    await saveCheckpoint(dir, {
      algo: 'mappo',
      config: this.config,
      networks: { actor: this.actor, critic: this.critic },
      optimizer: this.optimizer,
      observationSize: this.localObsSize,
      actionSpace: savedBox(this.actionMap.bounds),
      obsStats: this.obsStats,
      rngStates: { policy: this.policyRng.state(), agent: this.agentRng.state() },
      updates: this.updates,
      extra: { logStd: Array.from(this.logStd.dataSync()) },
      multiAgent: { agentIds: [...this.agentIds], stateSize: this.stateSize, stateStats: this.stateStats.getState() },
      runnerSource: this.runnerSource,
    });
  }

  dispose(): void {
    this.actor.dispose();
    this.critic.dispose();
    this.logStd.dispose();
    this.optimizer.dispose();
  }
}

/**
 * Soft Actor-Critic for Box actions (Haarnoja et al. 2018, with the automatic
 * entropy tuning of "Soft Actor-Critic Algorithms and Applications"), after
 * CleanRL's `sac_continuous_action.py`.
 *
 * - Actor: an MLP giving, per action dimension, the mean and log-std of a
 *   Gaussian over `x`; the log-std is squashed into [-5, 2] by tanh as in
 *   CleanRL. The policy's action is `y = tanh(x)` in the normalised space
 *   [-1, 1]^|A|, mapped affinely onto the env's Box bounds
 *   (`low + (y + 1) / 2 (high - low)`); its log-density carries the tanh
 *   correction, `log pi(y) = log N(x) - sum_j log(1 - y_j^2 + 1e-6)`. The Q
 *   networks see `y` and the entropy is of `y`, so one target entropy fits
 *   dimensions of very different scales (OneShot's `[K, t_b]` in
 *   `[0, 1] x [0, 10]`). The deterministic action is `tanh(mean)`.
 * - Twin Q networks `Q_1, Q_2` on `[obs, y]` with Polyak-averaged targets
 *   (rate `tau`, every `targetNetworkFrequency` gradient steps).
 * - Per gradient step, on a replay minibatch (CleanRL's order):
 *   the critics minimise `(Q_i(s, y) - t)^2` with
 *   `t = r + gamma (1 - terminated) (min_i Q_i'(s', y') - alpha log pi(y'|s'))`,
 *   `y' ~ pi(.|s')`; every `policyFrequency` gradient steps the actor takes
 *   `policyFrequency` steps on `alpha log pi(y|s) - min_i Q_i(s, y)` (the
 *   reparameterised sample), each followed, with `autotune`, by one step of
 *   `log alpha` on `-alpha (log pi(y|s) + target)` with the target entropy
 *   `-|A|` (a fresh sample, as CleanRL). Adam for each (`qLr`, `policyLr`,
 *   `qLr` for alpha).
 * - Collection: `trainFrequency` steps in each environment per iteration,
 *   uniform random actions for the first `learningStarts` environment steps,
 *   then samples of the policy; then `gradientSteps` gradient steps once
 *   `learningStarts` steps have been taken. Acting runs outside the tfjs graph
 *   (agents/mlp-forward.ts). The gradient steps run in the graph, or in plain
 *   JS (agents/sac-update-js.ts: the variables and optimizers are read before
 *   a round of them and written back after it) on the wasm and cpu backends
 *   when the minibatch is small enough for JS to be the faster
 *   ({@link SAC_JS_STEP_MAX_WORK}); {@link SACAgent.updatePath} chooses. Every random draw,
 *   the reparameterisation noise of the update included, comes from the seeded
 *   streams `init`, `policy` (stochastic `act`) and `agent` (collection,
 *   replay sampling, the update's noise).
 * - Multi-agent parallel envs (`LB-DispatchMulti-v0`): independent SAC, one
 *   learner (actor, critics, targets, optimizers, alpha, replay buffer) per
 *   agent, each trained on its own observations, actions and reward (the
 *   shared reward, where the env shares it); the observation normaliser is
 *   shared. {@link SACAgent.actAs} acts as one agent.
 *
 * Saved as the other agents (agent.ts): networks `actor`, `qf1`, `qf2`,
 * `qf1-target`, `qf2-target` (multi-agent: with `-{m}` per agent), the
 * critics' optimizer as `optimizer.bin`, the actor's and alpha's as
 * `optimizer-actor.bin`, `optimizer-alpha.bin` (multi-agent: also
 * `optimizer-q-{m}.bin` ... for agents m >= 1), `log alpha` in `extra`,
 * the replay buffer(s) as `replay.bin` (`replay-{m}.bin`), so a resumed run
 * continues exactly.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tf } from './backend.js';
import { configDefaults, type ConfigField, configFields, type ConfigFieldSpec, type ConfigOf, resolveConfig } from './config.js';
import { buildMlp, forwardOps, type Activation } from './mlp.js';
import { denseShapes } from './dense-net.js';
import { LOG_SQRT_2PI } from './actor-critic-js.js';
import { SACKernel, type SACMinibatch, type StepSums, variablesOf } from './sac-update-js.js';
import { LOG_STD_MAX, LOG_STD_MIN, TANH_EPS, squashedLogStd } from './squashed-gaussian.js';
import { MlpForward } from './mlp-forward.js';
import { ReplayBuffer } from './replay-buffer.js';
import { RunningMeanStd } from '../envs/core/wrappers/running-mean-std.js';
import { gatherRows } from './rollout-buffer.js';
import { BoundedActionMap } from './gaussian-agent.js';
import { boxBounds, observationSize, type BoxBounds } from './spaces.js';
import { GAMMA_FIELD, NORM_OBS_FIELD, NUM_ENVS_FIELD, TOTAL_STEPS_FIELD, activationField, hiddenSizesField, seedField } from './shared-config.js';
import {
  loadNetwork,
  normalizedObservation,
  readAgentFile,
  restoreCheckpoint,
  restoreMoreOptimizers,
  saveCheckpoint,
  savedBox,
  savedBoxBounds,
  type IterationContext,
  type RunnerStateSource,
  type TrainableAgent,
  type UpdateStats,
} from './agent.js';
import { type Rng, streamFor } from '../envs/sim/rng.js';
import type { Env } from '../envs/core/env.js';
import type { AgentId, ParallelEnv } from '../envs/core/parallel-env.js';
import type { ActOptions, Policy } from '../envs/core/policy.js';
import type { EnvRunner } from './env-runner.js';
import { ParallelEnvRunner } from './parallel-env-runner.js';

/** SAC's config fields in CLI order: the one declaration of each, its type given by its default. */
export const SAC_SPEC = {
  seed: seedField('network init, exploration, action sampling, replay sampling, env resets'),
  totalSteps: { ...TOTAL_STEPS_FIELD, default: 20_000 },
  numEnvs: NUM_ENVS_FIELD,
  bufferSize: { doc: 'Replay buffer capacity (transitions, per agent)', type: 'integer', default: 100_000, min: 1 },
  gamma: GAMMA_FIELD,
  tau: { doc: 'Target network smoothing coefficient (1: hard copy)', type: 'number', default: 0.005, min: 0, max: 1 },
  batchSize: { doc: 'Minibatch size sampled from the replay buffer', type: 'integer', default: 256, min: 1 },
  learningStarts: { doc: 'Environment steps of uniform random actions before learning starts', type: 'integer', default: 1000, min: 0 },
  policyLr: { doc: 'Adam learning rate of the actor', type: 'number', default: 3e-4, min: 0 },
  qLr: { doc: 'Adam learning rate of the Q networks (and of alpha)', type: 'number', default: 1e-3, min: 0 },
  trainFrequency: { doc: 'Steps per environment between rounds of gradient steps', type: 'integer', default: 4, min: 1 },
  gradientSteps: { doc: 'Gradient steps per round (per agent)', type: 'integer', default: 4, min: 1 },
  policyFrequency: { doc: 'Gradient steps between actor updates (each round of them takes this many actor steps)', type: 'integer', default: 2, min: 1 },
  targetNetworkFrequency: { doc: 'Gradient steps between target network updates', type: 'integer', default: 1, min: 1 },
  alpha: { doc: 'Entropy coefficient (with autotune: its initial value)', type: 'number', default: 0.2, min: 0 },
  autotune: { doc: 'Tune alpha automatically towards the target entropy -|A|', type: 'boolean', default: true },
  hiddenSizes: hiddenSizesField('the actor and of each Q network'),
  activation: activationField('relu'),
  normObs: NORM_OBS_FIELD,
} satisfies Record<string, ConfigFieldSpec>;

/** SAC's config: the fields of {@link SAC_SPEC}. */
export type SACConfig = ConfigOf<typeof SAC_SPEC>;

export const SAC_DEFAULTS: SACConfig = configDefaults(SAC_SPEC);
export const SAC_CONFIG_FIELDS: ConfigField[] = configFields(SAC_SPEC);

/**
 * Where SAC's gradient steps run: `js` (agents/sac-update-js.ts), `graph`
 * (tfjs ops and autodiff), or `auto`: JS on the wasm and cpu backends when a
 * minibatch's work is at most {@link SAC_JS_STEP_MAX_WORK}, else the graph.
 * Both compute the same step (to float32 rounding).
 */
export type SACUpdatePath = 'auto' | 'js' | 'graph';

/**
 * The largest minibatch work, rows times a Q network's multiply-adds per row,
 * that `auto` gives the JS step. A graph step on wasm costs a near-constant
 * dispatch overhead plus little compute, a JS step compute alone: measured on
 * `LB-OneShot-v0` with 64x64 networks (CPU time per step, 2026-12-02, loaded
 * machine, several runs), JS took 0.60-0.76x the graph's time at 96 rows,
 * 0.63-1.09x at 128, 0.89-1.05x at 160 to 192 and 0.79-1.40x at 256 (the
 * default batch; 0.85x in `npm run bench -- training` on an idle machine). 128 rows of a 64x64 critic on 2 observations and 2 actions
 * are 565,248.
 */
export const SAC_JS_STEP_MAX_WORK = 600_000;

/** Counter giving each learner's log-alpha variable a unique engine name. */
let logAlphaCount = 0;

/** The networks of one learner, by their saved names. */
interface LearnerNets {
  actor: tf.LayersModel;
  qf1: tf.LayersModel;
  qf2: tf.LayersModel;
  qf1Target: tf.LayersModel;
  qf2Target: tf.LayersModel;
}

const NET_FILES: Record<keyof LearnerNets, string> = { actor: 'actor', qf1: 'qf1', qf2: 'qf2', qf1Target: 'qf1-target', qf2Target: 'qf2-target' };

/** One SAC learner: the networks, optimizers, alpha and replay buffer of one agent. */
class SACLearner {
  readonly qOptimizer: tf.Optimizer;
  readonly actorOptimizer: tf.Optimizer;
  readonly alphaOptimizer: tf.Optimizer;
  readonly logAlpha: tf.Variable;
  replay: ReplayBuffer;
  /** Gradient steps taken (restored from the update counter, see {@link SACAgent.load}). */
  learnSteps = 0;
  /** Actor steps taken since construction: the acting snapshot is rebuilt when it moves. */
  private actorVersion = 0;
  private actorPass: { version: number; net: MlpForward; out: Float32Array } | undefined;
  private readonly qVars: tf.Variable[];
  private readonly actorVars: tf.Variable[];
  /** The JS gradient steps' state (`js` path; buffers for `batchSize` rows), loaded at a round's first step and written back by {@link finishRound}. */
  private kernel: SACKernel | undefined;

  constructor(
    readonly nets: LearnerNets,
    readonly config: SACConfig,
    readonly actionSize: number,
    logAlpha: number,
  ) {
    this.qOptimizer = tf.train.adam(config.qLr);
    this.actorOptimizer = tf.train.adam(config.policyLr);
    this.alphaOptimizer = tf.train.adam(config.qLr);
    this.logAlpha = tf.variable(tf.scalar(logAlpha), true, `sac_log_alpha_${logAlphaCount++}`);
    this.replay = new ReplayBuffer(config.bufferSize, actionSize);
    this.qVars = variablesOf(nets.qf1, nets.qf2);
    this.actorVars = variablesOf(nets.actor);
  }

  /** The policy's pre-tanh mean of a normalised observation, outside the graph. */
  actorOutput(input: Float32Array): Float32Array {
    if (this.actorPass?.version !== this.actorVersion) {
      const net = MlpForward.of(this.nets.actor);
      this.actorPass = { version: this.actorVersion, net, out: new Float32Array(net.outputSize) };
    }
    return this.actorPass.net.apply(input, this.actorPass.out);
  }

  /** The normalised action `y` for a normalised observation: `tanh(mean)`, or `tanh(mean + std eps)` with eps from `rng`. */
  action(input: Float32Array, rng: Rng | undefined): Float32Array {
    const out = this.actorOutput(input);
    const A = this.actionSize;
    const y = new Float32Array(A);
    for (let j = 0; j < A; j++) {
      const mean = out[j]!;
      if (rng === undefined) {
        y[j] = Math.tanh(mean);
        continue;
      }
      y[j] = Math.tanh(mean + Math.exp(squashedLogStd(out[A + j]!)) * rng.normal());
    }
    return y;
  }

  /** The reparameterised sample `y = tanh(mean + std eps)` and its log-density (with the tanh correction), in the graph. */
  private sample(obs: tf.Tensor2D, eps: tf.Tensor2D): { y: tf.Tensor2D; logPi: tf.Tensor1D } {
    const A = this.actionSize;
    const out = forwardOps(this.nets.actor, obs);
    const mean = out.slice([0, 0], [-1, A]);
    const logStd = out.slice([0, A], [-1, A]).tanh().add(1).mul(0.5 * (LOG_STD_MAX - LOG_STD_MIN)).add(LOG_STD_MIN);
    const y = mean.add(logStd.exp().mul(eps)).tanh() as tf.Tensor2D;
    const logN = eps.square().mul(-0.5).sub(logStd).sub(LOG_SQRT_2PI);
    const correction = tf.scalar(1 + TANH_EPS).sub(y.square()).log();
    return { y, logPi: logN.sub(correction).sum(-1) as tf.Tensor1D };
  }

  private static q(net: tf.LayersModel, obs: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor1D {
    return forwardOps(net, tf.concat([obs, y], 1)).reshape([-1]) as tf.Tensor1D;
  }

  /** `rows x actionSize` standard normals from `rng`, row-major. */
  private noise(rows: number, rng: Rng): Float32Array {
    const out = new Float32Array(rows * this.actionSize);
    for (let i = 0; i < out.length; i++) out[i] = rng.normal();
    return out;
  }

  /**
   * The next gradient step's minibatch and noise, drawn from `rng` in the
   * step's order: the replay rows, the next actions' noise, then per actor
   * step its noise and (with autotune) the alpha step's. Counts the step.
   */
  private minibatch(normalize: (obs: Float32Array) => Float32Array, rng: Rng): SACMinibatch {
    const c = this.config;
    const B = c.batchSize;
    const A = this.actionSize;
    const batch = this.replay.sample(B, rng);
    const d = batch.observations[0]!.length;
    const all = Array.from({ length: B }, (_, j) => j);
    const observations = gatherRows(batch.observations.map(normalize), all, d);
    const nextObservations = gatherRows(batch.nextObservations.map(normalize), all, d);
    const actions = gatherRows(batch.actionVectors, all, A);
    const nextNoise = this.noise(B, rng);
    this.learnSteps += 1;
    const actorNoise: Float32Array[] = [];
    const alphaNoise: Float32Array[] = [];
    if (this.learnSteps % c.policyFrequency === 0) {
      for (let k = 0; k < c.policyFrequency; k++) {
        actorNoise.push(this.noise(B, rng));
        if (c.autotune) alphaNoise.push(this.noise(B, rng));
      }
    }
    return { rows: B, observations, nextObservations, actions, rewards: batch.rewards, terminated: batch.terminated, nextNoise, actorNoise, alphaNoise, updateTargets: this.learnSteps % c.targetNetworkFrequency === 0 };
  }

  /**
   * One gradient step (critics; actor and alpha on their schedule; targets on
   * theirs) on a minibatch, through `path`; `normalize` maps raw observations
   * to the networks' inputs. Adds its figures to `sums`. After a round of
   * steps, call {@link finishRound}.
   */
  learn(normalize: (obs: Float32Array) => Float32Array, rng: Rng, sums: StepSums, path: 'js' | 'graph'): void {
    const batch = this.minibatch(normalize, rng);
    if (path === 'js') {
      this.kernel ??= new SACKernel(this, this.config, batch.rows);
      if (!this.kernel.isLoaded) this.kernel.load();
      this.kernel.step(batch, sums);
    } else {
      this.graphStep(batch, sums);
    }
    this.actorVersion += batch.actorNoise.length;
  }

  /** Ends a round of gradient steps: the JS path's networks, alpha and optimizers go back into tfjs. */
  finishRound(): void {
    if (this.kernel?.isLoaded === true) this.kernel.finish();
  }

  /** One gradient step in the graph. */
  private graphStep(batch: SACMinibatch, sums: StepSums): void {
    const c = this.config;
    const { rows: B, observations, nextObservations, actions } = batch;
    const A = this.actionSize;
    const d = observations.length / B;
    const { qf1, qf2, qf1Target, qf2Target } = this.nets;
    const obs = tf.tensor2d(observations, [B, d]);
    const qStats = tf.tidy(() => {
      const next = tf.tensor2d(nextObservations, [B, d]);
      const alpha = this.logAlpha.exp();
      const nextPi = this.sample(next, tf.tensor2d(batch.nextNoise, [B, A]));
      const minNext = tf.minimum(SACLearner.q(qf1Target, next, nextPi.y), SACLearner.q(qf2Target, next, nextPi.y)).sub(nextPi.logPi.mul(alpha));
      const notDone = tf.scalar(1).sub(tf.tensor1d(batch.terminated));
      const target = tf.tensor1d(batch.rewards).add(notDone.mul(minNext).mul(c.gamma));
      const act = tf.tensor2d(actions, [B, A]);
      let aux: tf.Tensor1D | undefined;
      const { grads } = tf.variableGrads(() => {
        const q1 = SACLearner.q(qf1, obs, act);
        const q2 = SACLearner.q(qf2, obs, act);
        const l1 = q1.sub(target).square().mean() as tf.Scalar;
        const l2 = q2.sub(target).square().mean() as tf.Scalar;
        aux = tf.keep(tf.stack([l1, l2, q1.mean()]) as tf.Tensor1D);
        return l1.add(l2) as tf.Scalar;
      }, this.qVars);
      this.qOptimizer.applyGradients(grads);
      return aux!;
    });
    const [l1, l2, qMean] = qStats.dataSync();
    qStats.dispose();
    sums.qf1Loss += l1!;
    sums.qf2Loss += l2!;
    sums.qValue += qMean!;
    sums.steps += 1;
    batch.actorNoise.forEach((eps, k) => {
      const actorStats = tf.tidy(() => {
        const alpha = this.logAlpha.exp();
        let aux: tf.Tensor1D | undefined;
        const { grads } = tf.variableGrads(() => {
          const pi = this.sample(obs, tf.tensor2d(eps, [B, A]));
          const minQ = tf.minimum(SACLearner.q(qf1, obs, pi.y), SACLearner.q(qf2, obs, pi.y));
          const loss = pi.logPi.mul(alpha).sub(minQ).mean() as tf.Scalar;
          aux = tf.keep(tf.stack([loss, pi.logPi.mean().neg()]) as tf.Tensor1D);
          return loss;
        }, this.actorVars);
        this.actorOptimizer.applyGradients(grads);
        return aux!;
      });
      const alphaEps = batch.alphaNoise[k];
      if (c.autotune && alphaEps !== undefined) {
        tf.tidy(() => {
          const logPi = this.sample(obs, tf.tensor2d(alphaEps, [B, A])).logPi;
          const { grads } = tf.variableGrads(() => this.logAlpha.exp().mul(logPi.add(-A)).mean().neg() as tf.Scalar, [this.logAlpha]);
          this.alphaOptimizer.applyGradients(grads);
        });
      }
      const [actorLoss, entropy] = actorStats.dataSync();
      actorStats.dispose();
      sums.actorLoss += actorLoss!;
      sums.entropy += entropy!;
      sums.actorSteps += 1;
    });
    obs.dispose();
    if (batch.updateTargets) {
      this.polyak(qf1, qf1Target);
      this.polyak(qf2, qf2Target);
    }
  }

  /** theta_target <- tau theta + (1 - tau) theta_target. */
  private polyak(online: tf.LayersModel, target: tf.LayersModel): void {
    const tau = this.config.tau;
    const src = online.trainableWeights.map((w) => w.read());
    const dst = target.trainableWeights.map((w) => w.read() as tf.Variable);
    tf.tidy(() => dst.forEach((v, i) => v.assign(tau === 1 ? src[i]!.clone() : src[i]!.mul(tau).add(v.mul(1 - tau)))));
  }

  get alpha(): number {
    return Math.exp(this.logAlpha.dataSync()[0]!);
  }

  dispose(): void {
    this.kernel = undefined;
    for (const net of Object.values(this.nets)) net.dispose();
    this.qOptimizer.dispose();
    this.actorOptimizer.dispose();
    this.alphaOptimizer.dispose();
    this.logAlpha.dispose();
  }
}

/** Fresh networks for one learner, seeded from `rng`. */
function freshNets(c: SACConfig, obsSize: number, actionSize: number, rng: Rng, tag: string): LearnerNets {
  const activation = c.activation as Activation;
  const common = { hiddenSizes: c.hiddenSizes, activation, rng };
  const actor = buildMlp({ ...common, inputSize: obsSize, outputSize: 2 * actionSize, outputGain: 0.01, name: `sac_actor${tag}` });
  const q = (name: string): tf.Sequential => buildMlp({ ...common, inputSize: obsSize + actionSize, outputSize: 1, outputGain: 1, name: `sac_${name}${tag}` });
  const qf1 = q('qf1');
  const qf2 = q('qf2');
  const qf1Target = q('qf1_target');
  const qf2Target = q('qf2_target');
  qf1Target.setWeights(qf1.getWeights());
  qf2Target.setWeights(qf2.getWeights());
  return { actor, qf1, qf2, qf1Target, qf2Target };
}

/** Everything a SAC agent is built from (fresh or loaded). */
interface SACParts {
  config: SACConfig;
  observationSize: number;
  bounds: BoxBounds;
  /** The agents of a multi-agent env, in learner order (undefined: a single-agent env). */
  agentIds: AgentId[] | undefined;
  nets: LearnerNets[];
  logAlphas: number[];
}

/** Is `env` a multi-agent parallel env (as opposed to an `Env`)? */
export function isParallelEnv(env: unknown): env is ParallelEnv<Float32Array, Float32Array> {
  return typeof env === 'object' && env !== null && Array.isArray((env as { possibleAgents?: unknown }).possibleAgents);
}

/** The suffix of learner m's files in a multi-agent agent (none for a single learner). */
function fileTag(m: number, learners: number): string {
  return learners === 1 ? '' : `-${m}`;
}

/** The name of learner m's optimizer `role` in `moreOptimizers` (learner 0's critics' optimizer is the main one). */
function optimizerName(role: 'q' | 'actor' | 'alpha', m: number, learners: number): string {
  return `${role}${fileTag(m, learners)}`;
}

export class SACAgent implements TrainableAgent<Float32Array> {
  readonly algo = 'sac' as const;
  readonly name = 'sac';
  readonly config: SACConfig;
  readonly observationSize: number;
  readonly actionMap: BoundedActionMap;
  /** Multi-agent: the agents, in learner order; undefined on a single-agent env. */
  readonly agentIds: readonly AgentId[] | undefined;
  readonly learners: readonly SACLearner[];
  /** Running statistics of observations (shared by every learner). */
  readonly obsStats: RunningMeanStd;
  updates = 0;
  runnerSource: RunnerStateSource | undefined = undefined;
  /** Where the gradient steps run (see {@link SACUpdatePath}); not saved, both paths compute the same steps. */
  updatePath: SACUpdatePath = 'auto';
  /** Stochastic `act` calls. */
  private policyRng: Rng;
  /** Exploration, collection samples, replay sampling and the update's noise. */
  private agentRng: Rng;

  private constructor(parts: SACParts) {
    this.config = parts.config;
    this.observationSize = parts.observationSize;
    this.actionMap = new BoundedActionMap(parts.bounds);
    this.agentIds = parts.agentIds;
    this.learners = parts.nets.map((nets, m) => new SACLearner(nets, parts.config, parts.bounds.size, parts.logAlphas[m]!));
    this.obsStats = new RunningMeanStd(parts.observationSize);
    this.policyRng = streamFor(parts.config.seed, 'policy');
    this.agentRng = streamFor(parts.config.seed, 'agent');
  }

  /**
   * A fresh agent for `env`'s spaces: an `Env` with a Box action space, or a
   * multi-agent `ParallelEnv` whose agents all have one observation size and
   * one Box (one learner per agent). The Box bounds must be finite.
   */
  static create(env: Env<Float32Array, Float32Array> | ParallelEnv<Float32Array, Float32Array>, config: Partial<SACConfig> = {}): SACAgent {
    const c = resolveConfig('sac', SAC_SPEC, config);
    let obsSize: number;
    let bounds: BoxBounds;
    let agentIds: AgentId[] | undefined;
    if (isParallelEnv(env)) {
      agentIds = [...env.possibleAgents];
      if (agentIds.length === 0) throw new Error('sac: the environment has no possibleAgents');
      const first = agentIds[0]!;
      obsSize = observationSize(env.observationSpace(first));
      bounds = boxBounds(env.actionSpace(first), `sac action space of ${first}`);
      for (const id of agentIds) {
        const b = boxBounds(env.actionSpace(id), `sac action space of ${id}`);
        if (observationSize(env.observationSpace(id)) !== obsSize || b.size !== bounds.size || b.low.some((x, i) => x !== bounds.low[i]) || b.high.some((x, i) => x !== bounds.high[i])) {
          throw new Error(`sac: agent ${id}'s spaces differ from agent ${first}'s (the learners share one observation size and one Box)`);
        }
      }
    } else {
      obsSize = observationSize(env.observationSpace);
      bounds = boxBounds(env.actionSpace, 'sac action space');
    }
    bounds.low.forEach((lo, i) => {
      if (!Number.isFinite(lo) || !Number.isFinite(bounds.high[i]!)) throw new Error(`sac: action dimension ${i} has the unbounded range [${lo}, ${bounds.high[i]!}]; the tanh-squashed policy needs finite Box bounds`);
    });
    const learners = agentIds?.length ?? 1;
    const init = streamFor(c.seed, 'init');
    const nets = Array.from({ length: learners }, (_, m) => freshNets(c, obsSize, bounds.size, init, fileTag(m, learners).replace('-', '_')));
    return new SACAgent({ config: c, observationSize: obsSize, bounds, agentIds, nets, logAlphas: nets.map(() => Math.log(c.alpha)) });
  }

  /** An agent saved with `save(dir)`, with its replay buffers, optimizers, alphas, normaliser, rng states and counters. */
  static async load(dir: string): Promise<SACAgent> {
    const file = readAgentFile<SACConfig>(dir, 'sac');
    const config = resolveConfig('sac', SAC_SPEC, file.config);
    const bounds = savedBoxBounds(file, 'sac');
    const agentIds = file.multiAgent?.agentIds;
    const learners = agentIds?.length ?? 1;
    const nets: LearnerNets[] = [];
    for (let m = 0; m < learners; m++) {
      const tag = fileTag(m, learners);
      const entries = await Promise.all((Object.keys(NET_FILES) as (keyof LearnerNets)[]).map(async (k) => [k, await loadNetwork(dir, `${NET_FILES[k]}${tag}`)] as const));
      nets.push(Object.fromEntries(entries) as unknown as LearnerNets);
    }
    const logAlphas = file.extra.logAlpha ?? [];
    if (logAlphas.length !== learners) throw new Error(`sac: '${dir}' has ${logAlphas.length} saved alphas for ${learners} learners`);
    const agent = new SACAgent({ config, observationSize: file.observationSize, bounds, agentIds, nets, logAlphas });
    const [first, ...rest] = agent.learners;
    const { policyRng, agentRng } = await restoreCheckpoint(dir, file, agent.obsStats, first!.qOptimizer);
    await restoreMoreOptimizers(dir, file, agent.moreOptimizers());
    agent.policyRng = policyRng ?? agent.policyRng;
    agent.agentRng = agentRng ?? agent.agentRng;
    agent.updates = file.updates;
    const learnSteps = file.extra.learnSteps ?? [];
    [first!, ...rest].forEach((l, m) => {
      l.learnSteps = learnSteps[m] ?? 0;
      const path = join(dir, `replay${fileTag(m, learners)}.bin`);
      if (existsSync(path)) l.replay = ReplayBuffer.fromBytes(readFileSync(path), config.bufferSize, bounds.size);
    });
    return agent;
  }

  stepsPerIteration(numEnvs: number): number {
    return this.config.trainFrequency * numEnvs;
  }

  private normalize(obs: Float32Array): Float32Array {
    return normalizedObservation('sac', obs, this.observationSize, this.obsStats, this.config.normObs);
  }

  private learnerIndex(agent: AgentId | number): number {
    const ids = this.agentIds;
    if (ids === undefined) throw new Error('sac: this agent was trained on a single-agent env; use act(obs)');
    const m = typeof agent === 'number' ? agent : ids.indexOf(agent);
    if (!Number.isInteger(m) || m < 0 || m >= ids.length) throw new Error(`sac: unknown agent ${JSON.stringify(agent)} (agents: ${ids.join(', ')})`);
    return m;
  }

  private actWith(m: number, observation: Float32Array, options: ActOptions): Float32Array {
    const y = this.learners[m]!.action(this.normalize(observation), options.deterministic === true ? undefined : this.policyRng);
    return this.actionMap.toAction(y);
  }

  /** The action for an observation (a single-agent env's agent). */
  act(observation: Float32Array, options: ActOptions = {}): Float32Array {
    if (this.agentIds !== undefined) throw new Error(`sac: this agent has one learner per agent (${this.agentIds.join(', ')}); use actAs(agent, obs)`);
    return this.actWith(0, observation, options);
  }

  /** The action of `agent` (id or index) of a multi-agent env for its local observation. */
  actAs(agent: AgentId | number, observation: Float32Array, options: ActOptions = {}): Float32Array {
    return this.actWith(this.learnerIndex(agent), observation, options);
  }

  /** A single-agent {@link Policy} acting as `agent`. */
  forAgent(agent: AgentId | number): Policy<Float32Array, Float32Array> {
    const m = this.learnerIndex(agent);
    return { name: `sac:${this.agentIds![m]!}`, act: (obs, options) => this.actWith(m, obs, options ?? {}) };
  }

  /**
   * Collects `trainFrequency` steps in every environment (single-agent
   * `EnvRunner`, or `ParallelEnvRunner` for a multi-agent agent), then, once
   * `learningStarts` steps are behind, `gradientSteps` gradient steps per learner.
   */
  iterate(runner: EnvRunner<Float32Array> | ParallelEnvRunner, ctx: IterationContext): UpdateStats {
    const c = this.config;
    const M = this.learners.length;
    const parallel = runner instanceof ParallelEnvRunner;
    if (parallel !== (this.agentIds !== undefined)) throw new Error(`sac: a ${this.agentIds === undefined ? 'single' : 'multi'}-agent agent cannot train on a ${parallel ? 'multi' : 'single'}-agent runner`);
    if (parallel && runner.agentIds.join('\u0000') !== this.agentIds!.join('\u0000')) {
      throw new Error(`sac: runner agents [${runner.agentIds.join(', ')}] differ from the agent's [${this.agentIds!.join(', ')}]`);
    }
    let step = ctx.globalStep;
    for (let t = 0; t < c.trainFrequency; t++) {
      // Row e * M + m: agent m of env e. A copy of the list: the step replaces the runner's entries.
      const rows = parallel ? runner.observations.flat() : [...runner.observations];
      if (c.normObs) this.obsStats.updateBatch(rows);
      const random = step < c.learningStarts;
      const ys = rows.map((o, k) => {
        if (!random) return this.learners[k % M]!.action(this.normalize(o), this.agentRng);
        return Float32Array.from({ length: this.actionMap.size }, () => 2 * this.agentRng.uniform() - 1);
      });
      const actions = ys.map((y) => this.actionMap.toAction(y));
      if (parallel) {
        const N = runner.numEnvs;
        const result = runner.step(Array.from({ length: N }, (_, e) => actions.slice(e * M, (e + 1) * M)));
        rows.forEach((o, k) => {
          const e = Math.floor(k / M);
          const next = result.finalObservations[e]?.[k % M] ?? runner.observations[e]![k % M]!;
          this.learners[k % M]!.replay.add(o, ys[k]!, result.rewards[k]!, next, result.terminated[e]!);
        });
      } else {
        const result = runner.step(actions);
        rows.forEach((o, i) => this.learners[0]!.replay.add(o, ys[i]!, result.rewards[i]!, result.finalObservations[i] ?? runner.observations[i]!, result.terminated[i]!));
      }
      step += rows.length / M;
    }
    this.updates += 1;
    if (step < c.learningStarts) return {};
    const sums: StepSums = { qf1Loss: 0, qf2Loss: 0, qValue: 0, actorLoss: 0, entropy: 0, steps: 0, actorSteps: 0 };
    const normalize = (o: Float32Array): Float32Array => this.normalize(o);
    const path = this.resolvedUpdatePath();
    for (let g = 0; g < c.gradientSteps; g++) for (const learner of this.learners) learner.learn(normalize, this.agentRng, sums, path);
    for (const learner of this.learners) learner.finishRound();
    const qf1Loss = sums.qf1Loss / sums.steps;
    const qf2Loss = sums.qf2Loss / sums.steps;
    const stats: UpdateStats = {
      qf1Loss,
      qf2Loss,
      valueLoss: (qf1Loss + qf2Loss) / 2,
      qValue: sums.qValue / sums.steps,
      alpha: this.learners.reduce((s, l) => s + l.alpha, 0) / M,
    };
    if (sums.actorSteps > 0) {
      stats.actorLoss = sums.actorLoss / sums.actorSteps;
      stats.policyLoss = stats.actorLoss;
      stats.entropy = sums.entropy / sums.actorSteps;
    }
    return stats;
  }

  /** Where this agent's gradient steps run now: {@link updatePath}, with `auto` resolved for the backend and the minibatch's work. */
  resolvedUpdatePath(): 'js' | 'graph' {
    if (this.updatePath !== 'auto') return this.updatePath;
    const macsPerRow = denseShapes(this.learners[0]!.nets.qf1).reduce((sum, s) => sum + s.inputs * s.units, 0);
    return tf.getBackend() !== 'tensorflow' && this.config.batchSize * macsPerRow <= SAC_JS_STEP_MAX_WORK ? 'js' : 'graph';
  }

  /** Every optimizer but learner 0's critics' (the checkpoint's main one), by saved name. */
  private moreOptimizers(): Record<string, tf.Optimizer> {
    const M = this.learners.length;
    const out: Record<string, tf.Optimizer> = {};
    this.learners.forEach((l, m) => {
      if (m > 0) out[optimizerName('q', m, M)] = l.qOptimizer;
      out[optimizerName('actor', m, M)] = l.actorOptimizer;
      out[optimizerName('alpha', m, M)] = l.alphaOptimizer;
    });
    return out;
  }

  async save(dir: string): Promise<void> {
    const M = this.learners.length;
    const networks: Record<string, tf.LayersModel> = {};
    const files: Record<string, Uint8Array> = {};
    this.learners.forEach((l, m) => {
      const tag = fileTag(m, M);
      for (const k of Object.keys(NET_FILES) as (keyof LearnerNets)[]) networks[`${NET_FILES[k]}${tag}`] = l.nets[k];
      files[`replay${tag}.bin`] = l.replay.toBytes();
    });
    await saveCheckpoint(dir, {
      algo: 'sac',
      config: this.config,
      networks,
      optimizer: this.learners[0]!.qOptimizer,
      moreOptimizers: this.moreOptimizers(),
      observationSize: this.observationSize,
      actionSpace: savedBox(this.actionMap.bounds),
      obsStats: this.obsStats,
      rngStates: { policy: this.policyRng.state(), agent: this.agentRng.state() },
      updates: this.updates,
      extra: { logAlpha: this.learners.map((l) => l.logAlpha.dataSync()[0]!), learnSteps: this.learners.map((l) => l.learnSteps) },
      ...(this.agentIds !== undefined ? { multiAgent: { agentIds: [...this.agentIds], stateSize: 0, stateStats: null } } : {}),
      files,
      runnerSource: this.runnerSource,
    });
  }

  dispose(): void {
    for (const l of this.learners) l.dispose();
  }
}

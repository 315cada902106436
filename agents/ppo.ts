/**
 * Proximal Policy Optimization for continuous (Box) actions, after CleanRL's
 * `ppo_continuous_action.py`.
 *
 * Per update: collect `numSteps` steps from each of `numEnvs` environments;
 * advantages by GAE(lambda); then `updateEpochs` passes over shuffled
 * minibatches minimising
 *   L = E[max(-A r, -A clip(r, 1 - eps, 1 + eps))] - entCoef H + vfCoef L_V,
 * with `r = exp(log pi(u|s) - log pi_old(u|s))`, per-minibatch advantage
 * normalisation, an optionally clipped value loss, global-norm gradient
 * clipping and optional early stop on approximate KL. Policy: diagonal
 * Gaussian, state-independent learned log-std, actions clipped into the Box
 * (see gaussian-agent.ts). Observations are normalised inside the agent.
 * Reported losses are means over all minibatches of the update.
 */
import { tf } from './backend.js';
import { configDefaults, type ConfigField, configFields, type ConfigFieldSpec, type ConfigOf, resolveConfig } from './config.js';
import { clipByGlobalNorm, forward } from './mlp.js';
import { gaussianLogProb } from './distributions.js';
import { gather, gatherRows, permutation, type RolloutBuffer } from './rollout-buffer.js';
import { scheduledLearningRate, setLearningRate, type IterationContext, type UpdateStats } from './agent.js';
import { GaussianAgent } from './gaussian-agent.js';
import { ppoUpdateJs } from './ppo-update-js.js';
import { MinibatchMeans, type ActorCriticNetworks } from './actor-critic-js.js';
import {
  GAE_LAMBDA_FIELD,
  GAMMA_FIELD,
  INIT_LOG_STD_FIELD,
  NORM_OBS_FIELD,
  NUM_ENVS_FIELD,
  PPO_UPDATE_SPEC,
  TOTAL_STEPS_FIELD,
  activationField,
  annealLrField,
  hiddenSizesField,
  learningRateField,
  seedField,
  type PPOUpdateConfig,
} from './shared-config.js';
import type { Env } from '../envs/core/env.js';
import type { EnvRunner } from './env-runner.js';
import type { Rng } from '../envs/sim/rng.js';

/** PPO's config fields in CLI order: the one declaration of each, its type given by its default. */
export const PPO_SPEC = {
  seed: seedField('network init, action sampling, minibatch shuffles, env resets'),
  totalSteps: TOTAL_STEPS_FIELD,
  numEnvs: NUM_ENVS_FIELD,
  numSteps: { doc: 'Steps per environment per rollout (batch = numSteps * numEnvs)', type: 'integer', default: 2048, min: 1 },
  learningRate: learningRateField(3e-4),
  annealLr: annealLrField(true),
  gamma: GAMMA_FIELD,
  gaeLambda: GAE_LAMBDA_FIELD,
  numMinibatches: { doc: 'Minibatches per epoch', type: 'integer', default: 32, min: 1 },
  ...PPO_UPDATE_SPEC,
  hiddenSizes: hiddenSizesField('the actor and the critic'),
  activation: activationField('tanh'),
  initLogStd: INIT_LOG_STD_FIELD,
  normObs: NORM_OBS_FIELD,
} satisfies Record<string, ConfigFieldSpec>;

/** PPO's config: the fields of {@link PPO_SPEC}. */
export type PPOConfig = ConfigOf<typeof PPO_SPEC>;

export const PPO_DEFAULTS: PPOConfig = configDefaults(PPO_SPEC);
export const PPO_CONFIG_FIELDS: ConfigField[] = configFields(PPO_SPEC);

export class PPOAgent extends GaussianAgent<PPOConfig> {
  readonly algo = 'ppo' as const;

  /** A fresh agent for `env`'s spaces (Box observations, Box actions). */
  static create(env: Env<Float32Array, Float32Array>, config: Partial<PPOConfig> = {}): PPOAgent {
    const resolved = resolveConfig('ppo', PPO_SPEC, config);
    return new PPOAgent('ppo', GaussianAgent.freshParts('ppo', env, resolved));
  }

  /** An agent saved with `save(dir)`, with its normaliser, rng states, counters and optimizer. */
  static async load(dir: string): Promise<PPOAgent> {
    const { parts, file } = await GaussianAgent.loadParts<PPOConfig>(dir, 'ppo');
    parts.config = resolveConfig('ppo', PPO_SPEC, parts.config);
    const agent = new PPOAgent('ppo', parts);
    await agent.restore(dir, file);
    return agent;
  }

  stepsPerIteration(numEnvs: number): number {
    return this.config.numSteps * numEnvs;
  }

  iterate(runner: EnvRunner<Float32Array>, ctx: IterationContext): UpdateStats {
    const c = this.config;
    const lr = scheduledLearningRate(c, ctx);
    setLearningRate(this.optimizer, lr);

    const buffer = this.collectRollout(runner);
    const { advantages, returns } = buffer.computeGae(this.lastValues(runner), c.gamma, c.gaeLambda);
    const batch = { rollout: buffer, criticInputs: buffer.observations, advantages, returns };
    const nets = { actor: this.actor, critic: this.critic, logStd: this.logStd, variables: this.trainableVariables(), optimizer: this.optimizer };
    const stats = ppoUpdate(c, nets, batch, this.agentRng);
    this.updates += 1;
    return { ...stats, learningRate: lr };
  }
}

/** What one PPO update trains on: a full rollout, the critic's inputs per sample, GAE advantages and returns. */
export interface PPOBatch {
  /** Actor inputs (normalised observations), unclipped samples, their log-probs and values at collection. */
  readonly rollout: RolloutBuffer;
  /** The critic's input per sample, all of one length (PPO: the rollout's observations; MAPPO: global states). */
  readonly criticInputs: readonly Float32Array[];
  readonly advantages: Float32Array;
  /** `advantages + values`. */
  readonly returns: Float32Array;
}

/** What a PPO update trains: the networks, the log-std, their variables in the optimizer's order, the optimizer. */
export type PPONetworks = ActorCriticNetworks;

/**
 * The PPO update (shared with MAPPO): `updateEpochs` passes over minibatches
 * shuffled by `rng`, each one clipped-surrogate gradient step; stops early
 * when an epoch's mean approx KL exceeds `targetKl` (> 0). Returns the means
 * of the losses over all minibatches taken, and the explained variance.
 *
 * Computed in plain JavaScript (agents/ppo-update-js.ts), several times
 * faster than the graph on the wasm and cpu backends; on the native
 * `tensorflow` backend (tfjs-node), whose ops are cheap to dispatch, by the
 * graph ({@link ppoUpdateGraph}), which is also the reference the JS update
 * is tested against.
 */
export function ppoUpdate(c: PPOUpdateConfig & { readonly numMinibatches: number }, nets: PPONetworks, batch: PPOBatch, rng: Rng): UpdateStats {
  return tf.getBackend() === 'tensorflow' ? ppoUpdateGraph(c, nets, batch, rng) : ppoUpdateJs(c, nets, batch, rng);
}

/** The PPO update through tfjs's graph and autodiff (see {@link ppoUpdate}). */
export function ppoUpdateGraph(c: PPOUpdateConfig & { readonly numMinibatches: number }, nets: PPONetworks, batch: PPOBatch, rng: Rng): UpdateStats {
  const { rollout, criticInputs, advantages, returns } = batch;
  const B = rollout.size;
  const d = rollout.observations[0]!.length;
  const dC = criticInputs[0]!.length;
  const a = rollout.actions[0]!.length;
  const mbSize = Math.max(1, Math.floor(B / c.numMinibatches));
  const means = new MinibatchMeans();
  for (let epoch = 0; epoch < c.updateEpochs; epoch++) {
    const order = permutation(B, () => rng.uniform());
    let epochKl = 0;
    let epochMb = 0;
    for (let start = 0; start + mbSize <= B; start += mbSize) {
      const idx = order.subarray(start, start + mbSize);
      const aux = tf.tidy(() => {
        const obs = tf.tensor2d(gatherRows(rollout.observations, idx, d), [mbSize, d]);
        const criticObs = tf.tensor2d(gatherRows(criticInputs, idx, dC), [mbSize, dC]);
        const act = tf.tensor2d(gatherRows(rollout.actions, idx, a), [mbSize, a]);
        const oldLogProb = tf.tensor1d(gather(rollout.logProbs, idx));
        const oldValue = tf.tensor1d(gather(rollout.values, idx));
        const ret = tf.tensor1d(gather(returns, idx));
        let adv: tf.Tensor1D = tf.tensor1d(gather(advantages, idx));
        if (c.normAdv && mbSize > 1) {
          const { mean, variance } = tf.moments(adv);
          const std = variance.mul(mbSize / (mbSize - 1)).sqrt();
          adv = adv.sub(mean).div(std.add(1e-8));
        }
        let stats: tf.Tensor1D | undefined;
        const { grads } = tf.variableGrads(() => {
          const newLogProb = gaussianLogProb(forward(nets.actor, obs), nets.logStd as tf.Tensor1D, act);
          const newValue = forward(nets.critic, criticObs).reshape([-1]);
          const logRatio = newLogProb.sub(oldLogProb);
          const ratio = logRatio.exp();
          const pgLoss1 = adv.neg().mul(ratio);
          const pgLoss2 = adv.neg().mul(ratio.clipByValue(1 - c.clipCoef, 1 + c.clipCoef));
          const pgLoss = tf.maximum(pgLoss1, pgLoss2).mean();
          let vLoss: tf.Scalar;
          if (c.clipVloss) {
            const vUnclipped = newValue.sub(ret).square();
            const vClipped = oldValue.add(newValue.sub(oldValue).clipByValue(-c.clipCoef, c.clipCoef)).sub(ret).square();
            vLoss = tf.maximum(vUnclipped, vClipped).mean().mul(0.5);
          } else {
            vLoss = newValue.sub(ret).square().mean().mul(0.5);
          }
          const entropy = nets.logStd.add(0.5 + 0.5 * Math.log(2 * Math.PI)).sum();
          const approxKl = ratio.sub(1).sub(logRatio).mean();
          const clipFrac = ratio.sub(1).abs().greater(c.clipCoef).toFloat().mean();
          stats = tf.keep(tf.stack([pgLoss, vLoss, entropy, approxKl, clipFrac]) as tf.Tensor1D);
          return pgLoss.sub(entropy.mul(c.entCoef)).add(vLoss.mul(c.vfCoef)) as tf.Scalar;
        }, nets.variables);
        const { grads: clipped, norm } = clipByGlobalNorm(grads, c.maxGradNorm);
        nets.optimizer.applyGradients(clipped);
        const out = tf.concat([stats!, norm.reshape([1])]);
        stats!.dispose(); // kept out of variableGrads' tidy above
        return out;
      });
      const [pg, v, ent, kl, clip, norm] = aux.dataSync();
      aux.dispose();
      means.add(pg!, v!, ent!, kl!, clip!, norm!);
      epochKl += kl!;
      epochMb += 1;
    }
    if (c.targetKl > 0 && epochKl / epochMb > c.targetKl) break;
  }
  return means.stats(rollout.values, returns);
}

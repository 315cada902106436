/**
 * REINFORCE (Williams 1992) with a learned value baseline, for continuous
 * (Box) actions.
 *
 * Per update: collect `numSteps` steps from each of `numEnvs` environments,
 * compute discounted returns-to-go `G_t` (bootstrapped by the critic only
 * where the rollout cuts an episode or the episode was truncated), and take
 * one gradient step on the whole batch of
 *   L = -E[log pi(u_t|s_t) (G_t - V(s_t))] - entCoef H + vfCoef 0.5 E[(V(s_t) - G_t)^2],
 * where the baseline `V(s_t)` in the policy term is the value at collection
 * time (no gradient), optionally normalised over the batch. The policy is the
 * same diagonal Gaussian as PPO's (gaussian-agent.ts).
 */
import { tf } from './backend.js';
import { configDefaults, type ConfigField, configFields, type ConfigFieldSpec, type ConfigOf, resolveConfig } from './config.js';
import { clipByGlobalNorm, forward } from './mlp.js';
import { gaussianLogProb } from './distributions.js';
import { explainedVariance, scheduledLearningRate, setLearningRate, type IterationContext, type UpdateStats } from './agent.js';
import { GaussianAgent } from './gaussian-agent.js';
import { ActorCriticKernel, type ActorCriticNetworks } from './actor-critic-js.js';
import { gatherInto } from './ppo-update-js.js';
import type { RolloutBuffer } from './rollout-buffer.js';
import {
  ACTOR_CRITIC_LOSS_SPEC,
  GAMMA_FIELD,
  INIT_LOG_STD_FIELD,
  NORM_OBS_FIELD,
  NUM_ENVS_FIELD,
  TOTAL_STEPS_FIELD,
  activationField,
  annealLrField,
  hiddenSizesField,
  learningRateField,
  seedField,
} from './shared-config.js';
import type { Env } from '../envs/core/env.js';
import type { EnvRunner } from './env-runner.js';

/** REINFORCE's config fields in CLI order: the one declaration of each, its type given by its default. */
export const REINFORCE_SPEC = {
  seed: seedField('network init, action sampling, env resets'),
  totalSteps: TOTAL_STEPS_FIELD,
  numEnvs: NUM_ENVS_FIELD,
  numSteps: { doc: 'Steps per environment per update (batch = numSteps * numEnvs)', type: 'integer', default: 256, min: 1 },
  learningRate: learningRateField(1e-3),
  annealLr: annealLrField(false),
  gamma: GAMMA_FIELD,
  normAdv: { doc: 'Normalise the advantages G - V over the batch', type: 'boolean', default: true },
  ...ACTOR_CRITIC_LOSS_SPEC,
  hiddenSizes: hiddenSizesField('the actor and the critic'),
  activation: activationField('tanh'),
  initLogStd: INIT_LOG_STD_FIELD,
  normObs: NORM_OBS_FIELD,
} satisfies Record<string, ConfigFieldSpec>;

/** Reinforce's config: the fields of {@link REINFORCE_SPEC}. */
export type ReinforceConfig = ConfigOf<typeof REINFORCE_SPEC>;

export const REINFORCE_DEFAULTS: ReinforceConfig = configDefaults(REINFORCE_SPEC);
export const REINFORCE_CONFIG_FIELDS: ConfigField[] = configFields(REINFORCE_SPEC);

export class ReinforceAgent extends GaussianAgent<ReinforceConfig> {
  readonly algo = 'reinforce' as const;

  static create(env: Env<Float32Array, Float32Array>, config: Partial<ReinforceConfig> = {}): ReinforceAgent {
    const resolved = resolveConfig('reinforce', REINFORCE_SPEC, config);
    return new ReinforceAgent('reinforce', GaussianAgent.freshParts('reinforce', env, resolved));
  }

  static async load(dir: string): Promise<ReinforceAgent> {
    const { parts, file } = await GaussianAgent.loadParts<ReinforceConfig>(dir, 'reinforce');
    parts.config = resolveConfig('reinforce', REINFORCE_SPEC, parts.config);
    const agent = new ReinforceAgent('reinforce', parts);
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
    const returns = buffer.computeReturns(this.lastValues(runner), c.gamma);
    const B = buffer.size;
    const advantages = returns.map((g, k) => g - buffer.values[k]!);
    if (c.normAdv && B > 1) {
      const mean = advantages.reduce((s, x) => s + x, 0) / B;
      const std = Math.sqrt(advantages.reduce((s, x) => s + (x - mean) ** 2, 0) / (B - 1));
      for (let k = 0; k < B; k++) advantages[k] = (advantages[k]! - mean) / (std + 1e-8);
    }
    const nets = { actor: this.actor, critic: this.critic, logStd: this.logStd, variables: this.trainableVariables(), optimizer: this.optimizer };
    const stats = tf.getBackend() === 'tensorflow' ? reinforceStepGraph(c, nets, buffer, advantages, returns) : reinforceStepJs(c, nets, buffer, advantages, returns);
    this.updates += 1;
    return { ...stats, explainedVariance: explainedVariance(buffer.values, returns), learningRate: lr };
  }
}

/** The losses of one REINFORCE step, and the gradient norm before clipping. */
type StepStats = Required<Pick<UpdateStats, 'policyLoss' | 'valueLoss' | 'entropy' | 'gradNorm'>>;

/**
 * REINFORCE's gradient step in plain JavaScript (agents/actor-critic-js.ts),
 * as {@link reinforceStepGraph} computes it through the graph: with B rows,
 * d/d log pi = -A / B, d/dv = vfCoef (v - G) / B, and the entropy's -entCoef
 * per log-std dimension.
 */
export function reinforceStepJs(c: ReinforceConfig, nets: ActorCriticNetworks, buffer: RolloutBuffer, advantages: Float32Array, returns: Float32Array): StepStats {
  const B = buffer.size;
  const d = buffer.observations[0]!.length;
  const k = new ActorCriticKernel(nets, B);
  const obs = new Float64Array(B * d);
  gatherInto(buffer.observations, Uint32Array.from({ length: B }, (_, i) => i), d, obs);
  k.sigmas();
  const mu = k.actor.forward(obs, B);
  const value = k.critic.forward(obs, B);
  let pgLoss = 0;
  let vLoss = 0;
  for (let r = 0; r < B; r++) {
    const u = buffer.actions[r]!;
    const A = advantages[r]!;
    pgLoss -= (k.logProb(u, mu, r) * A) / B;
    k.addLogProbGradient(u, mu, r, -A / B);
    const diff = value[r]! - returns[r]!;
    vLoss += (0.5 * diff * diff) / B;
    k.dV[r] = (c.vfCoef * diff) / B;
  }
  const entropy = k.entropy(c.entCoef);
  const gradNorm = k.step(c.maxGradNorm);
  k.finish();
  return { policyLoss: pgLoss, valueLoss: vLoss, entropy, gradNorm };
}

/** REINFORCE's gradient step through tfjs's graph and autodiff (the native backend's, and the JS step's reference). */
export function reinforceStepGraph(c: ReinforceConfig, nets: ActorCriticNetworks, buffer: RolloutBuffer, advantages: Float32Array, returns: Float32Array): StepStats {
  const B = buffer.size;
  const d = buffer.observations[0]!.length;
  const a = buffer.actions[0]!.length;
  const flatObs = new Float32Array(B * d);
  const flatAct = new Float32Array(B * a);
  for (let k = 0; k < B; k++) {
    flatObs.set(buffer.observations[k]!, k * d);
    flatAct.set(buffer.actions[k]!, k * a);
  }
  const stats = tf.tidy(() => {
    const obs = tf.tensor2d(flatObs, [B, d]);
    const act = tf.tensor2d(flatAct, [B, a]);
    const adv = tf.tensor1d(advantages);
    const ret = tf.tensor1d(returns);
    let aux: tf.Tensor1D | undefined;
    const { grads } = tf.variableGrads(() => {
      const logProb = gaussianLogProb(forward(nets.actor, obs), nets.logStd as tf.Tensor1D, act);
      const value = forward(nets.critic, obs).reshape([-1]);
      const pgLoss = logProb.mul(adv).mean().neg();
      const vLoss = value.sub(ret).square().mean().mul(0.5);
      const entropy = nets.logStd.add(0.5 + 0.5 * Math.log(2 * Math.PI)).sum();
      aux = tf.keep(tf.stack([pgLoss, vLoss, entropy]) as tf.Tensor1D);
      return pgLoss.sub(entropy.mul(c.entCoef)).add(vLoss.mul(c.vfCoef)) as tf.Scalar;
    }, nets.variables);
    const { grads: clipped, norm } = clipByGlobalNorm(grads, c.maxGradNorm);
    nets.optimizer.applyGradients(clipped);
    const out = tf.concat([aux!, norm.reshape([1])]);
    aux!.dispose(); // kept out of variableGrads' tidy above
    return out;
  });
  const [policyLoss, valueLoss, entropy, gradNorm] = stats.dataSync();
  stats.dispose();
  return { policyLoss: policyLoss!, valueLoss: valueLoss!, entropy: entropy!, gradNorm: gradNorm! };
}

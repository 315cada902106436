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
import { configDefaults, configFields, resolveConfig, type ConfigField, type ConfigSpec } from './config.js';
import { clipByGlobalNorm, forward } from './mlp.js';
import { gaussianLogProb } from './distributions.js';
import { explainedVariance, setLearningRate, type IterationContext, type UpdateStats } from './agent.js';
import { GaussianAgent, type GaussianAgentConfig } from './gaussian-agent.js';
import type { Env } from '../envs/core/env.js';
import type { EnvRunner } from './env-runner.js';

export interface ReinforceConfig extends GaussianAgentConfig {
  /** Root seed: network init, action sampling, env resets. */
  seed: number;
  /** Environment steps to train for, summed over environments. */
  totalSteps: number;
  /** Environments stepped in lockstep. */
  numEnvs: number;
  /** Steps per environment per update (batch = numSteps * numEnvs). */
  numSteps: number;
  /** Adam learning rate. */
  learningRate: number;
  /** Anneal the learning rate linearly to 0 over training. */
  annealLr: boolean;
  /** Discount factor. */
  gamma: number;
  /** Normalise the advantages G - V over the batch. */
  normAdv: boolean;
  /** Entropy bonus coefficient. */
  entCoef: number;
  /** Value loss coefficient. */
  vfCoef: number;
  /** Global gradient-norm clip. */
  maxGradNorm: number;
  /** Hidden layer sizes of the actor and the critic. */
  hiddenSizes: number[];
  /** Hidden activation: tanh or relu. */
  activation: string;
  /** Initial log-std of the Gaussian in the normalised action space ([-1, 1] = the Box). */
  initLogStd: number;
  /** Normalise observations with running mean/variance inside the agent. */
  normObs: boolean;
}

export const REINFORCE_SPEC: ConfigSpec<ReinforceConfig> = {
  seed: { doc: 'Root seed: network init, action sampling, env resets', type: 'integer', default: 1, min: 0 },
  totalSteps: { doc: 'Environment steps to train for, summed over environments', type: 'integer', default: 100_000, min: 1 },
  numEnvs: { doc: 'Environments stepped in lockstep', type: 'integer', default: 1, min: 1 },
  numSteps: { doc: 'Steps per environment per update (batch = numSteps * numEnvs)', type: 'integer', default: 256, min: 1 },
  learningRate: { doc: 'Adam learning rate', type: 'number', default: 1e-3, min: 0 },
  annealLr: { doc: 'Anneal the learning rate linearly to 0 over training', type: 'boolean', default: false },
  gamma: { doc: 'Discount factor', type: 'number', default: 0.99, min: 0, max: 1 },
  normAdv: { doc: 'Normalise the advantages G - V over the batch', type: 'boolean', default: true },
  entCoef: { doc: 'Entropy bonus coefficient', type: 'number', default: 0, min: 0 },
  vfCoef: { doc: 'Value loss coefficient', type: 'number', default: 0.5, min: 0 },
  maxGradNorm: { doc: 'Global gradient-norm clip', type: 'number', default: 0.5, min: 0 },
  hiddenSizes: { doc: 'Hidden layer sizes of the actor and the critic', type: 'integer[]', default: [64, 64], min: 1 },
  activation: { doc: 'Hidden activation', type: 'string', default: 'tanh', choices: ['tanh', 'relu'] },
  initLogStd: { doc: 'Initial log-std of the Gaussian in the normalised action space ([-1, 1] = the Box)', type: 'number', default: -0.5 },
  normObs: { doc: 'Normalise observations with running mean/variance inside the agent', type: 'boolean', default: true },
};

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
    const lr = c.annealLr ? (1 - (ctx.update - 1) / ctx.numUpdates) * c.learningRate : c.learningRate;
    setLearningRate(this.optimizer, lr);

    const buffer = this.collectRollout(runner);
    const returns = buffer.computeReturns(this.lastValues(runner), c.gamma);
    const B = buffer.size;
    const d = this.observationSize;
    const a = this.actionMap.size;
    const advantages = returns.map((g, k) => g - buffer.values[k]!);
    if (c.normAdv && B > 1) {
      const mean = advantages.reduce((s, x) => s + x, 0) / B;
      const std = Math.sqrt(advantages.reduce((s, x) => s + (x - mean) ** 2, 0) / (B - 1));
      for (let k = 0; k < B; k++) advantages[k] = (advantages[k]! - mean) / (std + 1e-8);
    }
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
        const logProb = gaussianLogProb(forward(this.actor, obs), this.logStd as tf.Tensor1D, act);
        const value = forward(this.critic, obs).reshape([-1]);
        const pgLoss = logProb.mul(adv).mean().neg();
        const vLoss = value.sub(ret).square().mean().mul(0.5);
        const entropy = this.logStd.add(0.5 + 0.5 * Math.log(2 * Math.PI)).sum();
        aux = tf.keep(tf.stack([pgLoss, vLoss, entropy]) as tf.Tensor1D);
        return pgLoss.sub(entropy.mul(c.entCoef)).add(vLoss.mul(c.vfCoef)) as tf.Scalar;
      }, this.trainableVariables());
      const { grads: clipped, norm } = clipByGlobalNorm(grads, c.maxGradNorm);
      this.optimizer.applyGradients(clipped);
      const out = tf.concat([aux!, norm.reshape([1])]);
      aux!.dispose(); // kept out of variableGrads' tidy above
      return out;
    });
    const [pg, v, ent, norm] = stats.dataSync();
    stats.dispose();
    this.updates += 1;
    return {
      policyLoss: pg!,
      valueLoss: v!,
      entropy: ent!,
      gradNorm: norm!,
      explainedVariance: explainedVariance(buffer.values, returns),
      learningRate: lr,
    };
  }
}

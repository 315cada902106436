/**
 * Config fields several algorithms share, written once: single fields (some
 * with the per-algorithm part as a parameter) and, for the losses, interface
 * and spec fragments that each algorithm spreads into its own config. Every
 * algorithm's file still lists its fields in CLI order; a field whose doc or
 * default is its own stays written out there.
 */
import type { ConfigFieldSpec, ConfigOf } from './config.js';

/** `seed`: the root seed; `draws` names what it seeds. */
export function seedField(draws: string): ConfigFieldSpec<number> {
  return { doc: `Root seed: ${draws}`, type: 'integer', default: 1, min: 0 };
}

/** `totalSteps`. */
export const TOTAL_STEPS_FIELD: ConfigFieldSpec<number> = { doc: 'Environment steps to train for, summed over environments', type: 'integer', default: 100_000, min: 1 };

/** `numEnvs`. */
export const NUM_ENVS_FIELD: ConfigFieldSpec<number> = { doc: 'Environments stepped in lockstep', type: 'integer', default: 1, min: 1 };

/** `learningRate`, with the algorithm's default. */
export function learningRateField(defaultRate: number): ConfigFieldSpec<number> {
  return { doc: 'Adam learning rate', type: 'number', default: defaultRate, min: 0 };
}

/** `annealLr`, with the algorithm's default. */
export function annealLrField(defaultOn: boolean): ConfigFieldSpec<boolean> {
  return { doc: 'Anneal the learning rate linearly to 0 over training', type: 'boolean', default: defaultOn };
}

/** `gamma`. */
export const GAMMA_FIELD: ConfigFieldSpec<number> = { doc: 'Discount factor', type: 'number', default: 0.99, min: 0, max: 1 };

/** `gaeLambda`. */
export const GAE_LAMBDA_FIELD: ConfigFieldSpec<number> = { doc: 'GAE lambda', type: 'number', default: 0.95, min: 0, max: 1 };

/** `hiddenSizes` (64, 64); `networks` names the networks they shape. */
export function hiddenSizesField(networks: string): ConfigFieldSpec<number[]> {
  return { doc: `Hidden layer sizes of ${networks}`, type: 'integer[]', default: [64, 64], min: 1 };
}

/** `activation`, with the algorithm's default. */
export function activationField(defaultActivation: 'tanh' | 'relu'): ConfigFieldSpec<string> {
  return { doc: 'Hidden activation', type: 'string', default: defaultActivation, choices: ['tanh', 'relu'] };
}

/** `initLogStd` of the Gaussian policies. */
export const INIT_LOG_STD_FIELD: ConfigFieldSpec<number> = { doc: 'Initial log-std of the Gaussian in the normalised action space ([-1, 1] = the Box)', type: 'number', default: -0.5 };

/** `normObs`. */
export const NORM_OBS_FIELD: ConfigFieldSpec<boolean> = { doc: 'Normalise observations with running mean/variance inside the agent', type: 'boolean', default: true };

export const ACTOR_CRITIC_LOSS_SPEC = {
  entCoef: { doc: 'Entropy bonus coefficient', type: 'number', default: 0, min: 0 },
  vfCoef: { doc: 'Value loss coefficient', type: 'number', default: 0.5, min: 0 },
  maxGradNorm: { doc: 'Global gradient-norm clip', type: 'number', default: 0.5, min: 0 },
} satisfies Record<string, ConfigFieldSpec>;

/** ActorCriticLoss's config: the fields of {@link ACTOR_CRITIC_LOSS_SPEC}. */
export type ActorCriticLossConfig = ConfigOf<typeof ACTOR_CRITIC_LOSS_SPEC>;

export const PPO_UPDATE_SPEC = {
  updateEpochs: { doc: 'Passes over the batch per update', type: 'integer', default: 10, min: 1 },
  normAdv: { doc: 'Normalise advantages per minibatch', type: 'boolean', default: true },
  clipCoef: { doc: 'Surrogate clipping coefficient epsilon', type: 'number', default: 0.2, min: 0 },
  clipVloss: { doc: 'Clip the value loss around the old values (by clipCoef)', type: 'boolean', default: true },
  ...ACTOR_CRITIC_LOSS_SPEC,
  targetKl: { doc: 'Stop the epochs early when approx KL exceeds this (0: never)', type: 'number', default: 0, min: 0 },
} satisfies Record<string, ConfigFieldSpec>;

/** PPOUpdate's config: the fields of {@link PPO_UPDATE_SPEC}. */
export type PPOUpdateConfig = ConfigOf<typeof PPO_UPDATE_SPEC>;

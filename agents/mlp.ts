/**
 * Seeded multilayer perceptrons (tf.layers Sequential models).
 *
 * Weights use the orthogonal initialiser with CleanRL's gains (sqrt(2) for
 * hidden layers, small for policy heads, 1 for value heads) and zero biases;
 * each layer's seed is a child seed drawn from the given {@link Rng}, so the
 * same stream gives the same network.
 */
import { tf } from './backend.js';
import { childSeed, type Rng } from '../envs/sim/rng.js';

export type Activation = 'tanh' | 'relu';

export interface MlpOptions {
  readonly inputSize: number;
  readonly hiddenSizes: readonly number[];
  readonly outputSize: number;
  readonly activation: Activation;
  /** Orthogonal gain of the output layer (0.01 policy mean, 1 value). */
  readonly outputGain: number;
  /** Stream the layer seeds are drawn from. */
  readonly rng: Rng;
  readonly name: string;
}

/** Orthogonal gain of hidden layers (CleanRL's `layer_init` default). */
export const HIDDEN_GAIN = Math.SQRT2;

export function buildMlp(o: MlpOptions): tf.Sequential {
  for (const [field, n] of [['inputSize', o.inputSize], ['outputSize', o.outputSize]] as const) {
    if (!Number.isInteger(n) || n < 1) throw new Error(`mlp '${o.name}': ${field} ${n} is not a positive integer`);
  }
  const model = tf.sequential({ name: o.name });
  const sizes = [...o.hiddenSizes, o.outputSize];
  sizes.forEach((units, i) => {
    const last = i === sizes.length - 1;
    model.add(
      tf.layers.dense({
        units,
        activation: last ? 'linear' : o.activation,
        kernelInitializer: tf.initializers.orthogonal({ gain: last ? o.outputGain : HIDDEN_GAIN, seed: childSeed(o.rng) }),
        biasInitializer: 'zeros',
        name: `${o.name}_dense_${i}`,
        ...(i === 0 ? { inputShape: [o.inputSize] } : {}),
      }),
    );
  });
  return model;
}

/** The forward pass as a tensor (call inside `tf.tidy`). */
export function forward(model: tf.LayersModel, x: tf.Tensor2D): tf.Tensor2D {
  return model.apply(x) as tf.Tensor2D;
}

/** Global-norm gradient clipping (as `torch.nn.utils.clip_grad_norm_`); returns clipped grads and the norm. */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): { grads: tf.NamedTensorMap; norm: tf.Scalar } {
  return tf.tidy(() => {
    const parts = Object.values(grads).map((g) => g.square().sum());
    const norm = tf.addN(parts).sqrt() as tf.Scalar;
    const scale = tf.minimum(tf.scalar(1), tf.scalar(maxNorm).div(norm.add(1e-6)));
    const out: tf.NamedTensorMap = {};
    for (const [k, g] of Object.entries(grads)) out[k] = g.mul(scale);
    return { grads: out, norm };
  });
}

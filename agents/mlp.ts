/**
 * Seeded multilayer perceptrons (tf.layers Sequential models).
 *
 * Weights use the orthogonal initialiser with CleanRL's gains (sqrt(2) for
 * hidden layers, small for policy heads, 1 for value heads) and zero biases.
 * The orthogonal matrices are computed here in plain JavaScript from the
 * given {@link Rng} (Gram-Schmidt on a Gaussian matrix, signs fixed as in
 * Saxe et al.), so the same stream gives the same network on every backend,
 * without tfjs' QR (slow, and noisy about it, beyond 2000 elements).
 */
import { tf } from './backend.js';
import type { Rng } from '../envs/sim/rng.js';
import { denseShapes, type DenseActivation } from './dense-net.js';

/**
 * A `rows x cols` matrix (row-major) with orthonormal columns (rows >= cols)
 * or rows (rows < cols), times `gain`.
 */
export function orthogonalMatrix(rows: number, cols: number, gain: number, rng: Rng): Float32Array {
  const tall = rows >= cols;
  const m = tall ? rows : cols; // length of each vector
  const k = tall ? cols : rows; // number of orthonormal vectors
  const q: Float64Array[] = [];
  for (let j = 0; j < k; j++) {
    const v = new Float64Array(m);
    for (let i = 0; i < m; i++) v[i] = rng.normal();
    // Modified Gram-Schmidt, twice for numerical orthogonality.
    for (let pass = 0; pass < 2; pass++) {
      for (const u of q) {
        let dot = 0;
        for (let i = 0; i < m; i++) dot += u[i]! * v[i]!;
        for (let i = 0; i < m; i++) v[i] = v[i]! - dot * u[i]!;
      }
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += v[i]! * v[i]!;
    norm = Math.sqrt(norm);
    for (let i = 0; i < m; i++) v[i] = v[i]! / norm;
    q.push(v);
  }
  const out = new Float32Array(rows * cols);
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < m; i++) {
      const [r, c] = tall ? [i, j] : [j, i];
      out[r * cols + c] = gain * q[j]![i]!;
    }
  }
  return out;
}

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
  let fanIn = o.inputSize;
  sizes.forEach((units, i) => {
    const last = i === sizes.length - 1;
    const layer = tf.layers.dense({
      units,
      activation: last ? 'linear' : o.activation,
      kernelInitializer: 'zeros',
      biasInitializer: 'zeros',
      name: `${o.name}_dense_${i}`,
      ...(i === 0 ? { inputShape: [o.inputSize] } : {}),
    });
    model.add(layer);
    const kernel = orthogonalMatrix(fanIn, units, last ? o.outputGain : HIDDEN_GAIN, o.rng);
    tf.tidy(() => layer.setWeights([tf.tensor2d(kernel, [fanIn, units]), tf.zeros([units])]));
    fanIn = units;
  });
  return model;
}

/** The forward pass as a tensor (call inside `tf.tidy`). */
export function forward(model: tf.LayersModel, x: tf.Tensor2D): tf.Tensor2D {
  return model.apply(x) as tf.Tensor2D;
}

/**
 * The same pass as {@link forward}, as plain ops on the layers' variables
 * (`matMul`, `add`, activation per layer): the same arithmetic without
 * `model.apply`'s per-call bookkeeping, which costs as much as the maths on
 * lbgym's small networks (call inside `tf.tidy`; differentiable in the
 * variables, as `forward`).
 */
export function forwardOps(model: tf.LayersModel, x: tf.Tensor2D): tf.Tensor2D {
  let layers = opsLayers.get(model);
  if (layers === undefined) {
    layers = denseShapes(model).map((s, l) => {
      const [kernel, bias] = model.layers[l]!.trainableWeights.map((w) => w.read() as tf.Variable);
      return { kernel: kernel as tf.Variable<tf.Rank.R2>, bias: bias!, activation: s.activation };
    });
    opsLayers.set(model, layers);
  }
  let h = x;
  for (const { kernel, bias, activation } of layers) {
    const z = tf.matMul(h, kernel).add(bias) as tf.Tensor2D;
    h = activation === 'tanh' ? z.tanh() : activation === 'relu' ? z.relu() : z;
  }
  return h;
}

/** Per model, its dense layers' variables and activations (for {@link forwardOps}). */
const opsLayers = new WeakMap<tf.LayersModel, { kernel: tf.Variable<tf.Rank.R2>; bias: tf.Variable; activation: DenseActivation }[]>();

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

/**
 * The diagonal Gaussian policy distribution N(mean, diag(std^2)).
 *
 * Tensor maths (inside `tf.tidy`) for the losses: log-probability summed over
 * action dimensions, and entropy. Sampling (and the log-probability of a
 * sample, stored with the rollout) is done in plain JavaScript from a seeded
 * {@link Rng} stream, never with `tf.random*`.
 */
import { tf } from './backend.js';
import type { Rng } from '../envs/sim/rng.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** log N(x | mean, exp(logStd)^2), summed over the last axis: shape [batch]. */
export function gaussianLogProb(mean: tf.Tensor2D, logStd: tf.Tensor1D | tf.Tensor2D, x: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const z = x.sub(mean).div(logStd.exp());
    return z.square().mul(-0.5).sub(logStd).sub(LOG_SQRT_2PI).sum(-1) as tf.Tensor1D;
  });
}

/** Entropy of the diagonal Gaussian, summed over action dimensions: shape [batch]. */
export function gaussianEntropy(logStd: tf.Tensor1D, batch: number): tf.Tensor1D {
  return tf.tidy(() => logStd.add(0.5 + LOG_SQRT_2PI).sum().tile([batch]) as tf.Tensor1D);
}

/** One draw `mean + std * eps` with `eps ~ N(0, I)` from `rng`. */
export function sampleGaussian(mean: Float32Array, std: Float32Array, rng: Rng): Float32Array {
  const out = new Float32Array(mean.length);
  for (let i = 0; i < mean.length; i++) out[i] = mean[i]! + std[i]! * rng.normal();
  return out;
}

/** The standard deviations `exp(logStd)`, read out of the (log-std) tensor. */
export function stdFromLogStd(logStd: tf.Tensor): Float32Array {
  return Float32Array.from(logStd.dataSync(), (l) => Math.exp(l));
}

/** log N(u | mean, std^2) summed over dimensions, in plain JS. */
export function gaussianLogDensity(u: Float32Array, mean: Float32Array, std: Float32Array): number {
  let lp = 0;
  for (let i = 0; i < u.length; i++) {
    const z = (u[i]! - mean[i]!) / std[i]!;
    lp += -0.5 * z * z - Math.log(std[i]!) - LOG_SQRT_2PI;
  }
  return lp;
}

/**
 * Service rates from service-time samples (docs/model.md §8.2): the
 * exponential maximum-likelihood rate `lambda_hat = n / sum(x)`, with its
 * profile-likelihood interval from `l(lambda) = n log(lambda) - lambda sum(x)`.
 */
import { type Interval, profileInterval } from './confidence.js';

export interface ServiceRateFit {
  /** lambda_hat (tasks/s). */
  rate: number;
  /** 95 % profile-likelihood interval of the rate. */
  ci95: Interval;
  /** Samples used. */
  samples: number;
}

export function fitServiceRate(times: readonly number[]): ServiceRateFit {
  const n = times.length;
  let sum = 0;
  for (const x of times) sum += x;
  const rate = n / sum;
  const logLik = (l: number): number => n * Math.log(l) - l * sum;
  return { rate, ci95: profileInterval(logLik, rate), samples: n };
}

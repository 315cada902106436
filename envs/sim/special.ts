/**
 * Special functions the samplers and the analytical solver share.
 */

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** log Gamma(x) for x > 0 (Lanczos, relative error ~1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const xm1 = x - 1;
  let a = LANCZOS[0]!;
  const t = xm1 + LANCZOS_G + 0.5;
  for (let i = 1; i < LANCZOS_G + 2; i++) a += LANCZOS[i]! / (xm1 + i);
  return 0.5 * Math.log(2 * Math.PI) + (xm1 + 0.5) * Math.log(t) - t + Math.log(a);
}

const LOG_FACTORIAL_TABLE: number[] = [0];
/** log(k!) for integer k >= 0 (tabulated up to 1024). */
export function logFactorial(k: number): number {
  if (k < 1024) {
    while (LOG_FACTORIAL_TABLE.length <= k) {
      const j = LOG_FACTORIAL_TABLE.length;
      LOG_FACTORIAL_TABLE.push(LOG_FACTORIAL_TABLE[j - 1]! + Math.log(j));
    }
    return LOG_FACTORIAL_TABLE[k]!;
  }
  return logGamma(k + 1);
}

/** Poisson probability P(N = k) for N ~ Poisson(mean), computed in log space. */
export function poissonPmf(k: number, mean: number): number {
  if (mean === 0) return k === 0 ? 1 : 0;
  return Math.exp(k * Math.log(mean) - mean - logFactorial(k));
}

/**
 * CDF of the Erlang(k, rate) distribution at t: P(Poisson(rate t) >= k).
 * k = 0 gives 1 (an empty sum of service times is 0).
 */
export function erlangCdf(k: number, rate: number, t: number): number {
  if (k <= 0) return 1;
  if (t <= 0) return 0;
  const x = rate * t;
  // P(N <= k-1) by summing the pmf upward from 0 in a stable way.
  let term = Math.exp(-x);
  if (term === 0) {
    // Large x: sum from the top in log space.
    let s = 0;
    for (let j = 0; j < k; j++) s += poissonPmf(j, x);
    return Math.min(1, Math.max(0, 1 - s));
  }
  let sum = term;
  for (let j = 1; j < k; j++) {
    term *= x / j;
    sum += term;
  }
  return Math.min(1, Math.max(0, 1 - sum));
}

/**
 * Two-sided 95 % confidence intervals with Student's t (the samples are often
 * few: seeds of a sweep, episodes of a short evaluation).
 *
 * The 0.975 quantile of t with `df` degrees of freedom: a table of the exact
 * values for df <= 30 (from scipy.stats.t.ppf, 9 decimals), and above it the
 * Cornish–Fisher expansion in 1/df to the fourth term, whose error there is
 * below 1e-7 (test/sim/student-t.test.ts checks both against scipy's values).
 * A table and four terms, rather than a statistics package for one function.
 */

const T975: readonly number[] = [
  12.706204736, 4.30265273, 3.182446305, 2.776445105, 2.570581836, 2.446911851, 2.364624252, 2.306004135, 2.262157163, 2.228138852,
  2.20098516, 2.17881283, 2.160368656, 2.144786688, 2.131449546, 2.119905299, 2.109815578, 2.10092204, 2.093024054, 2.085963447,
  2.079613845, 2.073873068, 2.06865761, 2.063898562, 2.059538553, 2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456,
];

/** The standard normal's 0.975 quantile. */
export const Z975 = 1.959963984540054;

/** The 0.975 quantile of Student's t with `df` >= 1 degrees of freedom (Infinity: the normal's). */
export function tQuantile975(df: number): number {
  if (!(df >= 1)) throw new Error(`tQuantile975: df must be >= 1, got ${df}`);
  if (df === Infinity) return Z975;
  if (Number.isInteger(df) && df <= T975.length) return T975[df - 1]!;
  const z = Z975;
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

/** The 95 % CI of a mean from `n` samples with standard error `se`; NaN bounds when n < 2 (no CI). */
export function ci95(mean: number, se: number, n: number): [number, number] {
  if (n < 2) return [Number.NaN, Number.NaN];
  const h = tQuantile975(n - 1) * se;
  return [mean - h, mean + h];
}

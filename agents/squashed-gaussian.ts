/**
 * SAC's policy distribution, the tanh-squashed Gaussian of CleanRL's
 * `sac_continuous_action.py`, as the actor's outputs define it: per action
 * dimension j, a mean `mu_j` and a raw log-std `s_j`, squashed into
 * [LOG_STD_MIN, LOG_STD_MAX] by `logStd_j = LOG_STD_MIN + (LOG_STD_MAX -
 * LOG_STD_MIN) (tanh(s_j) + 1) / 2`; a sample `y = tanh(mu + exp(logStd) eps)`
 * with eps standard normal; its log-density `log pi(y) = sum_j -eps_j^2 / 2 -
 * logStd_j - log sqrt(2 pi) - log(1 + TANH_EPS - y_j^2)`.
 *
 * The graph update (agents/sac.ts) computes these in tfjs ops, the acting
 * pass and the JS update (agents/sac-update-js.ts) with the functions here.
 */

/** CleanRL's bounds of the actor's log-std. */
export const LOG_STD_MIN = -5;
export const LOG_STD_MAX = 2;
/** CleanRL's epsilon in the tanh correction. */
export const TANH_EPS = 1e-6;

/** The log-std of a raw actor output `s` (the tanh-squashed range above). */
export function squashedLogStd(s: number): number {
  return LOG_STD_MIN + 0.5 * (LOG_STD_MAX - LOG_STD_MIN) * (Math.tanh(s) + 1);
}

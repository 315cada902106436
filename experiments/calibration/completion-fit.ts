/**
 * Completion times observed under known `(loads, K, t_b)`, fitted with the
 * exact two-node solver in the loop (docs/model.md §8.6).
 *
 * What is fitted: one **speed factor** `s` that multiplies every service
 * rate (`lambda_i -> s lambda_i`, so the rates' ratios stay as measured),
 * with the delays held at their own fits. `s` minimises the squared error
 * `RSS(s) = sum_j (T_j - mu(loads_j, K_j, t_b,j; s))^2` between the observed
 * completion times and the exact expectation `mu` (docs/model.md §3): the
 * minimum is bracketed from `s = 1` in steps of 0.25 in `log s`, then found
 * by Brent's method to 1e-4 in `log s`. Its 95 % interval is the profile likelihood of the
 * Gaussian model of the errors (common variance), `l(s) = -(m/2) log RSS(s)`.
 * `s = 1` means the completion times agree with the service samples; a
 * factor below 1 means the testbed serves slower under load than its
 * service samples say.
 */
import { completionCurve } from '../../baselines/regeneration/api.js';
import type { Scenario } from '../../envs/sim/scenario.js';
import { serviceRates } from '../../envs/sim/scenario.js';
import { type Interval, profileInterval } from './confidence.js';
import { brentMinimum } from './line-search.js';
import type { CompletionObservation } from './measurements.js';

export interface CompletionSettingFit {
  loads: number[];
  K: number;
  tb: number;
  episodes: number;
  /** Mean observed completion time (s). */
  observed: number;
  /** The exact expectation before the fit (s = 1) and after it (s). */
  muBefore: number;
  muAfter: number;
}

export interface CompletionFit {
  speedFactor: number;
  ci95: Interval;
  /** Root-mean-square error (s) at s = 1 and at the fitted s. */
  rmseBefore: number;
  rmseAfter: number;
  settings: CompletionSettingFit[];
  /** Exact evaluations of the objective made. */
  evaluations: number;
}

/** The scenario with every service rate multiplied by `s` (exponential service). */
export function withSpeedFactor(scenario: Scenario, s: number): Scenario {
  const rates = serviceRates(scenario);
  return { ...scenario, nodes: scenario.nodes.map((nd, i) => ({ ...nd, service: { family: 'exponential', mean: 1 / (s * rates[i]!) } })) };
}

/** How far the search for the speed factor goes: |log s| <= log 16. */
const MAX_LOG_FACTOR = Math.log(16);

/**
 * The minimum of `f(u)`: bracketed from `u = 0` by steps of 0.25 (at most
 * to `|u| = log 16`), then Brent's method (golden section with parabolic
 * steps) to 1e-4 in `u`.
 */
function minimizeLogScale(f: (u: number) => number): number {
  const h = 0.25;
  let a = -h;
  let x = 0;
  let b = h;
  let fa = f(a);
  let fx = f(x);
  let fb = f(b);
  while (fa < fx && a > -MAX_LOG_FACTOR) {
    [b, fb, x, fx] = [x, fx, a, fa];
    a -= h;
    fa = f(a);
  }
  while (fb < fx && b < MAX_LOG_FACTOR) {
    [a, fa, x, fx] = [x, fx, b, fb];
    b += h;
    fb = f(b);
  }
  if (fa < fx) return a;
  if (fb < fx) return b;
  return brentMinimum(f, a, x, b, fx, 1e-4);
}

export function fitCompletionTimes(scenario: Scenario, obs: readonly CompletionObservation[]): CompletionFit {
  // Settings share a solver when they share loads and K (one curve in t_b).
  const groups = new Map<string, { loads: number[]; K: number; tbs: number[] }>();
  const settingOf = obs.map((o) => {
    const key = `${o.loads.join(',')}|${o.K}`;
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { loads: o.loads, K: o.K, tbs: [] }));
    if (!g.tbs.includes(o.tb)) g.tbs.push(o.tb);
    return { key, tb: o.tb };
  });
  let evaluations = 0;
  const musAt = (s: number): number[] => {
    evaluations++;
    const sc = withSpeedFactor(scenario, s);
    const byKey = new Map<string, number[]>();
    for (const [key, g] of groups) byKey.set(key, completionCurve(sc, g.loads, { K: g.K, tbGrid: g.tbs }));
    return settingOf.map(({ key, tb }) => byKey.get(key)![groups.get(key)!.tbs.indexOf(tb)]!);
  };
  const rss = (s: number): number => {
    const mu = musAt(s);
    let r = 0;
    obs.forEach((o, i) => (r += (o.seconds - mu[i]!) ** 2));
    return r;
  };
  const m = obs.length;
  const s = Math.exp(minimizeLogScale((u) => rss(Math.exp(u))));
  const ci95 = profileInterval((x) => -(m / 2) * Math.log(rss(x)), s, { step: 1.05, span: 16, tol: 1e-3 });
  const before = musAt(1);
  const after = musAt(s);
  const settings: CompletionSettingFit[] = [];
  obs.forEach((o, i) => {
    let st = settings.find((x) => x.K === o.K && x.tb === o.tb && x.loads.join(',') === o.loads.join(','));
    if (st === undefined) settings.push((st = { loads: o.loads, K: o.K, tb: o.tb, episodes: 0, observed: 0, muBefore: before[i]!, muAfter: after[i]! }));
    st.episodes++;
    st.observed += o.seconds;
  });
  for (const st of settings) st.observed /= st.episodes;
  const rmse = (mu: number[]): number => Math.sqrt(obs.reduce((r, o, i) => r + (o.seconds - mu[i]!) ** 2, 0) / m);
  return { speedFactor: s, ci95, rmseBefore: rmse(before), rmseAfter: rmse(after), settings, evaluations };
}

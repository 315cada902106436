/**
 * A node's early finish in the one-shot system: when it empties before t_b
 * and receives nothing, it finishes at its last service before t_b,
 * `F | F <= t_b` with `F ~ Erlang(m, lambda)` (docs/model.md §3.7). Its
 * moments, and expectations of kernels by quadrature, for the two-node and
 * n-node reward solvers.
 */
import { erlangCdf, poissonPmf } from '../../envs/sim/special.js';
import { gaussLegendreUnit } from './quadrature.js';

export interface EarlyMoments {
  mean: number;
  second: number;
}

/** `E[F | F <= t_b]` and `E[F^2 | F <= t_b]` for `F ~ Erlang(m, rate)` (0 when impossible). */
export function earlyMoments(m: number, rate: number, tb: number): EarlyMoments {
  const p = m > 0 ? erlangCdf(m, rate, tb) : 0;
  if (!(p > 0)) return { mean: 0, second: 0 };
  return {
    mean: ((m / rate) * erlangCdf(m + 1, rate, tb)) / p,
    second: ((m * (m + 1)) / (rate * rate) * erlangCdf(m + 2, rate, tb)) / p,
  };
}

/** Dyadic panels towards 0: [tb 2^-(k+1), tb 2^-k] for k < EARLY_LEVELS, then [0, tb 2^-EARLY_LEVELS] (while they hold any mass). */
const EARLY_LEVELS = 48;
const EARLY_NODES = 16;
/** Panels holding less than this share of the early-finish law are left out (kernels are below 1). */
const EARLY_NEGLIGIBLE = 1e-18;

/**
 * `E[f_r(F) | F <= t_b]` for r < R and each kernel f of `kernels`, F ~ Erlang(m, rate), by
 * 16-point Gauss–Legendre panels: 16 equal ones on [t_b/2, t_b], then dyadic ones towards 0;
 * null when the node cannot empty by t_b. `rowsAt(t)`, when given, is how many of the
 * first rows can matter at t (the kernels are below 1e-17 beyond it); nodes whose
 * weight is below 1e-20 are left out.
 */
export function earlyExpectations(
  m: number,
  rate: number,
  tb: number,
  kernels: readonly ((r: number, t: number) => number)[],
  R: number,
  rowsAt: (t: number) => number = () => R,
): Float64Array[] | null {
  const p = m > 0 ? erlangCdf(m, rate, tb) : 0;
  if (!(p > 1e-300)) return null;
  const out = kernels.map(() => new Float64Array(R));
  const rule = gaussLegendreUnit(EARLY_NODES);
  // The upper panels [tb/2, tb] hold most of the mass when m is large; split them finer.
  const panels: [number, number][] = [];
  const top = 16;
  for (let j = 0; j < top; j++) panels.push([tb * (0.5 + j / (2 * top)), tb * (0.5 + (j + 1) / (2 * top))]);
  // Towards 0 the mass below b, at most (rate b)^m / m! = pois(m; rate b) e^{rate b}, soon falls
  // below EARLY_NEGLIGIBLE of p: the panels from there on are left out.
  const massBelow = (b: number): number => poissonPmf(m, rate * b) * Math.exp(rate * b);
  let k = 1;
  for (; k < EARLY_LEVELS && massBelow(tb * 2 ** -k) >= EARLY_NEGLIGIBLE * p; k++) panels.push([tb * 2 ** -(k + 1), tb * 2 ** -k]);
  if (k === EARLY_LEVELS) panels.push([0, tb * 2 ** -EARLY_LEVELS]);
  for (const [a, b] of panels) {
    const width = b - a;
    for (let i = 0; i < EARLY_NODES; i++) {
      const t = a + rule.nodes[i]! * width;
      // Erlang(m, rate) density: rate * P(Poisson(rate t) = m - 1).
      const f = (rate * poissonPmf(m - 1, rate * t) * rule.weights[i]! * width) / p;
      if (f < 1e-20) continue;
      const n = Math.min(R, rowsAt(t));
      kernels.forEach((kernel, c) => {
        const u = out[c]!;
        for (let r = 0; r < n; r++) u[r] = u[r]! + f * kernel(r, t);
      });
    }
  }
  return out;
}

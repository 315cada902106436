/**
 * Gauss–Legendre quadrature on [0, t_max] split into equal panels: the time
 * grid on which the solver tabulates completion-time survival functions and
 * integrates `E[min(T_C1, T_C2)] = int S_1(t) S_2(t) dt`.
 *
 * The integrands are phase-type survival functions (entire functions of t),
 * so the rule converges geometrically in the panel width; the solver's
 * tolerance is checked by halving the panel width (test/baselines/regeneration).
 */

export interface GaussLegendreRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

const RULES = new Map<number, GaussLegendreRule>();

/** Nodes and weights of the n-point Gauss–Legendre rule on [0, 1]. */
export function gaussLegendreUnit(n: number): GaussLegendreRule {
  const cached = RULES.get(n);
  if (cached !== undefined) return cached;
  if (!Number.isInteger(n) || n < 1) throw new Error(`gaussLegendreUnit: n must be an integer >= 1, got ${n}`);
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // Newton's method on P_n from the Chebyshev-like initial guess.
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = (n * (x * p1 - p0)) / (x * x - 1);
      const dx = p1 / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    // Map from [-1, 1] (descending x) to [0, 1] ascending.
    nodes[n - 1 - i] = (x + 1) / 2;
    weights[n - 1 - i] = 1 / ((1 - x * x) * dp * dp);
  }
  const rule = { nodes, weights };
  RULES.set(n, rule);
  return rule;
}

/** A quadrature grid: increasing times in (0, t_max) with positive weights. */
export interface TimeGrid {
  readonly times: Float64Array;
  readonly weights: Float64Array;
  /** Panel edges (s), from 0 to tMax. */
  readonly edges: Float64Array;
  readonly nodesPerPanel: number;
  readonly tMax: number;
}

/**
 * Panels covering [0, tMax] whose width grows like the spread of the
 * functions integrated: about `max(minWidth, growth * sqrt(t / rate))` at a panel's
 * left edge (an Erlang(n, rate) law near t = n / rate has standard deviation
 * `sqrt(t / rate)`), rounded down to minWidth times a power of two, each
 * with `nodesPerPanel` Gauss–Legendre nodes.
 * `growth = 0` gives equal panels of width `minWidth`. `refineLevels = j > 0`
 * first splits `[0, minWidth]` dyadically towards 0 (`[0, w/2^j], [w/2^j, w/2^(j-1)], ..., [w/2, w]`),
 * for integrands that vary on scales finer than a panel near 0.
 */
export function panelGrid(tMax: number, minWidth: number, nodesPerPanel: number, growth = 0, rate = 1, refineLevels = 0): TimeGrid {
  if (!(tMax > 0) || !Number.isFinite(tMax)) throw new Error(`panelGrid: tMax must be a finite number > 0, got ${tMax}`);
  if (!(minWidth > 0)) throw new Error(`panelGrid: minWidth must be > 0, got ${minWidth}`);
  const edgeList = [0];
  for (let j = refineLevels; j >= 1; j--) edgeList.push(minWidth * 2 ** -j);
  let t = 0;
  if (refineLevels > 0) {
    edgeList.push(minWidth);
    t = minWidth;
  }
  while (t < tMax * (1 - 1e-12)) {
    // Widths are minWidth times a power of two, so step sizes repeat (the solver caches per step size).
    const want = growth * Math.sqrt(t / rate);
    t += want > minWidth ? minWidth * 2 ** Math.floor(Math.log2(want / minWidth)) : minWidth;
    edgeList.push(t);
  }
  const panels = edgeList.length - 1;
  const unit = gaussLegendreUnit(nodesPerPanel);
  const times = new Float64Array(panels * nodesPerPanel);
  const weights = new Float64Array(panels * nodesPerPanel);
  for (let p = 0; p < panels; p++) {
    const a = edgeList[p]!;
    const width = edgeList[p + 1]! - a;
    for (let i = 0; i < nodesPerPanel; i++) {
      times[p * nodesPerPanel + i] = a + unit.nodes[i]! * width;
      weights[p * nodesPerPanel + i] = unit.weights[i]! * width;
    }
  }
  return { times, weights, edges: Float64Array.from(edgeList), nodesPerPanel, tMax: t };
}

/** `int_0^b f(t) dt` by Gauss–Legendre panels no wider than `maxPanel`. */
export function integrate(f: (t: number) => number, b: number, maxPanel: number, nodesPerPanel = 10): number {
  if (b <= 0) return 0;
  const panels = Math.max(1, Math.ceil(b / maxPanel));
  const width = b / panels;
  const unit = gaussLegendreUnit(nodesPerPanel);
  let sum = 0;
  for (let p = 0; p < panels; p++) {
    for (let i = 0; i < nodesPerPanel; i++) sum += unit.weights[i]! * f((p + unit.nodes[i]!) * width);
  }
  return sum * width;
}

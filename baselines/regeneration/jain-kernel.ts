/**
 * The pieces of the separable Jain kernel that the two-node reward solver
 * (reward-solver.ts) and the n-node solver (n-node-solver.ts) share
 * (docs/model.md §3.7, §3.8): the trapezoid nodes in sigma, the lower end of
 * `sqrt(sum T_i^2)` they must resolve, and the window of a tabulated law
 * that matters to a kernel expectation; and, for the two-node solver, the
 * moments that stand for the lowest nodes (tailMoments).
 */
import { erlangCdf } from '../../envs/sim/special.js';
import type { TimeGrid } from './quadrature.js';

/** Smallest `sqrt(sum T_i^2)` (s) the Jain kernel ever resolves. */
export const KERNEL_S_MIN = 1e-4;
/** The kernel covers `sqrt(sum T_i^2)` from the point below which its probability is under this. */
const KERNEL_LOWER_TAIL = 1e-13;
/** `e^tau e^{-e^tau}` is below 4e-8 of its integral outside tau in [-17, 3.5]. */
const TAU_LO = -17;
const TAU_HI = 3.5;
/** CDF and survival values below this are neglected in a node's kernel vector. */
const TAIL_CUT = 1e-13;

/** Trapezoid nodes `sigma_r`, `e^sigma_r` and `sqrt(step) e^{sigma_r / 2}`. */
export interface SigmaNodes {
  readonly sigmas: Float64Array;
  readonly scale: Float64Array;
  readonly coef: Float64Array;
}

/** A kernel node's function `coef x e^{-scale x^2}` (`h_sigma` of docs/model.md §3.7 with its trapezoid weight), 0 where it underflows. */
export function kernelNode(coef: number, scale: number, x: number): number {
  const e = scale * x * x;
  return e > 745 ? 0 : coef * x * Math.exp(-e);
}

/** Nodes of step `step` covering `sqrt(sum T^2)` in [sLo, sHi] with the tau range at both ends. */
export function sigmaNodes(sLo: number, sHi: number, step: number): SigmaNodes {
  const lo = TAU_LO - Math.log(sHi * sHi);
  const hi = TAU_HI - Math.log(sLo * sLo);
  const R = Math.ceil((hi - lo) / step) + 1;
  const sigmas = new Float64Array(R);
  const scale = new Float64Array(R);
  const coef = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    sigmas[r] = lo + r * step;
    scale[r] = Math.exp(sigmas[r]!);
    coef[r] = Math.sqrt(step) * Math.exp(sigmas[r]! / 2);
  }
  return { sigmas, scale, coef };
}

/**
 * A lower end of `sqrt(sum T_i^2) >= max T_i` below which its probability is
 * under 1e-13: `T < t_b` only when every node served its own queue before
 * t_b, so `T >= min(t_b, max F_i)`; at t_b = 0 some node ends with at least
 * `ceil(sum m / n)` tasks, served at no more than the fastest rate.
 */
export function kernelLowerEnd(loads: readonly number[], rates: readonly number[], tb: number): number {
  const n = loads.length;
  let total = 0;
  for (const m of loads) total += m;
  const cdf =
    tb > 0
      ? (s: number): number => {
          let p = 1;
          for (let i = 0; i < n; i++) p *= loads[i]! > 0 ? erlangCdf(loads[i]!, rates[i]!, s) : 1;
          return p;
        }
      : (s: number): number => erlangCdf(Math.ceil(total / n), Math.max(...rates), s);
  if (total === 0) return KERNEL_S_MIN;
  // Bisection for the KERNEL_LOWER_TAIL quantile.
  let a = 0;
  let b = 1;
  while (cdf(b) < KERNEL_LOWER_TAIL && b < 1e6) b *= 2;
  for (let i = 0; i < 60; i++) {
    const c = (a + b) / 2;
    if (cdf(c) < KERNEL_LOWER_TAIL) a = c;
    else b = c;
  }
  return Math.max(KERNEL_S_MIN, tb > 0 ? Math.min(tb, a) : a);
}

/** The grid window of a tabulated law for a kernel expectation by parts. */
export interface LawWindow {
  /** First grid index where the CDF is above 1e-13. */
  readonly start: number;
  /** The panel edge past which the survival is below 1e-13, and its grid index. */
  readonly panelEnd: number;
  readonly iEnd: number;
  /** Kernels r >= rTop are below 2e-17 over the law (e^sigma T^2 > 40 at its earliest time). */
  readonly rTop: number;
}

/**
 * The window of the survival row `rows[off + i]` (non-negligible in [start, end)) at t_b, neglecting CDF and
 * survival below `tailCut`, for kernel nodes of scales `e^sigma_r` (increasing; SigmaNodes.scale).
 */
export function lawWindow(rows: Float64Array, off: number, start0: number, end0: number, grid: TimeGrid, tb: number, scale: Float64Array, tailCut = TAIL_CUT): LawWindow {
  const G = grid.times.length;
  const npp = grid.nodesPerPanel;
  let start = start0;
  let end = end0;
  // The neglected parts change a kernel expectation by less than tailCut times the kernel's total variation.
  while (start < end && 1 - rows[off + start]! < tailCut) start++;
  while (end > start && rows[off + end - 1]! < tailCut) end--;
  // Cut at the panel edge past `end` (F = 1 from there on, to tailCut).
  const panelEnd = end === 0 ? 0 : Math.min(grid.edges.length - 1, Math.floor((end - 1) / npp) + 1);
  const iEnd = Math.min(G, panelEnd * npp);
  const tLow = tb + (start < G ? grid.times[start]! : grid.tMax);
  let rTop = scale.length;
  while (rTop > 0 && scale[rTop - 1]! * tLow * tLow > 40) rTop--;
  return { start, panelEnd, iEnd, rTop };
}

/** Moments `E[(T / s_hi)^(2 i + 1)]`, i < TAIL_MOMENTS, that stand for the kernel's lowest nodes. */
export const TAIL_MOMENTS = 4; // applyTail is written out for four
/** Nodes with `e^sigma s_hi^2` at most this are summed by moments. */
const TAIL_U_MAX = 0.05;

/**
 * The trapezoid sum's nodes below the cut, `sum_{r < cut} step e^{sigma_r} x y e^{-e^{sigma_r} s^2}`
 * over every node of the lattice down to minus infinity, with `s^2 = x^2 + y^2 <= s_hi^2`.
 * Expanding `e^{-u}` to `u^N / N!` (N = TAIL_MOMENTS - 1) and
 * `x y (x^2 + y^2)^n = sum_{i + j = n} n! / (i! j!) x^{2i+1} y^{2j+1}` gives
 * `sum_{i,j} tail_ij a_i b_j`, `a_i = (x / s_hi)^{2i+1}`, `b_j = (y / s_hi)^{2j+1}`,
 * `tail_ij = (-1)^{i+j} g_{i+j} / (i! j!)`, `g_n = sum_{r < cut} step u_r^{n+1}`, `u_r = e^{sigma_r} s_hi^2`
 * (a geometric series). The remainder is below `sum_r step u_r^{N+2} / (N+1)!` times
 * `xy / s^2`: at most 4e-9 with u_r <= TAIL_U_MAX.
 */
export function tailMoments(sigmas: Float64Array, sHi: number, step: number): { cut: number; tail: Float64Array } {
  let cut = 0;
  while (cut < sigmas.length && Math.exp(sigmas[cut]!) * sHi * sHi <= TAIL_U_MAX) cut++;
  const M = TAIL_MOMENTS;
  const tail = new Float64Array(M * M);
  if (cut === 0) return { cut, tail };
  const uTop = Math.exp(sigmas[cut - 1]!) * sHi * sHi;
  const g = (n: number): number => (step * uTop ** (n + 1)) / -Math.expm1(-(n + 1) * step);
  const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
  for (let i = 0; i < M; i++) {
    for (let j = 0; i + j < M; j++) tail[i * M + j] = ((-1) ** (i + j) * g(i + j)) / (factorial(i) * factorial(j));
  }
  return { cut, tail };
}

/** Multiplies the moment block of a node-2 vector (at `offset` in `u`) by the tail matrix (so that a plain dot product gives the tail). */
export function applyTail(tail: Float64Array, u: Float64Array, offset: number): void {
  const [b0, b1, b2, b3] = [u[offset]!, u[offset + 1]!, u[offset + 2]!, u[offset + 3]!];
  for (let i = 0; i < TAIL_MOMENTS; i++) {
    const o = i * TAIL_MOMENTS;
    u[offset + i] = tail[o]! * b0 + tail[o + 1]! * b1 + tail[o + 2]! * b2 + tail[o + 3]! * b3;
  }
}

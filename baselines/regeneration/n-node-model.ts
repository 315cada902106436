/**
 * The n-node, all-exponential system that the exact n-node solver handles
 * (docs/model.md §3.8), read from a scenario, and the balancing each node
 * applies at t_b: the simulator's own arithmetic (`viewsOf` of
 * envs/sim/knowledge.ts and `balanceNode` of envs/sim/balance.ts), so the
 * solver and the simulator always move the same batches.
 *
 * A node's knowledge at t_b is a mask over the other nodes (bit `j` set when
 * it has heard from node j), drawn independently of everything else.
 */
import { compileScenario } from '../../envs/sim/compiled-scenario.js';
import { type TargetRule, balanceNode, mixedTargetWeights } from '../../envs/sim/balance.js';
import { viewsOf } from '../../envs/sim/knowledge.js';
import type { Scenario, UnknownQueue } from '../../envs/sim/scenario.js';
import { validateLoads } from '../../envs/sim/scenario.js';
import type { TransferModel } from '../../envs/sim/transfer-delay.js';
import { informedProbability } from './pre-balance.js';

export interface NNodeModel {
  readonly n: number;
  /** Service rates lambda_i (tasks/s). */
  readonly rates: readonly number[];
  /** Mean delay of the message from i to j at `[i * n + j]` (0 on the diagonal). */
  readonly commMeans: readonly number[];
  readonly transfer: TransferModel;
  /** Capacity weights when averaging is capacity-weighted, else null (the plain average). */
  readonly weights: readonly number[] | null;
  readonly unknownQueue: UnknownQueue;
}

/** Target weights of the nodes (null: the plain average). */
export type NodeWeights = readonly number[] | null;

/**
 * Throws an Error naming the field when the scenario is outside the exact
 * solvers' scope (`what` says which solver): a service, communication or
 * transfer delay that is not exponential.
 */
export function requireExponentialScenario(scenario: Scenario, what: string): void {
  scenario.nodes.forEach((nd, i) => {
    if (nd.service.family !== 'exponential') throw new Error(`${what}: scenario.nodes[${i}].service.family is "${nd.service.family}"`);
  });
  if (scenario.comm.family !== 'exponential') throw new Error(`${what}: scenario.comm.family is "${scenario.comm.family}"`);
  scenario.commPairs?.forEach((row, i) =>
    row.forEach((d, j) => {
      if (i !== j && d !== null && d !== undefined && d.family !== 'exponential') {
        throw new Error(`${what}: scenario.commPairs[${i}][${j}].family is "${d.family}"`);
      }
    }),
  );
  const shape = scenario.transfer.shape;
  if (shape !== undefined && shape.family !== 'exponential') throw new Error(`${what}: scenario.transfer.shape.family is "${shape.family}"`);
}

const WHAT = 'the exact n-node solver needs at least two nodes and exponential service, communication and transfer delays';

/** Reads the n-node solver's model from a scenario; throws when the scenario is outside it. */
export function nNodeModel(scenario: Scenario): NNodeModel {
  if (!Array.isArray(scenario.nodes) || scenario.nodes.length < 2) {
    throw new Error(`${WHAT}: scenario.nodes has ${Array.isArray(scenario.nodes) ? scenario.nodes.length : 'no'} nodes`);
  }
  requireExponentialScenario(scenario, WHAT);
  const sc = compileScenario(scenario);
  return {
    n: sc.n,
    rates: Array.from(sc.rates),
    commMeans: Array.from(sc.commMeans),
    transfer: sc.transferModel,
    weights: sc.weights === null ? null : Array.from(sc.weights),
    unknownQueue: sc.unknownQueue,
  };
}

/** Validated initial loads, one per node. */
export function nNodeLoads(model: NNodeModel, loads: ArrayLike<number>): number[] {
  return validateLoads(Array.from(loads), model.n, 'loads');
}

/**
 * The weights of a target rule for the model's rates: null for `plain`,
 * the capacity weights for `capacity`, the mix of envs/sim/balance.ts for
 * `learned` at `alpha` (as LB-OneShot-v0 applies them).
 */
export function nNodeWeights(model: NNodeModel, target: TargetRule, alpha = 0): NodeWeights {
  if (target === 'plain') return null;
  return Array.from(mixedTargetWeights(model.rates, target === 'capacity' ? 1 : alpha, new Float64Array(model.n)));
}

/** The other nodes of node l in increasing order: bit b of a knowledge mask stands for `others(l)[b]`. */
export function otherNodes(n: number, l: number): number[] {
  return Array.from({ length: n - 1 }, (_, b) => (b < l ? b : b + 1));
}

/** `P(node l's knowledge mask at t_b = mask)` for every mask, `[mask]` (2^(n-1) entries). */
export function knowledgeLaw(model: NNodeModel, l: number, tb: number): Float64Array {
  const n = model.n;
  const others = otherNodes(n, l);
  const p = others.map((j) => informedProbability(model.commMeans[j * n + l]!, tb));
  const out = new Float64Array(1 << (n - 1));
  for (let mask = 0; mask < out.length; mask++) {
    let q = 1;
    for (let b = 0; b < n - 1; b++) q *= (mask >> b) & 1 ? p[b]! : 1 - p[b]!;
    out[mask] = q;
  }
  return out;
}

/** Scratch of nodeBatches (one per solver). */
export interface BalanceScratch {
  readonly views: Float64Array;
  readonly informed: Uint8Array;
}

export function balanceScratch(n: number): BalanceScratch {
  return { views: new Float64Array(n), informed: new Uint8Array(n) };
}

/**
 * The batches node `l` sends at t_b (written to `out[k]`, `out[l] = 0`) when it
 * holds `queue` tasks with knowledge `mask`, started from `loads`, with gain
 * K under target `weights`; returns their total.
 */
export function nodeBatches(
  model: NNodeModel,
  loads: readonly number[],
  l: number,
  queue: number,
  mask: number,
  K: number,
  weights: NodeWeights,
  scratch: BalanceScratch,
  out: Int32Array,
): number {
  if (queue === 0 || K === 0) {
    out.fill(0);
    return 0;
  }
  const n = model.n;
  scratch.informed.fill(0);
  otherNodes(n, l).forEach((j, b) => (scratch.informed[j] = (mask >> b) & 1));
  const all = viewsOf(l, queue, loads, scratch.informed, 0, model.unknownQueue, scratch.views);
  return balanceNode(l, queue, scratch.views, all, K, weights, out);
}

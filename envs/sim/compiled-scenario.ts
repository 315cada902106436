/**
 * A scenario prepared for simulation: validated once, rates and samplers
 * precomputed, and the flags that select the all-exponential fast path.
 */
import { type UnitSampler, meanOf, sampler, unitSampler } from './distributions.js';
import type { Scenario, UnknownQueue } from './scenario.js';
import { validateScenario } from './scenario.js';
import type { TransferModel } from './transfer-delay.js';

export interface CompiledScenario {
  readonly scenario: Scenario;
  readonly n: number;
  /** Service rates lambda_i (tasks/s). */
  readonly rates: Float64Array;
  /** Service-time samplers per node. */
  readonly service: readonly UnitSampler[];
  /** Communication-delay samplers per ordered pair, index `from * n + to`. */
  readonly comm: readonly UnitSampler[];
  /** Mean communication delay per ordered pair, index `from * n + to`. */
  readonly commMeans: Float64Array;
  readonly transferModel: TransferModel;
  /** Transfer-delay sampler of mean 1 (multiply by theta(L)). */
  readonly transferUnit: UnitSampler;
  /** Capacity weights `lambda_l / sum(lambda)` when averaging is capacity-weighted, else null. */
  readonly weights: Float64Array | null;
  readonly unknownQueue: UnknownQueue;
  /** True when service, communication and transfer delays are all exponential. */
  readonly allExponential: boolean;
}

const compiledCache = new WeakMap<Scenario, CompiledScenario>();

/** Validates and compiles a scenario (cached per scenario object). */
export function compileScenario(input: Scenario): CompiledScenario {
  const cached = compiledCache.get(input);
  if (cached !== undefined) return cached;
  const s = validateScenario(input);
  const n = s.nodes.length;
  const rates = new Float64Array(n);
  s.nodes.forEach((nd, i) => (rates[i] = 1 / meanOf(nd.service)));
  const comm: UnitSampler[] = [];
  const commMeans = new Float64Array(n * n);
  let commExp = true;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const d = (i === j ? null : s.commPairs?.[i]?.[j]) ?? s.comm;
      comm.push(sampler(d));
      commMeans[i * n + j] = i === j ? 0 : meanOf(d);
      if (i !== j && d.family !== 'exponential') commExp = false;
    }
  }
  const shape = s.transfer.shape ?? { family: 'exponential' as const };
  let weights: Float64Array | null = null;
  if (s.averaging === 'capacity-weighted') {
    let sum = 0;
    for (const r of rates) sum += r;
    weights = rates.map((r) => r / sum);
  }
  const compiled: CompiledScenario = {
    scenario: s,
    n,
    rates,
    service: s.nodes.map((nd) => sampler(nd.service)),
    comm,
    commMeans,
    transferModel: s.transfer.model,
    transferUnit: unitSampler(shape),
    weights,
    unknownQueue: s.unknownQueue ?? 'zero',
    allExponential:
      commExp && shape.family === 'exponential' && s.nodes.every((nd) => nd.service.family === 'exponential'),
  };
  compiledCache.set(input, compiled);
  return compiled;
}

/**
 * Heuristic policies for `Park-LoadBalance-v0`, acting on Park's observation
 * `[load_1, ..., load_n, jobSize]` (load: queued work plus the remaining
 * time of the job in service, see envs/park-env.ts).
 *
 * Park's repository ships no load-balance heuristics; the ones used with this
 * environment come from the authors' earlier code for "Variance Reduction for
 * Reinforcement Learning in Input-Driven Environments" (Mao et al., ICLR
 * 2019), whose `LeastWorkAgent` (argmin queued work) and
 * `ShortestProcessingTimeAgent` (argmin queued work / rate) are reproduced
 * here on the observation. Ties go to the lowest index (numpy's argmin).
 *
 * | name | action |
 * |---|---|
 * | `random` | uniform server (seeded stream `policy`) |
 * | `round-robin` | servers 0, 1, ..., n-1, 0, ... |
 * | `least-work` | argmin `load_i` (Mao's LeastWorkAgent) |
 * | `shortest-processing-time` | argmin `load_i / rate_i` (Mao's ShortestProcessingTimeAgent) |
 * | `earliest-finish` | argmin `(load_i + size) / rate_i` (shortest expected finish of the incoming job) |
 */
import type { Policy } from '../../envs/core/policy.js';
import { PARK_SERVICE_RATES } from '../../envs/park-env.js';
import { type Rng, streamFor } from '../../envs/sim/rng.js';

export const PARK_BASELINES = ['random', 'round-robin', 'least-work', 'shortest-processing-time', 'earliest-finish'] as const;
export type ParkBaselineName = (typeof PARK_BASELINES)[number];

export interface ParkBaselineOptions {
  /** The servers' rates (must match the env's `serviceRates`). @default Park's */
  serviceRates?: readonly number[];
  /** Seed of the `random` policy. @default 0 */
  seed?: number;
}

function checkObservation(name: string, obs: Float32Array, n: number): void {
  if (!(obs instanceof Float32Array) || obs.length !== n + 1) {
    throw new Error(`${name}: expected a Park observation of ${n + 1} values (n = ${n} servers, then the job size), got length ${(obs as { length?: unknown })?.length}`);
  }
}

export class RandomServerPolicy implements Policy<Float32Array, number> {
  readonly name = 'random';
  private readonly rng: Rng;
  constructor(readonly n: number, seed = 0) {
    this.rng = streamFor(seed, 'policy');
  }
  act(observation: Float32Array): number {
    checkObservation(this.name, observation, this.n);
    return this.rng.int(this.n);
  }
}

export class RoundRobinPolicy implements Policy<Float32Array, number> {
  readonly name = 'round-robin';
  private next = 0;
  constructor(readonly n: number) {}
  act(observation: Float32Array): number {
    checkObservation(this.name, observation, this.n);
    const a = this.next;
    this.next = (a + 1) % this.n;
    return a;
  }
  /** Starts again at server 0 (call at episode start for reproducible runs). */
  reset(): void {
    this.next = 0;
  }
}

/** argmin over servers of `(load_i + sizeWeight * size) / rate_i^rateWeight`. */
export class ArgminPolicy implements Policy<Float32Array, number> {
  private readonly inv: Float64Array;
  constructor(
    readonly name: string,
    readonly rates: readonly number[],
    private readonly sizeWeight: 0 | 1,
    useRates: boolean,
  ) {
    this.inv = Float64Array.from(rates, (r) => (useRates ? 1 / r : 1));
  }
  act(observation: Float32Array): number {
    const n = this.rates.length;
    checkObservation(this.name, observation, n);
    const size = this.sizeWeight * observation[n]!;
    let best = 0;
    let bestV = Infinity;
    for (let i = 0; i < n; i++) {
      const v = (observation[i]! + size) * this.inv[i]!;
      if (v < bestV) {
        bestV = v;
        best = i;
      }
    }
    return best;
  }
}

/** The Park heuristic called `name`. */
export function parkBaseline(name: ParkBaselineName, options: ParkBaselineOptions = {}): Policy<Float32Array, number> {
  const rates = options.serviceRates ?? PARK_SERVICE_RATES;
  switch (name) {
    case 'random':
      return new RandomServerPolicy(rates.length, options.seed ?? 0);
    case 'round-robin':
      return new RoundRobinPolicy(rates.length);
    case 'least-work':
      return new ArgminPolicy(name, rates, 0, false);
    case 'shortest-processing-time':
      return new ArgminPolicy(name, rates, 0, true);
    case 'earliest-finish':
      return new ArgminPolicy(name, rates, 1, true);
    default:
      throw new Error(`parkBaseline: name must be one of ${PARK_BASELINES.join(', ')}, got ${JSON.stringify(name)}`);
  }
}

/** Every Park heuristic, as `{name, policy}`. */
export function parkBaselines(options: ParkBaselineOptions = {}): { name: ParkBaselineName; policy: Policy<Float32Array, number> }[] {
  return PARK_BASELINES.map((name) => ({ name, policy: parkBaseline(name, options) }));
}

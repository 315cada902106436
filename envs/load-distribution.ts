/**
 * How an environment draws the initial loads `Q(0)` at each reset.
 *
 * | kind      | fields                          | draw                                          |
 * |-----------|---------------------------------|-----------------------------------------------|
 * | `fixed`   | `loads: number[]`               | always these loads                            |
 * | `uniform` | `low`, `high`: number or per node | each node independently, integer uniform in [low, high] |
 * | `list`    | `loads: number[][]`             | one of the listed load vectors, uniformly     |
 */
import type { Rng } from './sim/rng.js';
import { validateLoads } from './sim/scenario.js';
import { checkKnownKeys, invalid, requireNonNegativeInt } from './sim/validation.js';

export type LoadDistribution =
  | { kind: 'fixed'; loads: number[] }
  | { kind: 'uniform'; low: number | number[]; high: number | number[] }
  | { kind: 'list'; loads: number[][] };

/** A validated load distribution for `n` nodes. */
export interface LoadSampler {
  readonly spec: LoadDistribution;
  /** The largest load any node can get (for normalising observations). */
  readonly maxLoad: number;
  /** Per-node upper bounds. */
  readonly upper: number[];
  sample(rng: Rng, out: Int32Array): void;
}

export function loadSampler(spec: unknown, n: number, field = 'loads'): LoadSampler {
  if (typeof spec !== 'object' || spec === null) invalid(field, spec, 'an object with kind fixed | uniform | list');
  const o = spec as Record<string, unknown>;
  const keys: Record<string, true> | undefined =
    o['kind'] === 'uniform' ? { kind: true, low: true, high: true } : o['kind'] === 'fixed' || o['kind'] === 'list' ? { kind: true, loads: true } : undefined;
  if (keys !== undefined) checkKnownKeys<Record<string, unknown>>(o, keys, field);
  switch (o['kind']) {
    case 'fixed': {
      const loads = validateLoads(o['loads'], n, `${field}.loads`);
      return {
        spec: { kind: 'fixed', loads },
        maxLoad: Math.max(1, ...loads),
        upper: loads,
        sample: (_rng, out) => out.set(loads),
      };
    }
    case 'uniform': {
      const low = perNode(o['low'], n, `${field}.low`);
      const high = perNode(o['high'], n, `${field}.high`);
      for (let i = 0; i < n; i++) {
        if (high[i]! < low[i]!) invalid(`${field}.high[${i}]`, high[i], `an integer >= low (${low[i]})`);
      }
      return {
        spec: { kind: 'uniform', low: o['low'] as number | number[], high: o['high'] as number | number[] },
        maxLoad: Math.max(1, ...high),
        upper: high,
        sample: (rng, out) => {
          for (let i = 0; i < n; i++) out[i] = low[i]! + rng.int(high[i]! - low[i]! + 1);
        },
      };
    }
    case 'list': {
      const raw = o['loads'];
      if (!Array.isArray(raw) || raw.length === 0) invalid(`${field}.loads`, raw, 'a non-empty array of load vectors');
      const list = raw.map((l, i) => validateLoads(l, n, `${field}.loads[${i}]`));
      const upper = Array.from({ length: n }, (_, i) => Math.max(...list.map((l) => l[i]!)));
      return {
        spec: { kind: 'list', loads: list },
        maxLoad: Math.max(1, ...upper),
        upper,
        sample: (rng, out) => out.set(list[rng.int(list.length)]!),
      };
    }
    default:
      return invalid(`${field}.kind`, o['kind'], 'one of fixed, uniform, list');
  }
}

function perNode(v: unknown, n: number, field: string): number[] {
  if (typeof v === 'number') return new Array<number>(n).fill(requireNonNegativeInt(v, field));
  return validateLoads(v, n, field);
}

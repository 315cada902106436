/**
 * The mean transfer delay `theta(L)` of a batch of `L > 0` tasks (seconds).
 *
 * | kind           | theta(L)                                   |
 * |----------------|--------------------------------------------|
 * | `floor-linear` | `dMin + d L tanh(beta L / 2)` (docs/model.md §2.4) |
 * | `affine`       | `dMin + d L`                               |
 * | `constant`     | `mean`                                     |
 */
import { checkKnownKeys, invalid, requireNonNegative, requirePositive } from './validation.js';

export type TransferModel =
  | { kind: 'floor-linear'; dMin: number; d: number; beta: number }
  | { kind: 'affine'; dMin: number; d: number }
  | { kind: 'constant'; mean: number };

export const TRANSFER_KINDS = ['floor-linear', 'affine', 'constant'] as const;

/** Mean transfer delay of a batch of `tasks` (> 0) tasks under `model`. */
export function transferMean(model: TransferModel, tasks: number): number {
  switch (model.kind) {
    case 'floor-linear':
      return model.dMin + model.d * tasks * Math.tanh((model.beta * tasks) / 2);
    case 'affine':
      return model.dMin + model.d * tasks;
    case 'constant':
      return model.mean;
  }
}

/** The keys each kind takes. */
const KIND_KEYS: Record<TransferModel['kind'], Record<string, true>> = {
  'floor-linear': { kind: true, dMin: true, d: true, beta: true },
  affine: { kind: true, dMin: true, d: true },
  constant: { kind: true, mean: true },
};

export function validateTransferModel(v: unknown, field: string): TransferModel {
  if (typeof v !== 'object' || v === null) invalid(field, v, 'an object with a "kind"');
  const o = v as Record<string, unknown>;
  const keys = KIND_KEYS[o['kind'] as TransferModel['kind']];
  if (keys !== undefined) checkKnownKeys<Record<string, unknown>>(o, keys, field);
  switch (o['kind']) {
    case 'floor-linear': {
      const m: TransferModel = {
        kind: 'floor-linear',
        dMin: requireNonNegative(o['dMin'], `${field}.dMin`),
        d: requireNonNegative(o['d'], `${field}.d`),
        beta: requireNonNegative(o['beta'], `${field}.beta`),
      };
      if (m.dMin === 0 && (m.d === 0 || m.beta === 0)) invalid(`${field}.dMin`, 0, 'a mean delay > 0 for one task');
      return m;
    }
    case 'affine': {
      const m: TransferModel = {
        kind: 'affine',
        dMin: requireNonNegative(o['dMin'], `${field}.dMin`),
        d: requireNonNegative(o['d'], `${field}.d`),
      };
      if (m.dMin === 0 && m.d === 0) invalid(`${field}.d`, 0, 'dMin + d > 0');
      return m;
    }
    case 'constant':
      return { kind: 'constant', mean: requirePositive(o['mean'], `${field}.mean`) };
    default:
      return invalid(`${field}.kind`, o['kind'], `one of ${TRANSFER_KINDS.join(', ')}`);
  }
}

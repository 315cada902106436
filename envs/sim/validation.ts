/**
 * Input validation with errors that name the offending field and value.
 * Every user-facing check in lbgym throws a {@link ConfigError} from here.
 */

/** A bad configuration or input: its message names the field and the value. */
export class ConfigError extends Error {
  readonly field: string;
  constructor(field: string, value: unknown, expected: string) {
    super(`${field}: expected ${expected}, got ${show(value)}`);
    this.name = 'ConfigError';
    this.field = field;
  }
}

export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  try {
    const s = JSON.stringify(value);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(value);
  }
}

export function invalid(field: string, value: unknown, expected: string): never {
  throw new ConfigError(field, value, expected);
}

export function requireFinite(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) invalid(field, v, 'a finite number');
  return v;
}

export function requirePositive(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) invalid(field, v, 'a finite number > 0');
  return v;
}

export function requireNonNegative(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) invalid(field, v, 'a finite number >= 0');
  return v;
}

export function requireInRange(v: unknown, field: string, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) {
    invalid(field, v, `a number in [${lo}, ${hi}]`);
  }
  return v;
}

export function requireNonNegativeInt(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) invalid(field, v, 'an integer >= 0');
  return v;
}

export function requirePositiveInt(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) invalid(field, v, 'an integer > 0');
  return v;
}

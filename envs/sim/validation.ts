/**
 * Input validation with errors that name the offending field and value.
 * Every user-facing check in lbgym throws a {@link ConfigError} from here.
 */

/** A bad configuration or input: its message names the field and the value. */
export class ConfigError extends Error {
  readonly field: string;
  /** `message` replaces the default `field: expected ..., got value`. */
  constructor(field: string, value: unknown, expected: string, message?: string) {
    super(message ?? `${field}: expected ${expected}, got ${show(value)}`);
    this.name = 'ConfigError';
    this.field = field;
  }
}

/**
 * Rejects a key of `obj` that `known` does not list (a typo would otherwise
 * be ignored): the error names `where.key` and suggests the closest known
 * key. `known` lists every key of T (given explicitly), so the compiler keeps
 * it complete.
 */
export function checkKnownKeys<T>(obj: object, known: Record<keyof T, true>, where: string): void {
  const keys = Object.keys(known);
  for (const key of Object.keys(obj)) {
    if (keys.includes(key)) continue;
    const name = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
    const field = where === '' ? name : `${where}.${name}`;
    const hint = closestKey(key, keys);
    throw new ConfigError(field, key, 'a known key', `${field}: unknown key${hint === undefined ? '' : ` (did you mean "${hint}"?)`}; known keys: ${keys.join(', ')}`);
  }
}

/**
 * The known key within edit distance 2 (or a third of the key's length) of
 * `key`, the nearest first; undefined when none is that close. A few lines of
 * Levenshtein distance, not worth a dependency.
 */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const k of known) {
    const d = editDistance(key.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
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

/**
 * An error in option `field` of a library call (`runTraining`'s `algo`,
 * `runComparison`'s `runs`, ...), reading `field: text`. The CLI shows it
 * under the flag of that option (experiments/cli/errors.ts).
 */
export function optionError(field: string, text: string): ConfigError {
  return new ConfigError(field, undefined, '', `${field}: ${text}`);
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

/**
 * Parsers for CLI option values: each throws a UsageError naming the flag and
 * the bad value.
 */
import { UsageError } from './errors.js';

export function parseNumberFlag(flag: string, value: string, range?: { min?: number; max?: number; integer?: boolean }): number {
  const x = Number(value);
  const okRange =
    Number.isFinite(x) &&
    (range?.min === undefined || x >= range.min) &&
    (range?.max === undefined || x <= range.max) &&
    (range?.integer !== true || Number.isInteger(x));
  if (value.trim() === '' || !okRange) {
    const parts: string[] = [];
    if (range?.integer === true) parts.push('an integer');
    else parts.push('a number');
    if (range?.min !== undefined && range.max !== undefined) parts.push(`in [${range.min}, ${range.max}]`);
    else if (range?.min !== undefined) parts.push(`>= ${range.min}`);
    else if (range?.max !== undefined) parts.push(`<= ${range.max}`);
    throw new UsageError(`${flag}: expected ${parts.join(' ')}, got ${JSON.stringify(value)}`);
  }
  return x;
}

/** A comma-separated list of numbers, e.g. `--loads 100,50`. */
export function parseNumberList(flag: string, value: string, range?: { min?: number; max?: number; integer?: boolean }): number[] {
  const parts = value.split(',').map((s) => s.trim());
  if (parts.length === 0 || parts.some((p) => p === '')) {
    throw new UsageError(`${flag}: expected comma-separated numbers, got ${JSON.stringify(value)}`);
  }
  return parts.map((p) => parseNumberFlag(flag, p, range));
}

/** A number or a comma-separated list of numbers (one per node). */
export function parseNumberOrList(
  flag: string,
  value: string,
  range?: { min?: number; max?: number },
): number | number[] {
  const list = parseNumberList(flag, value, range);
  return list.length === 1 ? list[0]! : list;
}

export function parseChoice<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) {
    throw new UsageError(`${flag}: expected one of ${choices.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

/** A JSON object given on the command line, e.g. `--env-kwargs '{"reward":"jain-finish"}'`. */
export function parseJsonObject(flag: string, value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (e) {
    throw new UsageError(`${flag}: expected a JSON object, got ${JSON.stringify(value)} (${(e as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`${flag}: expected a JSON object, got ${JSON.stringify(value)}`);
  }
  return parsed as Record<string, unknown>;
}

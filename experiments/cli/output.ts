/**
 * Output helpers: one JSON object per line for `--json`, aligned tables for people.
 */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Formats a number with `digits` significant decimals, trimming noise. */
export function fmt(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 1e6 || (Math.abs(x) < 1e-3 && x !== 0)) return x.toExponential(digits - 1);
  return x.toFixed(digits);
}

/** An aligned plain-text table. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** `95% CI lo .. hi`, or `n = 1, no CI` when the interval is undefined (one sample). */
export function ciText(ci: readonly [number, number], digits = 4): string {
  return Number.isNaN(ci[0]) || Number.isNaN(ci[1]) ? 'n = 1, no CI' : `95% CI ${fmt(ci[0], digits)} .. ${fmt(ci[1], digits)}`;
}

/** A CI for JSON: null when undefined (one sample). */
export function ciJson(ci: readonly [number, number]): [number, number] | null {
  return Number.isNaN(ci[0]) || Number.isNaN(ci[1]) ? null : [ci[0], ci[1]];
}

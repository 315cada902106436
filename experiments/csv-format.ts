/**
 * The one CSV dialect of lbgym's files (metrics.csv, comparison.csv,
 * sweep.csv): RFC 4180, comma-separated, `\n` line ends; numbers in full
 * precision; absent or non-finite values are empty cells; a text field with
 * a comma, quote or newline is quoted, its quotes doubled.
 */

export type CsvValue = string | number | undefined;

export function csvField(value: CsvValue): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One line (without its line end). */
export function csvLine(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',');
}

/** A whole file: the header, then one line per row, each ending in `\n`. */
export function csvTable(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return `${[csvLine(header), ...rows.map(csvLine)].join('\n')}\n`;
}

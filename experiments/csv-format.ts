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

/** One record of a CSV file read back: its cells and the file line it starts on (1-based). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/**
 * Reads the dialect above (and `\r\n` line ends) back into records. Blank
 * lines and lines starting with `#` (comments) are skipped; `line` keeps each
 * record's line number in the file, so errors can name it. An unterminated
 * quote is an error naming its line.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const start = line;
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] === '\n')) {
      i += text[i] === '\r' ? 2 : 1;
      line++;
      continue;
    }
    if (text[i] === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (;;) {
      const c = text[i];
      if (quoted) {
        if (c === undefined) throw new Error(`line ${start}: unterminated quoted field`);
        if (c === '"' && text[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (c === '"') {
          quoted = false;
          i++;
        } else {
          if (c === '\n') line++;
          cell += c;
          i++;
        }
        continue;
      }
      if (c === '"' && cell === '') {
        quoted = true;
        i++;
      } else if (c === ',') {
        cells.push(cell);
        cell = '';
        i++;
      } else if (c === undefined || c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
        cells.push(cell);
        break;
      } else {
        cell += c;
        i++;
      }
    }
    records.push({ line: start, cells });
  }
  return records;
}

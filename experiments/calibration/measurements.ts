/**
 * Measurement files for `lbgym calibrate` (README, section `lbgym
 * calibrate`): CSV or JSON, four kinds of table, each known by its
 * measured column.
 *
 * | kind         | columns                                  | one row is                                  |
 * |--------------|------------------------------------------|---------------------------------------------|
 * | `service`    | `node`, `service_s`                      | one task's service time at node `node` (1-based) |
 * | `comm`       | `comm_s`                                 | one message's communication delay           |
 * | `transfer`   | `batch`, `transfer_s`                    | one batch of `batch` tasks and its transfer delay |
 * | `completion` | `load1` ... `loadn`, `K`, `tb`, `completion_s` | one one-shot episode's completion time under known loads, K and t_b |
 *
 * A CSV file holds one table: its header names the columns (in any order),
 * blank lines and `#` comment lines are skipped. A JSON file is an object
 * whose keys are kinds, each an array of rows with the same columns as
 * numbers. Every error names the file, the row (the CSV file's line, or the
 * JSON array index) and the column.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, closestKey, show } from '../../envs/sim/validation.js';
import { csvTable, parseCsv } from '../csv-format.js';

export interface TransferObservation {
  /** Batch size L (tasks). */
  batch: number;
  /** Its transfer delay (s). */
  seconds: number;
}

export interface CompletionObservation {
  loads: number[];
  K: number;
  tb: number;
  /** The episode's completion time (s). */
  seconds: number;
  /** Where the row came from (for errors): `file: row N`. */
  where: string;
}

export interface Measurements {
  /** Service times per node (index 0 is node 1); empty when none were given. */
  service: number[][];
  comm: number[];
  transfer: TransferObservation[];
  completion: CompletionObservation[];
  /** The files read, in order. */
  files: string[];
}

export const MEASUREMENT_KINDS = ['service', 'comm', 'transfer', 'completion'] as const;
export type MeasurementKind = (typeof MEASUREMENT_KINDS)[number];

/** The measured column of each kind: it tells a CSV file's kind. */
const MEASURED: Record<MeasurementKind, string> = { service: 'service_s', comm: 'comm_s', transfer: 'transfer_s', completion: 'completion_s' };

/** The largest queue a completion row may give (the exact solver's limit per node). */
const MAX_LOAD = 4000;

/** A bad cell: `file: row R, column "c": expected ..., got ...`. */
function cellError(where: string, column: string, value: unknown, expected: string): ConfigError {
  return new ConfigError(`${where}, column "${column}"`, value, expected);
}

interface Row {
  where: string;
  get(column: string): unknown;
}

/** The columns a row of `kind` takes, given its load columns for `completion`. */
function columnsOf(kind: MeasurementKind, loadColumns: number): string[] {
  switch (kind) {
    case 'service':
      return ['node', 'service_s'];
    case 'comm':
      return ['comm_s'];
    case 'transfer':
      return ['batch', 'transfer_s'];
    case 'completion':
      return [...Array.from({ length: loadColumns }, (_, i) => `load${i + 1}`), 'K', 'tb', 'completion_s'];
  }
}

/** The number of `load1..loadn` columns; an error when they are not consecutive or fewer than 2. */
function loadColumnCount(columns: readonly string[], where: string): number {
  const loads = columns.filter((c) => /^load\d+$/.test(c));
  for (let i = 1; i <= loads.length; i++) {
    if (!loads.includes(`load${i}`)) throw new ConfigError(where, columns, '', `${where}: expected load columns load1 ... load${loads.length} (one per node), missing "load${i}"`);
  }
  if (loads.length < 2) throw new ConfigError(where, columns, '', `${where}: expected load columns load1, load2, ... (one per node, at least 2)`);
  return loads.length;
}

/** Rejects a missing or unknown column, naming it (and the closest known one). */
function checkColumns(columns: readonly string[], wanted: readonly string[], where: string): void {
  for (const c of columns) {
    if (wanted.includes(c)) continue;
    const hint = closestKey(c, wanted);
    throw new ConfigError(where, c, '', `${where}: unknown column ${show(c)}${hint === undefined ? '' : ` (did you mean "${hint}"?)`}; the columns are ${wanted.join(', ')}`);
  }
  for (const c of wanted) {
    if (!columns.includes(c)) throw new ConfigError(where, c, '', `${where}: missing column "${c}" (the columns are ${wanted.join(', ')})`);
  }
}

function numberCell(row: Row, column: string, check: (x: number) => boolean, expected: string): number {
  const raw = row.get(column);
  const x = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (!Number.isFinite(x) || !check(x)) throw cellError(row.where, column, raw, expected);
  return x;
}

const positive = (x: number): boolean => x > 0;

/** Adds one row of `kind` to `out`. */
function addRow(out: Measurements, kind: MeasurementKind, row: Row, loadColumns: number): void {
  switch (kind) {
    case 'service': {
      const node = numberCell(row, 'node', (x) => Number.isInteger(x) && x >= 1 && x <= 10_000, 'a node number, an integer in [1, 10000]');
      const seconds = numberCell(row, 'service_s', positive, 'a service time in seconds, a finite number > 0');
      while (out.service.length < node) out.service.push([]);
      out.service[node - 1]!.push(seconds);
      return;
    }
    case 'comm':
      out.comm.push(numberCell(row, 'comm_s', positive, 'a communication delay in seconds, a finite number > 0'));
      return;
    case 'transfer':
      out.transfer.push({
        batch: numberCell(row, 'batch', (x) => Number.isInteger(x) && x >= 1, 'a batch size, an integer >= 1'),
        seconds: numberCell(row, 'transfer_s', positive, 'a transfer delay in seconds, a finite number > 0'),
      });
      return;
    case 'completion': {
      const loads = Array.from({ length: loadColumns }, (_, i) =>
        numberCell(row, `load${i + 1}`, (x) => Number.isInteger(x) && x >= 0 && x <= MAX_LOAD, `an initial queue, an integer in [0, ${MAX_LOAD}]`),
      );
      out.completion.push({
        loads,
        K: numberCell(row, 'K', (x) => x >= 0 && x <= 1, 'a gain in [0, 1]'),
        tb: numberCell(row, 'tb', (x) => x >= 0, 'a balancing instant in seconds, a number >= 0'),
        seconds: numberCell(row, 'completion_s', positive, 'a completion time in seconds, a finite number > 0'),
        where: row.where,
      });
      return;
    }
  }
}

function readCsvFile(path: string, text: string, out: Measurements): void {
  let records;
  try {
    records = parseCsv(text);
  } catch (e) {
    throw new ConfigError(path, path, '', `${path}: ${(e as Error).message}`);
  }
  const header = records[0];
  if (header === undefined) throw new ConfigError(path, path, '', `${path}: expected a header line, the file is empty`);
  const columns = header.cells.map((c) => c.trim());
  const where = `${path}: row ${header.line}`;
  const kinds = MEASUREMENT_KINDS.filter((k) => columns.includes(MEASURED[k]));
  if (kinds.length !== 1) {
    throw new ConfigError(where, columns, '', `${where}: expected a header with exactly one measured column (${MEASUREMENT_KINDS.map((k) => MEASURED[k]).join(', ')}), got ${show(columns.join(','))}`);
  }
  const kind = kinds[0]!;
  const loadColumns = kind === 'completion' ? loadColumnCount(columns, where) : 0;
  checkColumns(columns, columnsOf(kind, loadColumns), where);
  for (const r of records.slice(1)) {
    const rowWhere = `${path}: row ${r.line}`;
    if (r.cells.length !== columns.length) {
      throw new ConfigError(rowWhere, r.cells, '', `${rowWhere}: expected ${columns.length} cells (${columns.join(', ')}), got ${r.cells.length}`);
    }
    addRow(out, kind, { where: rowWhere, get: (c) => r.cells[columns.indexOf(c)] }, loadColumns);
  }
}

function readJsonFile(path: string, text: string, out: Measurements): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(path, path, '', `${path}: expected valid JSON (${(e as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(path, parsed, '', `${path}: expected an object with any of the keys ${MEASUREMENT_KINDS.join(', ')}`);
  }
  for (const [key, rows] of Object.entries(parsed)) {
    if (!(MEASUREMENT_KINDS as readonly string[]).includes(key)) {
      const hint = closestKey(key, MEASUREMENT_KINDS);
      throw new ConfigError(`${path}: ${key}`, key, '', `${path}: unknown key ${show(key)}${hint === undefined ? '' : ` (did you mean "${hint}"?)`}; known keys: ${MEASUREMENT_KINDS.join(', ')}`);
    }
    const kind = key as MeasurementKind;
    if (!Array.isArray(rows)) throw new ConfigError(`${path}: ${kind}`, rows, 'an array of rows');
    let loadColumns = 0;
    rows.forEach((row: unknown, i) => {
      const where = `${path}: ${kind} row ${i + 1} (${kind}[${i}])`;
      if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new ConfigError(where, row, 'an object of columns');
      const columns = Object.keys(row);
      if (kind === 'completion') {
        const n = loadColumnCount(columns, where);
        if (i > 0 && n !== loadColumns) throw new ConfigError(where, columns, '', `${where}: expected ${loadColumns} load columns like the rows before, got ${n}`);
        loadColumns = n;
      }
      checkColumns(columns, columnsOf(kind, loadColumns), where);
      const o = row as Record<string, unknown>;
      addRow(out, kind, { where, get: (c) => o[c] }, loadColumns);
    });
  }
}

/** Reads and checks measurement files (CSV by default, JSON when the name ends in `.json`); tables of the same kind are concatenated. */
export function readMeasurements(paths: readonly string[]): Measurements {
  const out: Measurements = { service: [], comm: [], transfer: [], completion: [], files: [...paths] };
  for (const path of paths) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw new ConfigError(path, path, '', `${path}: expected a readable measurement file (${(e as Error).message})`);
    }
    if (/\.json$/i.test(path)) readJsonFile(path, text, out);
    else readCsvFile(path, text, out);
  }
  out.service.forEach((xs, i) => {
    if (xs.length === 0) {
      throw new ConfigError('service', i + 1, '', `service: node ${i + 1} has no samples (nodes are numbered 1 .. ${out.service.length}, every one needs service times)`);
    }
  });
  const n = out.completion[0]?.loads.length;
  for (const c of out.completion) {
    if (c.loads.length !== n) throw new ConfigError(c.where, c.loads, '', `${c.where}: expected ${n} load columns like the first completion table, got ${c.loads.length}`);
  }
  return out;
}

/** The CSV file of one kind of table of `m` (the format `readMeasurements` reads), with `comment` lines first, or undefined when `m` has no such rows. */
export function measurementCsv(m: Measurements, kind: MeasurementKind, comment: readonly string[] = []): string | undefined {
  const n = m.completion[0]?.loads.length ?? 0;
  const rows: (readonly number[])[] =
    kind === 'service'
      ? m.service.flatMap((xs, i) => xs.map((x) => [i + 1, x]))
      : kind === 'comm'
        ? m.comm.map((x) => [x])
        : kind === 'transfer'
          ? m.transfer.map((o) => [o.batch, o.seconds])
          : m.completion.map((c) => [...c.loads, c.K, c.tb, c.seconds]);
  if (rows.length === 0) return undefined;
  return `${comment.map((c) => `# ${c}\n`).join('')}${csvTable(columnsOf(kind, n), rows)}`;
}

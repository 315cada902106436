/**
 * A scenario: the system of docs/model.md §1-§2 that the simulator runs.
 *
 * - `nodes[i].service`: the service-time distribution of node i (mean = 1/lambda_i).
 * - `comm`: the communication delay `eta_ij`, one distribution shared by every
 *   ordered pair, or `commPairs[i][j]` per ordered pair (i sends, j receives).
 * - `transfer`: `model` gives the mean `theta(L)`; `shape` the family of the
 *   delay around that mean (exponential by default).
 * - `averaging`: `plain` (the paper's average) or `capacity-weighted`
 *   (target `lambda_l / sum(lambda) * total`).
 * - `unknownQueue`: what a blind node assumes of a node it has not heard from:
 *   `zero` (docs/model.md: counts as empty) or `own` (assumes it holds as much as itself).
 * - `defaultLoads`: the initial queues used when none are given.
 */
import { readFileSync } from 'node:fs';
import {
  type DelayShape,
  type Distribution,
  meanOf,
  shapeOf,
  validateDistribution,
} from './distributions.js';
import { type TransferModel, validateTransferModel } from './transfer-delay.js';
import { ConfigError, checkKnownKeys, invalid, requireNonNegativeInt } from './validation.js';

export interface NodeSpec {
  name?: string;
  service: Distribution;
}

export type Averaging = 'plain' | 'capacity-weighted';
export type UnknownQueue = 'zero' | 'own';

export interface Scenario {
  name: string;
  description?: string;
  nodes: NodeSpec[];
  comm: Distribution;
  /** Optional per-ordered-pair communication delays; `null` on the diagonal. */
  commPairs?: (Distribution | null)[][];
  transfer: { model: TransferModel; shape?: DelayShape };
  averaging?: Averaging;
  unknownQueue?: UnknownQueue;
  defaultLoads: number[];
}

/** Validates a scenario object (for instance parsed from JSON); errors name the field. */
export function validateScenario(v: unknown, field = 'scenario'): Scenario {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) invalid(field, v, 'an object');
  const o = v as Record<string, unknown>;
  checkKnownKeys<Scenario>(o, { name: true, description: true, nodes: true, comm: true, commPairs: true, transfer: true, averaging: true, unknownQueue: true, defaultLoads: true }, field);
  const name = o['name'] ?? 'custom';
  if (typeof name !== 'string' || name.length === 0) invalid(`${field}.name`, name, 'a non-empty string');
  const nodesRaw = o['nodes'];
  if (!Array.isArray(nodesRaw) || nodesRaw.length < 2) invalid(`${field}.nodes`, nodesRaw, 'an array of at least 2 nodes');
  const nodes: NodeSpec[] = nodesRaw.map((nd, i) => {
    const f = `${field}.nodes[${i}]`;
    if (typeof nd !== 'object' || nd === null) invalid(f, nd, 'an object with a "service" distribution');
    const ndo = nd as Record<string, unknown>;
    checkKnownKeys<NodeSpec>(ndo, { name: true, service: true }, f);
    const spec: NodeSpec = { service: validateDistribution(ndo['service'], `${f}.service`) };
    if (ndo['name'] !== undefined) {
      if (typeof ndo['name'] !== 'string') invalid(`${f}.name`, ndo['name'], 'a string');
      spec.name = ndo['name'];
    }
    return spec;
  });
  const n = nodes.length;
  const comm = validateDistribution(o['comm'], `${field}.comm`);
  const out: Scenario = { name, nodes, comm, transfer: validateTransfer(o['transfer'], `${field}.transfer`), defaultLoads: [] };
  if (typeof o['description'] === 'string') out.description = o['description'];
  if (o['commPairs'] !== undefined) out.commPairs = validateCommPairs(o['commPairs'], n, `${field}.commPairs`);
  const averaging = o['averaging'] ?? 'plain';
  if (averaging !== 'plain' && averaging !== 'capacity-weighted') {
    invalid(`${field}.averaging`, averaging, '"plain" or "capacity-weighted"');
  }
  out.averaging = averaging;
  const unknownQueue = o['unknownQueue'] ?? 'zero';
  if (unknownQueue !== 'zero' && unknownQueue !== 'own') invalid(`${field}.unknownQueue`, unknownQueue, '"zero" or "own"');
  out.unknownQueue = unknownQueue;
  const loads = o['defaultLoads'] ?? new Array<number>(n).fill(0);
  out.defaultLoads = validateLoads(loads, n, `${field}.defaultLoads`);
  return out;
}

function validateTransfer(v: unknown, field: string): Scenario['transfer'] {
  if (typeof v !== 'object' || v === null) invalid(field, v, 'an object with a "model"');
  const o = v as Record<string, unknown>;
  checkKnownKeys<Scenario['transfer']>(o, { model: true, shape: true }, field);
  const model = validateTransferModel(o['model'], `${field}.model`);
  if (o['shape'] === undefined) return { model };
  // A shape is a distribution without its mean: validate it with a placeholder mean.
  const withMean = { ...(o['shape'] as Record<string, unknown>), mean: 1 };
  return { model, shape: shapeOf(validateDistribution(withMean, `${field}.shape`)) };
}

function validateCommPairs(v: unknown, n: number, field: string): (Distribution | null)[][] {
  if (!Array.isArray(v) || v.length !== n) invalid(field, v, `an ${n} x ${n} array`);
  return v.map((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== n) invalid(`${field}[${i}]`, row, `an array of ${n} entries`);
    return row.map((d: unknown, j) => {
      if (i === j) return null;
      return validateDistribution(d, `${field}[${i}][${j}]`);
    });
  });
}

/** The largest initial queue of a node (the simulator's task counts stay exact far beyond it). */
export const MAX_TASKS_PER_NODE = 1_000_000;

/** Validates initial loads: `n` integers in [0, MAX_TASKS_PER_NODE]. */
export function validateLoads(v: unknown, n: number, field = 'loads'): number[] {
  if (!Array.isArray(v) && !ArrayBuffer.isView(v)) invalid(field, v, `an array of ${n} non-negative integers`);
  const arr = Array.from(v as ArrayLike<number>);
  if (arr.length !== n) invalid(field, v, `${n} values (one per node)`);
  return arr.map((x, i) => {
    requireNonNegativeInt(x, `${field}[${i}]`);
    if (x > MAX_TASKS_PER_NODE) invalid(`${field}[${i}]`, x, `an integer in [0, ${MAX_TASKS_PER_NODE}] (tasks per node)`);
    return x;
  });
}

/** Reads and validates a scenario from a JSON file. */
export function loadScenarioFile(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError('--scenario', path, `a readable JSON file (${(e as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ConfigError('--scenario', path, `valid JSON (${(e as Error).message})`);
  }
  return validateScenario(parsed, path);
}

/** Service rates `lambda_i = 1 / mean service time` (tasks/s). */
export function serviceRates(s: Scenario): number[] {
  return s.nodes.map((nd) => 1 / meanOf(nd.service));
}

/** The mean communication delay from node i to node j. */
export function commMean(s: Scenario, i: number, j: number): number {
  const d = s.commPairs?.[i]?.[j];
  return meanOf(d ?? s.comm);
}

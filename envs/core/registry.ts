/**
 * The registry of versioned environment ids (Gymnasium's `register`/`make`),
 * for single-agent `Env`s and multi-agent `ParallelEnv`s in one namespace.
 *
 * Ids are `Name-vN` or `namespace/Name-vN` (name: a letter, then letters,
 * digits, `_`, `.`, `-`; N: a non-negative integer). Registering an id twice
 * is an error.
 *
 * `make(id)` builds the env with the registered kwargs overridden by the
 * caller's, sets `env.spec`, and stacks
 * `TimeLimit(OrderEnforcing(PassiveEnvChecker(env)))` (the checker unless
 * `disableEnvChecker`, the time limit only when `maxEpisodeSteps` is set).
 * `makeParallel` does the same with the parallel wrappers.
 */
import type { Env, EnvSpec } from './env.js';
import type { ParallelEnv } from './parallel-env.js';
import { OrderEnforcing, PassiveEnvChecker, TimeLimit } from './wrappers/common.js';
import { ParallelOrderEnforcing, ParallelPassiveEnvChecker, ParallelTimeLimit } from './wrappers/parallel-common.js';

/** Constructor arguments of an environment, JSON-friendly. */
export type Kwargs = Record<string, unknown>;

export interface EnvRegistration<Obs = Float32Array, Act = Float32Array> {
  /** Builds the bare environment from the merged kwargs. */
  entryPoint: (kwargs: Kwargs) => Env<Obs, Act>;
  /** Episode step limit added by `TimeLimit`; none when absent. */
  maxEpisodeSteps?: number;
  /** Default kwargs, overridden key by key by `make`'s. */
  kwargs?: Kwargs;
}

export interface ParallelEnvRegistration<Obs = Float32Array, Act = Float32Array> {
  entryPoint: (kwargs: Kwargs) => ParallelEnv<Obs, Act>;
  maxEpisodeSteps?: number;
  kwargs?: Kwargs;
}

export interface MakeOptions {
  /** Overrides the registered kwargs key by key. */
  kwargs?: Kwargs;
  /** Overrides the registered step limit. */
  maxEpisodeSteps?: number;
  /** Leaves out the passive checker (it costs one branch per step). @default false */
  disableEnvChecker?: boolean;
}

export type EnvKind = 'env' | 'parallel';

/** A registered id with its kind and defaults. */
export interface RegisteredSpec extends EnvSpec {
  kind: EnvKind;
}

/** The parts of an id. */
export interface ParsedEnvId {
  namespace?: string;
  name: string;
  version: number;
}

type Entry =
  | { kind: 'env'; spec: RegisteredSpec; entryPoint: (kwargs: Kwargs) => Env<unknown, unknown> }
  | { kind: 'parallel'; spec: RegisteredSpec; entryPoint: (kwargs: Kwargs) => ParallelEnv<unknown, unknown> };

const ID_PATTERN = /^(?:([A-Za-z][\w.-]*)\/)?([A-Za-z][\w.-]*?)-v(\d+)$/;
const entries = new Map<string, Entry>();

/** Splits a versioned id; throws naming the id when it is malformed. */
export function parseEnvId(id: string): ParsedEnvId {
  const m = typeof id === 'string' ? ID_PATTERN.exec(id) : null;
  if (m === null) {
    throw new Error(`registry: id must look like 'Name-vN' or 'namespace/Name-vN', got ${JSON.stringify(id)}`);
  }
  const parsed: ParsedEnvId = { name: m[2]!, version: Number(m[3]) };
  if (m[1] !== undefined) parsed.namespace = m[1];
  return parsed;
}

function checkSteps(id: string, maxEpisodeSteps: number | undefined): void {
  if (maxEpisodeSteps !== undefined && (!Number.isInteger(maxEpisodeSteps) || maxEpisodeSteps < 1)) {
    throw new Error(`registry: maxEpisodeSteps of ${id} must be a positive integer, got ${maxEpisodeSteps}`);
  }
}

function add(id: string, entry: Entry): void {
  parseEnvId(id);
  if (entries.has(id)) throw new Error(`registry: id ${id} is already registered`);
  if (typeof entry.entryPoint !== 'function') {
    throw new Error(`registry: entryPoint of ${id} must be a function, got ${String(entry.entryPoint)}`);
  }
  checkSteps(id, entry.spec.maxEpisodeSteps);
  entries.set(id, entry);
}

function makeSpec(id: string, kind: EnvKind, maxEpisodeSteps: number | undefined, kwargs: Kwargs | undefined): RegisteredSpec {
  const spec: RegisteredSpec = { id, kind, kwargs: { ...(kwargs ?? {}) } };
  if (maxEpisodeSteps !== undefined) spec.maxEpisodeSteps = maxEpisodeSteps;
  return spec;
}

/** Registers a single-agent environment under `id`. */
export function register<Obs = Float32Array, Act = Float32Array>(id: string, registration: EnvRegistration<Obs, Act>): void {
  add(id, {
    kind: 'env',
    spec: makeSpec(id, 'env', registration.maxEpisodeSteps, registration.kwargs),
    entryPoint: registration.entryPoint as (kwargs: Kwargs) => Env<unknown, unknown>,
  });
}

/** Registers a multi-agent parallel environment under `id`. */
export function registerParallel<Obs = Float32Array, Act = Float32Array>(
  id: string,
  registration: ParallelEnvRegistration<Obs, Act>,
): void {
  add(id, {
    kind: 'parallel',
    spec: makeSpec(id, 'parallel', registration.maxEpisodeSteps, registration.kwargs),
    entryPoint: registration.entryPoint as (kwargs: Kwargs) => ParallelEnv<unknown, unknown>,
  });
}

function lookup<K extends EnvKind>(id: string, kind: K, caller: string): Extract<Entry, { kind: K }> {
  const entry = entries.get(id);
  if (entry === undefined) {
    let hint = '';
    const m = ID_PATTERN.exec(id);
    if (m !== null) {
      const prefix = `${m[1] === undefined ? '' : `${m[1]}/`}${m[2]}-v`;
      const versions = [...entries.keys()].filter((k) => k.startsWith(prefix) && /^\d+$/.test(k.slice(prefix.length)));
      if (versions.length > 0) hint = `; registered versions: ${versions.join(', ')}`;
    }
    throw new Error(`${caller}: no environment registered as ${JSON.stringify(id)}${hint}`);
  }
  if (entry.kind !== kind) {
    throw new Error(`${caller}: ${id} is a ${entry.kind === 'env' ? 'single-agent env; use make' : 'parallel env; use makeParallel'}`);
  }
  return entry as Extract<Entry, { kind: K }>;
}

function resolveSpec(entry: Entry, options: MakeOptions): EnvSpec {
  const kwargs: Kwargs = { ...entry.spec.kwargs, ...(options.kwargs ?? {}) };
  const steps = options.maxEpisodeSteps ?? entry.spec.maxEpisodeSteps;
  checkSteps(entry.spec.id, steps);
  const spec: EnvSpec = { id: entry.spec.id, kwargs };
  if (steps !== undefined) spec.maxEpisodeSteps = steps;
  return spec;
}

/**
 * Builds the registered single-agent env `id`, wrapped as described above.
 * `Obs` and `Act` are the caller's claim about the env's types (not checked
 * here; the passive checker checks observations at run time).
 */
export function make<Obs = Float32Array, Act = Float32Array>(id: string, options: MakeOptions = {}): Env<Obs, Act> {
  const entry = lookup(id, 'env', 'make');
  const spec = resolveSpec(entry, options);
  const base = entry.entryPoint(spec.kwargs) as Env<Obs, Act>;
  base.spec = spec;
  let env: Env<Obs, Act> = options.disableEnvChecker === true ? base : new PassiveEnvChecker(base);
  env = new OrderEnforcing(env);
  if (spec.maxEpisodeSteps !== undefined) env = new TimeLimit(env, spec.maxEpisodeSteps);
  return env;
}

/** Builds the registered parallel env `id`, wrapped as described above. */
export function makeParallel<Obs = Float32Array, Act = Float32Array>(id: string, options: MakeOptions = {}): ParallelEnv<Obs, Act> {
  const entry = lookup(id, 'parallel', 'makeParallel');
  const spec = resolveSpec(entry, options);
  const base = entry.entryPoint(spec.kwargs) as ParallelEnv<Obs, Act>;
  base.spec = spec;
  let env: ParallelEnv<Obs, Act> = options.disableEnvChecker === true ? base : new ParallelPassiveEnvChecker(base);
  env = new ParallelOrderEnforcing(env);
  if (spec.maxEpisodeSteps !== undefined) env = new ParallelTimeLimit(env, spec.maxEpisodeSteps);
  return env;
}

/** The registered spec of `id` (a copy). */
export function spec(id: string): RegisteredSpec {
  const entry = entries.get(id);
  if (entry === undefined) throw new Error(`spec: no environment registered as ${JSON.stringify(id)}`);
  return { ...entry.spec, kwargs: { ...entry.spec.kwargs } };
}

/** Every registered spec (copies), optionally of one kind, sorted by id. */
export function listEnvs(kind?: EnvKind): RegisteredSpec[] {
  return [...entries.keys()]
    .sort()
    .map((id) => spec(id))
    .filter((s) => kind === undefined || s.kind === kind);
}

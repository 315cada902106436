/**
 * The small checks shared by `checkEnv`, `checkParallelEnv` and the passive
 * checker wrappers: is this a space, is this an info object, is this step
 * result well formed, are two observations equal, and a short description of
 * a value for error messages.
 */
import type { Info, StepResult } from './env.js';
import type { Space, SpaceKind } from './space.js';

const SPACE_KINDS: ReadonlySet<SpaceKind> = new Set<SpaceKind>(['box', 'discrete', 'multi-discrete', 'dict']);

/** Whether `x` satisfies the `Space` contract (kind, shape, sample, contains, seed). */
export function isSpace(x: unknown): x is Space<unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Record<string, unknown>;
  return (
    SPACE_KINDS.has(s.kind as SpaceKind) &&
    Array.isArray(s.shape) &&
    typeof s.sample === 'function' &&
    typeof s.contains === 'function' &&
    typeof s.seed === 'function'
  );
}

/** Whether `x` is a plain info object (not null, not an array). */
export function isInfo(x: unknown): x is Info {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A short, bounded description of a value for error messages. */
export function describe(x: unknown): string {
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) {
    const arr = x as unknown as ArrayLike<number>;
    const head = Array.from({ length: Math.min(arr.length, 8) }, (_, i) => String(arr[i]));
    return `${x.constructor.name}(${arr.length}) [${head.join(', ')}${arr.length > 8 ? ', ...' : ''}]`;
  }
  if (typeof x === 'object' && x !== null) {
    const keys = Object.keys(x);
    return `{${keys.slice(0, 8).join(', ')}${keys.length > 8 ? ', ...' : ''}}`;
  }
  return typeof x === 'string' ? JSON.stringify(x) : String(x);
}

/**
 * Deep equality of observations: numbers and typed-array entries compare with
 * `Object.is` (so NaN equals NaN, 0 differs from -0 only as `Object.is` says),
 * arrays and plain objects recursively.
 */
export function dataEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    if (a.constructor !== b.constructor) return false;
    const x = a as unknown as ArrayLike<number>;
    const y = b as unknown as ArrayLike<number>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => dataEqual(v, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    return ka.every((k) => k in rb && dataEqual(ra[k], rb[k]));
  }
  return false;
}

/** Throws unless `observation` is in `space`; `where` names the call. */
export function assertObservation(where: string, space: Space<unknown>, observation: unknown): void {
  if (!space.contains(observation)) {
    throw new Error(`${where}: observation ${describe(observation)} is not in observationSpace ${space.toString()}`);
  }
}

/** Throws unless `info` is a plain object; `where` names the call. */
export function assertInfo(where: string, info: unknown): void {
  if (!isInfo(info)) throw new Error(`${where}: info must be a plain object, got ${describe(info)}`);
}

/** Throws unless `reward` is a finite number; `where` names the call. */
export function assertReward(where: string, reward: unknown): void {
  if (typeof reward !== 'number' || !Number.isFinite(reward)) {
    throw new Error(`${where}: reward must be a finite number, got ${describe(reward)}`);
  }
}

/** Throws unless `value` is a boolean; `field` names it. */
export function assertBoolean(where: string, field: string, value: unknown): void {
  if (typeof value !== 'boolean') throw new Error(`${where}: ${field} must be a boolean, got ${describe(value)}`);
}

/** Checks one single-agent step result against the observation space. */
export function assertStepResult(where: string, space: Space<unknown>, result: StepResult<unknown>): void {
  if (!isInfo(result)) throw new Error(`${where}: step must return an object, got ${describe(result)}`);
  assertObservation(where, space, result.observation);
  assertReward(where, result.reward);
  assertBoolean(where, 'terminated', result.terminated);
  assertBoolean(where, 'truncated', result.truncated);
  assertInfo(where, result.info);
}

function assertSameKeys(where: string, field: string, record: unknown, expected: readonly string[]): void {
  if (!isInfo(record)) throw new Error(`${where}: ${field} must be an object keyed by agent, got ${describe(record)}`);
  const keys = Object.keys(record);
  const missing = expected.filter((a) => !(a in record));
  const extra = keys.filter((k) => !expected.includes(k));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      `${where}: ${field} keys must be [${expected.join(', ')}], missing [${missing.join(', ')}], unexpected [${extra.join(', ')}]`,
    );
  }
}

/** The parts of a parallel env the result checks need. */
interface ParallelSpaces {
  observationSpace(agent: string): Space<unknown>;
}

/** Checks a parallel reset result: one observation in its space and one info per live agent. */
export function assertParallelReset(
  where: string,
  env: ParallelSpaces,
  agents: readonly string[],
  result: { observations: unknown; infos: unknown },
): void {
  if (!isInfo(result)) throw new Error(`${where}: reset must return {observations, infos}, got ${describe(result)}`);
  assertSameKeys(where, 'observations', result.observations, agents);
  assertSameKeys(where, 'infos', result.infos, agents);
  const obs = result.observations as Record<string, unknown>;
  const infos = result.infos as Record<string, unknown>;
  for (const a of agents) {
    assertObservation(`${where} (agent ${a})`, env.observationSpace(a), obs[a]);
    assertInfo(`${where} (agent ${a})`, infos[a]);
  }
}

/**
 * Checks a parallel step result: the agents that acted (`acted`) each get an
 * observation in their space, a finite reward, boolean termination and
 * truncation, and an info object.
 */
export function assertParallelStep(
  where: string,
  env: ParallelSpaces,
  acted: readonly string[],
  result: { observations: unknown; rewards: unknown; terminations: unknown; truncations: unknown; infos: unknown },
): void {
  if (!isInfo(result)) throw new Error(`${where}: step must return an object, got ${describe(result)}`);
  for (const field of ['observations', 'rewards', 'terminations', 'truncations', 'infos'] as const) {
    assertSameKeys(where, field, result[field], acted);
  }
  const r = result as Record<string, Record<string, unknown>>;
  for (const a of acted) {
    const w = `${where} (agent ${a})`;
    assertObservation(w, env.observationSpace(a), r.observations![a]);
    assertReward(w, r.rewards![a]);
    assertBoolean(w, 'terminated', r.terminations![a]);
    assertBoolean(w, 'truncated', r.truncations![a]);
    assertInfo(w, r.infos![a]);
  }
}

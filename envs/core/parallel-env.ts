/**
 * The multi-agent parallel contract (PettingZoo's ParallelEnv, in TypeScript).
 * All live agents act at once; results are keyed by agent name.
 * `observationSpace(agent)` and `actionSpace(agent)` return the same object on
 * every call.
 */
import type { EnvSpec, Info, ResetOptions } from './env.js';
import type { Space } from './space.js';

export type AgentId = string;
export type PerAgent<T> = Record<AgentId, T>;

export interface ParallelResetResult<Obs> {
  observations: PerAgent<Obs>;
  infos: PerAgent<Info>;
}

export interface ParallelStepResult<Obs> {
  observations: PerAgent<Obs>;
  rewards: PerAgent<number>;
  terminations: PerAgent<boolean>;
  truncations: PerAgent<boolean>;
  infos: PerAgent<Info>;
}

export interface ParallelEnv<Obs = Float32Array, Act = Float32Array> {
  /** Agents alive now (empty once every agent is done). */
  readonly agents: readonly AgentId[];
  /** Every agent that may ever appear. */
  readonly possibleAgents: readonly AgentId[];
  observationSpace(agent: AgentId): Space<Obs>;
  actionSpace(agent: AgentId): Space<Act>;
  /** Registry id (`Name-v0`) once made through the registry. */
  spec?: EnvSpec;
  /** A global state for centralised critics (concatenation or richer). */
  state?(): Float32Array;
  reset(opts?: ResetOptions): ParallelResetResult<Obs>;
  step(actions: PerAgent<Act>): ParallelStepResult<Obs>;
  close(): void;
}

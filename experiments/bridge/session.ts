/**
 * One client's session of `lbgym serve` (docs/bridge-protocol.md): it makes
 * one registered environment (single, vector or parallel), answers each
 * request frame with one reply frame, and turns every error into an error
 * reply carrying lbgym's message (the environment stays usable after a reset).
 */
import type { Env, Info } from '../../envs/core/env.js';
import type { ParallelEnv, PerAgent } from '../../envs/core/parallel-env.js';
import type { Space } from '../../envs/core/space.js';
import { findCheckpointable } from '../../envs/core/checkpointable.js';
import { listEnvs, make, makeParallel, type MakeOptions, spec } from '../../envs/core/registry.js';
import { AUTORESET_MODES, type AutoresetMode, SyncVectorEnv } from '../../envs/core/vector/sync-vector-env.js';
import '../../envs/registration.js';
import { type ArrayDtype, type DecodedFrame, FixedFrame, FrameEncoder, jsonSafe, type NamedArray } from './frame.js';
import { actionLayout, describeSpace, observationDim, toAction } from './space-description.js';
import { isSolverOp, SolverCalls } from './solver-calls.js';

export const PROTOCOL_VERSION = 1;

/** Which info keys a reply carries: none, all, or the listed ones. */
type InfoRequest = undefined | true | readonly string[];

type Served =
  | { kind: 'env'; id: string; env: Env<Float32Array, unknown> }
  | { kind: 'vector'; id: string; vec: SyncVectorEnv<unknown> }
  | { kind: 'parallel'; id: string; env: ParallelEnv<Float32Array, unknown> };

function infoRequest(header: Record<string, unknown>): InfoRequest {
  const v = header.info;
  if (v === undefined || v === false || v === null) return undefined;
  if (v === true) return true;
  if (Array.isArray(v) && v.every((k) => typeof k === 'string')) return v as string[];
  throw new Error(`info must be true, false or a list of info keys, got ${JSON.stringify(v)}`);
}

function pick(info: Info, keys: InfoRequest): Info {
  if (keys === true) return info;
  const out: Info = {};
  if (keys !== undefined) for (const k of keys) if (k in info) out[k] = info[k];
  return out;
}

function arrayOf(frame: DecodedFrame, name: string, dtype: 'float32' | 'int32', length: number, op: string): Float32Array | Int32Array {
  const a = frame.arrays.get(name);
  if (a === undefined) throw new Error(`${op}: the request must carry the array "${name}"`);
  if (!(a instanceof (dtype === 'float32' ? Float32Array : Int32Array))) throw new Error(`${op}: array "${name}" must be ${dtype}, got ${a.constructor.name.replace('Array', '').toLowerCase()}`);
  if (a.length !== length) throw new Error(`${op}: array "${name}" has ${a.length} values, expected ${length}`);
  return a as Float32Array | Int32Array;
}

/** A step reply of fixed layout and views of its arrays, filled in place each step. */
interface StepReply {
  bytes: Uint8Array;
  observations: Float32Array;
  rewards: Float64Array;
  terminated: Uint8Array;
  truncated: Uint8Array;
  finalMask?: Uint8Array;
  finalObservations?: Float32Array;
}

function stepReplyFor(s: Served): StepReply | undefined {
  if (s.kind === 'parallel') return undefined;
  const n = s.kind === 'vector' ? s.vec.numEnvs : 1;
  const d = s.kind === 'vector' ? s.vec.obsDim : observationDim(s.env.observationSpace);
  const layout: { name: string; dtype: ArrayDtype; shape: number[] }[] = [
    { name: 'observations', dtype: 'float32', shape: s.kind === 'vector' ? [n, d] : [d] },
    { name: 'rewards', dtype: 'float64', shape: [n] },
    { name: 'terminated', dtype: 'uint8', shape: [n] },
    { name: 'truncated', dtype: 'uint8', shape: [n] },
  ];
  const sameStep = s.kind === 'vector' && s.vec.autoresetMode === 'same-step';
  if (sameStep) layout.push({ name: 'finalMask', dtype: 'uint8', shape: [n] }, { name: 'finalObservations', dtype: 'float32', shape: [n, d] });
  const f = new FixedFrame({ ok: true }, layout);
  const reply: StepReply = {
    bytes: f.bytes,
    observations: f.arrays.get('observations') as Float32Array,
    rewards: f.arrays.get('rewards') as Float64Array,
    terminated: f.arrays.get('terminated') as Uint8Array,
    truncated: f.arrays.get('truncated') as Uint8Array,
  };
  if (sameStep) {
    reply.finalMask = f.arrays.get('finalMask') as Uint8Array;
    reply.finalObservations = f.arrays.get('finalObservations') as Float32Array;
  }
  return reply;
}

export class BridgeSession {
  /** Set by `close`: the transport ends the session after sending the reply. */
  closed = false;
  private served: Served | undefined;
  private readonly encoder = new FrameEncoder();
  private readonly solver = new SolverCalls();
  /** The preallocated step reply without infos (set by make; none for parallel envs). */
  private stepReply: StepReply | undefined;

  constructor(private readonly version: string) {}

  /** The reply frame to one request frame (a view into a reused buffer: send it before the next call). */
  handle(frame: DecodedFrame): Uint8Array {
    const op = typeof frame.header.op === 'string' ? frame.header.op : '';
    try {
      return this.dispatch(op, frame);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      return this.encoder.encode({ ok: false, op, error: message });
    }
  }

  private reply(fields: Record<string, unknown>, arrays: readonly NamedArray[] = []): Uint8Array {
    return this.encoder.encode({ ok: true, ...fields }, arrays);
  }

  private current(op: string): Served {
    if (this.served === undefined) throw new Error(`${op}: no environment yet; send make first`);
    return this.served;
  }

  private dispatch(op: string, frame: DecodedFrame): Uint8Array {
    const h = frame.header;
    switch (op) {
      case 'hello':
        return this.reply({ protocol: PROTOCOL_VERSION, lbgym: this.version });
      case 'list':
        return this.reply({ envs: listEnvs().map((s) => ({ id: s.id, kind: s.kind, maxEpisodeSteps: s.maxEpisodeSteps ?? null, kwargs: s.kwargs })) });
      case 'make':
        this.make(h);
        return this.reply(this.spaces());
      case 'spaces':
        return this.reply(this.spaces());
      case 'reset':
        return this.reset(frame);
      case 'step':
        return this.step(frame);
      case 'getState':
        return this.reply({ state: this.getState() });
      case 'setState':
        this.setState(h.state);
        return this.reply({});
      case 'close':
        this.dispose();
        this.closed = true;
        return this.reply({});
      default:
        if (isSolverOp(op)) return this.reply(this.solver.call(op, h));
        throw new Error(`bridge: unknown op ${JSON.stringify(op)} (expected hello, list, make, spaces, reset, step, getState, setState, close, expectedReward, optimum, regretGrid or regret)`);
    }
  }

  /** Closes the served environment, if any (the transport calls it when the client goes away). */
  dispose(): void {
    const s = this.served;
    this.served = undefined;
    if (s === undefined) return;
    if (s.kind === 'vector') s.vec.close();
    else s.env.close();
  }

  private make(h: Record<string, unknown>): void {
    const id = h.id;
    if (typeof id !== 'string') throw new Error(`make: id must be a registered environment id, got ${JSON.stringify(id)}`);
    const kwargs = h.kwargs ?? {};
    if (typeof kwargs !== 'object' || kwargs === null || Array.isArray(kwargs)) throw new Error(`make: kwargs must be an object, got ${JSON.stringify(kwargs)}`);
    const options: MakeOptions = { kwargs: kwargs as Record<string, unknown> };
    if (h.maxEpisodeSteps !== undefined && h.maxEpisodeSteps !== null) options.maxEpisodeSteps = h.maxEpisodeSteps as number;
    if (h.disableEnvChecker === true) options.disableEnvChecker = true;
    const numEnvs = h.numEnvs;
    const kind = spec(id).kind;
    let served: Served;
    if (numEnvs !== undefined && numEnvs !== null) {
      if (kind !== 'env') throw new Error(`make: ${id} is a parallel env; numEnvs is for single-agent envs`);
      if (!Number.isInteger(numEnvs) || (numEnvs as number) < 1) throw new Error(`make: numEnvs must be a positive integer, got ${JSON.stringify(numEnvs)}`);
      const mode = (h.autoresetMode ?? 'next-step') as AutoresetMode;
      if (!AUTORESET_MODES.includes(mode)) throw new Error(`make: autoresetMode must be one of ${AUTORESET_MODES.join(', ')}, got ${JSON.stringify(mode)}`);
      const factories = Array.from({ length: numEnvs as number }, () => () => make<Float32Array, unknown>(id, options));
      served = { kind: 'vector', id, vec: new SyncVectorEnv<unknown>(factories, { copy: false, autoresetMode: mode }) };
    } else if (kind === 'parallel') {
      served = { kind: 'parallel', id, env: makeParallel<Float32Array, unknown>(id, options) };
    } else {
      served = { kind: 'env', id, env: make<Float32Array, unknown>(id, options) };
    }
    this.dispose();
    this.served = served;
    this.stepReply = stepReplyFor(served);
  }

  private spaces(): Record<string, unknown> {
    const s = this.current('spaces');
    const checkpointable = s.kind === 'vector' ? s.vec.envs.every((e) => findCheckpointable(e) !== undefined) : findCheckpointable(s.env) !== undefined;
    const registered = spec(s.id);
    const common = { id: s.id, kind: s.kind, checkpointable, maxEpisodeSteps: registered.maxEpisodeSteps ?? null };
    if (s.kind === 'parallel') {
      const agents = s.env.possibleAgents;
      const first = agents[0];
      if (first === undefined) throw new Error(`make: ${s.id} has no agents`);
      const layout = actionLayout(s.env.actionSpace(first));
      const dim = observationDim(s.env.observationSpace(first));
      for (const a of agents) {
        if (observationDim(s.env.observationSpace(a)) !== dim || actionLayout(s.env.actionSpace(a)).dim !== layout.dim || actionLayout(s.env.actionSpace(a)).dtype !== layout.dtype) {
          throw new Error(`make: ${s.id}'s agents must share observation and action layouts to be served (agent ${a} differs from ${first})`);
        }
      }
      const per = (f: (a: string) => Space<unknown>): Record<string, unknown> => Object.fromEntries(agents.map((a) => [a, describeSpace(f(a))]));
      return { ...common, possibleAgents: agents, observationSpaces: per((a) => s.env.observationSpace(a)), actionSpaces: per((a) => s.env.actionSpace(a)), actionDtype: layout.dtype, actionDim: layout.dim };
    }
    const single = s.kind === 'vector' ? { obs: s.vec.singleObservationSpace as Space<unknown>, act: s.vec.singleActionSpace as Space<unknown> } : { obs: s.env.observationSpace as Space<unknown>, act: s.env.actionSpace as Space<unknown> };
    const layout = actionLayout(single.act);
    return {
      ...common,
      numEnvs: s.kind === 'vector' ? s.vec.numEnvs : 1,
      ...(s.kind === 'vector' ? { autoresetMode: s.vec.autoresetMode } : {}),
      observationSpace: describeSpace(single.obs),
      actionSpace: describeSpace(single.act),
      actionDtype: layout.dtype,
      actionDim: layout.dim,
    };
  }

  private reset(frame: DecodedFrame): Uint8Array {
    const s = this.current('reset');
    const h = frame.header;
    const opts: { seed?: number; options?: Record<string, unknown> } = {};
    if (h.seed !== undefined && h.seed !== null) {
      if (!Number.isInteger(h.seed)) throw new Error(`reset: seed must be an integer, got ${JSON.stringify(h.seed)}`);
      opts.seed = h.seed as number;
    }
    if (h.options !== undefined && h.options !== null) opts.options = h.options as Record<string, unknown>;
    if (s.kind === 'env') {
      const r = s.env.reset(opts);
      return this.reply({ infos: [r.info] }, [{ name: 'observations', values: r.observation, shape: [r.observation.length] }]);
    }
    if (s.kind === 'vector') {
      const mask = frame.arrays.get('mask');
      const r = s.vec.reset(mask === undefined ? opts : { ...opts, mask });
      return this.reply({ infos: r.infos }, [{ name: 'observations', values: r.observations, shape: [s.vec.numEnvs, s.vec.obsDim] }]);
    }
    const r = s.env.reset(opts);
    return this.parallelReply(r.observations, undefined, r.infos, true, s.env);
  }

  private step(frame: DecodedFrame): Uint8Array {
    const s = this.current('step');
    const keys = infoRequest(frame.header);
    if (s.kind === 'parallel') return this.parallelStep(s.env, frame, keys);
    if (s.kind === 'env') {
      const space = s.env.actionSpace as Space<unknown>;
      const layout = actionLayout(space);
      const actions = arrayOf(frame, 'actions', layout.dtype, layout.dim, 'step');
      const r = s.env.step(toAction(space, actions));
      const fast = this.stepReply;
      if (keys === undefined && fast !== undefined) {
        fast.observations.set(r.observation);
        fast.rewards[0] = r.reward;
        fast.terminated[0] = r.terminated ? 1 : 0;
        fast.truncated[0] = r.truncated ? 1 : 0;
        return fast.bytes;
      }
      return this.reply({ infos: [pick(r.info, keys)] }, [
        { name: 'observations', values: r.observation, shape: [r.observation.length] },
        { name: 'rewards', values: Float64Array.of(r.reward), shape: [1] },
        { name: 'terminated', values: Uint8Array.of(r.terminated ? 1 : 0), shape: [1] },
        { name: 'truncated', values: Uint8Array.of(r.truncated ? 1 : 0), shape: [1] },
      ]);
    }
    const vec = s.vec;
    const layout = actionLayout(vec.singleActionSpace as Space<unknown>);
    const actions = arrayOf(frame, 'actions', layout.dtype, vec.numEnvs * layout.dim, 'step');
    const r = vec.step(actions);
    const n = vec.numEnvs;
    const fast = this.stepReply;
    if (keys === undefined && fast !== undefined) {
      fast.observations.set(r.observations);
      fast.rewards.set(r.rewards);
      fast.terminated.set(r.terminations);
      fast.truncated.set(r.truncations);
      if (r.final !== undefined) {
        fast.finalMask!.set(r.final.mask);
        fast.finalObservations!.set(r.final.observations);
      }
      return fast.bytes;
    }
    const arrays: NamedArray[] = [
      { name: 'observations', values: r.observations, shape: [n, vec.obsDim] },
      { name: 'rewards', values: r.rewards, shape: [n] },
      { name: 'terminated', values: r.terminations, shape: [n] },
      { name: 'truncated', values: r.truncations, shape: [n] },
    ];
    if (r.final !== undefined) arrays.push({ name: 'finalMask', values: r.final.mask, shape: [n] }, { name: 'finalObservations', values: r.final.observations, shape: [n, vec.obsDim] });
    const fields: Record<string, unknown> = { infos: r.infos.map((i) => pick(i, keys)) };
    if (r.final !== undefined) fields.finalInfos = r.final.infos.map((i) => pick(i, keys));
    return this.reply(fields, arrays);
  }

  private parallelStep(env: ParallelEnv<Float32Array, unknown>, frame: DecodedFrame, keys: InfoRequest): Uint8Array {
    const agents = frame.header.agents;
    if (!Array.isArray(agents) || !agents.every((a) => typeof a === 'string')) throw new Error(`step: agents must list the acting agents' names, got ${JSON.stringify(agents)}`);
    const first = env.possibleAgents[0]!;
    const layout = actionLayout(env.actionSpace(first));
    const actions = arrayOf(frame, 'actions', layout.dtype, agents.length * layout.dim, 'step');
    const perAgent: PerAgent<unknown> = {};
    (agents as string[]).forEach((a, i) => {
      if (!env.possibleAgents.includes(a)) throw new Error(`step: unknown agent ${JSON.stringify(a)} (possible agents: ${env.possibleAgents.join(', ')})`);
      perAgent[a] = toAction(env.actionSpace(a), actions.subarray(i * layout.dim, (i + 1) * layout.dim));
    });
    const r = env.step(perAgent);
    return this.parallelReply(r.observations, r, keys === undefined ? undefined : Object.fromEntries(Object.entries(r.infos).map(([a, i]) => [a, pick(i, keys)])), keys !== undefined, env);
  }

  private parallelReply(
    observations: PerAgent<Float32Array>,
    step: { rewards: PerAgent<number>; terminations: PerAgent<boolean>; truncations: PerAgent<boolean> } | undefined,
    infos: PerAgent<Info> | undefined,
    withInfos: boolean,
    env: ParallelEnv<Float32Array, unknown>,
  ): Uint8Array {
    const agents = Object.keys(observations);
    const first = env.possibleAgents[0]!;
    const d = observationDim(env.observationSpace(first));
    const obs = new Float32Array(agents.length * d);
    agents.forEach((a, i) => obs.set(observations[a]!, i * d));
    const arrays: NamedArray[] = [{ name: 'observations', values: obs, shape: [agents.length, d] }];
    if (step !== undefined) {
      arrays.push(
        { name: 'rewards', values: Float64Array.from(agents, (a) => step.rewards[a] ?? 0), shape: [agents.length] },
        { name: 'terminated', values: Uint8Array.from(agents, (a) => (step.terminations[a] === true ? 1 : 0)), shape: [agents.length] },
        { name: 'truncated', values: Uint8Array.from(agents, (a) => (step.truncations[a] === true ? 1 : 0)), shape: [agents.length] },
      );
    }
    return this.reply({ agents, live: env.agents, ...(withInfos && infos !== undefined ? { infos } : {}) }, arrays);
  }

  private getState(): unknown {
    const s = this.current('getState');
    if (s.kind === 'vector') {
      return { envs: s.vec.envs.map((e) => this.checkpointable(e, s.id).getState()), pending: Array.from(s.vec.pendingResets()) };
    }
    return this.checkpointable(s.env, s.id).getState();
  }

  private setState(state: unknown): void {
    const s = this.current('setState');
    if (s.kind === 'vector') {
      const st = state as { envs?: unknown; pending?: unknown };
      if (typeof st !== 'object' || st === null || !Array.isArray(st.envs) || st.envs.length !== s.vec.numEnvs || !Array.isArray(st.pending)) {
        throw new Error(`setState: a vector state must be {"envs": [${s.vec.numEnvs} states], "pending": [...]} from getState`);
      }
      s.vec.envs.forEach((e, i) => this.checkpointable(e, s.id).setState((st.envs as unknown[])[i]));
      s.vec.setPendingResets(st.pending as number[]);
      return;
    }
    this.checkpointable(s.env, s.id).setState(state);
  }

  private checkpointable(env: unknown, id: string): { getState(): unknown; setState(s: unknown): void } {
    const c = findCheckpointable(env);
    if (c === undefined) throw new Error(`getState/setState: ${id} is not checkpointable (it has no getState/setState)`);
    return c;
  }
}

/** JSON of a value as the bridge writes it (typed arrays as lists, non-finite numbers as strings). */
export function bridgeJson(value: unknown): string {
  return JSON.stringify(value, jsonSafe);
}

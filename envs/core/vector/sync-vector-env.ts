/**
 * `SyncVectorEnv`: `numEnvs` copies of an environment stepped one after the
 * other in this thread (Gymnasium's `vector/sync_vector_env.py`), with batched
 * flat arrays:
 *
 * - observations: one `Float32Array` of `numEnvs * obsDim`, env `i` at
 *   `[i * obsDim, (i + 1) * obsDim)`; the single observation space must be a Box
 *   (wrap Dict observations in `FlattenObservation` first);
 * - actions: one flat `ArrayLike<number>` of `numEnvs * actionDim`: a
 *   `Float32Array` for a Box (`actionDim` = its size), one integer per env for a
 *   Discrete (`actionDim` = 1), `actionDim` integers per env for a MultiDiscrete;
 * - rewards `Float64Array`, terminations and truncations `Uint8Array` (0/1),
 *   infos one `Info` object per env.
 *
 * Autoreset, Gymnasium 1.x's `AutoresetMode`s (`autoresetMode`):
 * - `'next-step'` (the default, `NEXT_STEP`): when sub-env `i` ends an episode
 *   (terminated or truncated), that step returns its final observation as
 *   usual. On the next `step` call, sub-env `i` is reset instead of stepped:
 *   its action is ignored, and it returns the reset observation and reset info
 *   with reward 0, terminated 0 and truncated 0.
 * - `'same-step'` (`SAME_STEP`): a sub-env that ends an episode is reset in the
 *   same step; the step returns the reset observation and reset info, with the
 *   step's reward, terminated and truncated, and the episode's last
 *   observation and info in `final` (mask, observations, infos).
 * - `'disabled'` (`DISABLED`): no automatic reset; the caller resets finished
 *   sub-envs with `reset({mask})` (Gymnasium's `options.reset_mask`) before
 *   stepping again (stepping one is an error naming it).
 * `reset()` clears pending autoresets.
 *
 * Seeding: `reset({seed})` resets sub-env `i` with `seed + i`; without a seed,
 * each sub-env continues its own stream. Autoresets never pass a seed. With a
 * `mask`, only the masked sub-envs are reset (still with `seed + i`); the
 * others keep their last observation, and `infos[i]` is `{}` for them.
 *
 * With `copy: true` (the default, as in Gymnasium) each call returns fresh
 * arrays; with `copy: false` it returns the same internal buffers every time,
 * overwritten by the next call (no per-step allocation).
 */
import type { Env, Info } from '../env.js';
import type { Space } from '../space.js';
import { Box } from '../spaces/box.js';
import { Discrete } from '../spaces/discrete.js';
import { MultiDiscrete } from '../spaces/multi-discrete.js';

export type AutoresetMode = 'next-step' | 'same-step' | 'disabled';

export const AUTORESET_MODES: readonly AutoresetMode[] = ['next-step', 'same-step', 'disabled'];

export interface SyncVectorEnvOptions {
  /** Return fresh arrays from every call (else reused buffers). @default true */
  copy?: boolean;
  /** How finished sub-envs restart (see the file header). @default 'next-step' */
  autoresetMode?: AutoresetMode;
}

export interface VectorResetOptions {
  /** Sub-env `i` is reset with `seed + i`. */
  seed?: number;
  options?: Record<string, unknown>;
  /** Resets only the sub-envs whose entry is 1 (length `numEnvs`, at least one 1). */
  mask?: ArrayLike<number | boolean>;
}

export interface VectorResetResult {
  observations: Float32Array;
  infos: Info[];
}

export interface VectorStepResult {
  observations: Float32Array;
  rewards: Float64Array;
  terminations: Uint8Array;
  truncations: Uint8Array;
  infos: Info[];
  /** `'same-step'` only: the episodes that ended this step (`mask[i]` 1), their last observations (rows of `numEnvs * obsDim`, zero where unmasked) and infos (`{}` where unmasked). */
  final?: { mask: Uint8Array; observations: Float32Array; infos: Info[] };
}

/** The action space of the whole batch, as one flat element. */
export type BatchedActionSpace = Box | MultiDiscrete;

function tile(values: ArrayLike<number>, times: number): number[] {
  const out = new Array<number>(values.length * times);
  for (let t = 0; t < times; t++) for (let k = 0; k < values.length; k++) out[t * values.length + k] = values[k]!;
  return out;
}

export class SyncVectorEnv<Act = Float32Array> {
  readonly numEnvs: number;
  readonly envs: readonly Env<Float32Array, Act>[];
  readonly singleObservationSpace: Box;
  readonly singleActionSpace: Space<Act>;
  /** Box of shape `[numEnvs, ...singleShape]` over the flat batch. */
  readonly observationSpace: Box;
  /** Box `[numEnvs, ...]` for Box actions; MultiDiscrete (flat, `numEnvs * k` entries) for (Multi)Discrete. */
  readonly actionSpace: BatchedActionSpace;
  readonly obsDim: number;
  readonly actionDim: number;
  readonly copy: boolean;
  readonly autoresetMode: AutoresetMode;

  private readonly unpackAction: (actions: ArrayLike<number>, i: number) => Act;
  private readonly observations: Float32Array;
  private readonly rewards: Float64Array;
  private readonly terminations: Uint8Array;
  private readonly truncations: Uint8Array;
  private readonly infos: Info[];
  private readonly autoreset: Uint8Array;
  private hasReset = false;
  private closed = false;

  constructor(envFns: readonly (() => Env<Float32Array, Act>)[], options: SyncVectorEnvOptions = {}) {
    if (envFns.length < 1) throw new Error('SyncVectorEnv: envFns must not be empty, got 0 factories');
    this.copy = options.copy ?? true;
    this.autoresetMode = options.autoresetMode ?? 'next-step';
    if (!AUTORESET_MODES.includes(this.autoresetMode)) {
      throw new Error(`SyncVectorEnv: autoresetMode must be one of ${AUTORESET_MODES.join(', ')}, got ${JSON.stringify(this.autoresetMode)}`);
    }
    this.envs = envFns.map((fn) => fn());
    this.numEnvs = this.envs.length;
    const first = this.envs[0]!;
    const obsSpace = first.observationSpace;
    if (!(obsSpace instanceof Box)) {
      throw new Error(`SyncVectorEnv: the single observationSpace must be a Box, got ${obsSpace.toString()} (use FlattenObservation)`);
    }
    this.singleObservationSpace = obsSpace;
    this.singleActionSpace = first.actionSpace;
    this.envs.forEach((env, i) => {
      if (env.observationSpace.toString() !== obsSpace.toString()) {
        throw new Error(`SyncVectorEnv: envs[${i}].observationSpace ${env.observationSpace.toString()} differs from envs[0]'s ${obsSpace.toString()}`);
      }
      if (env.actionSpace.toString() !== first.actionSpace.toString()) {
        throw new Error(`SyncVectorEnv: envs[${i}].actionSpace ${env.actionSpace.toString()} differs from envs[0]'s ${first.actionSpace.toString()}`);
      }
    });
    const n = this.numEnvs;
    this.obsDim = obsSpace.size;
    this.observationSpace = new Box(tile(obsSpace.low, n), tile(obsSpace.high, n), [n, ...obsSpace.shape]);

    const actSpace: Space<unknown> = first.actionSpace;
    if (actSpace instanceof Box) {
      const d = actSpace.size;
      const buffers = this.envs.map(() => new Float32Array(d));
      this.actionDim = d;
      this.actionSpace = new Box(tile(actSpace.low, n), tile(actSpace.high, n), [n, ...actSpace.shape]);
      this.unpackAction = (actions, i) => {
        const buf = buffers[i]!;
        const base = i * d;
        for (let k = 0; k < d; k++) buf[k] = actions[base + k]!;
        return buf as unknown as Act;
      };
    } else if (actSpace instanceof Discrete) {
      this.actionDim = 1;
      this.actionSpace = new MultiDiscrete(tile([actSpace.n], n), tile([actSpace.start], n));
      this.unpackAction = (actions, i) => actions[i] as unknown as Act;
    } else if (actSpace instanceof MultiDiscrete) {
      const d = actSpace.nvec.length;
      const buffers = this.envs.map(() => new Int32Array(d));
      this.actionDim = d;
      this.actionSpace = new MultiDiscrete(tile(actSpace.nvec, n), tile(actSpace.start, n));
      this.unpackAction = (actions, i) => {
        const buf = buffers[i]!;
        const base = i * d;
        for (let k = 0; k < d; k++) buf[k] = actions[base + k]!;
        return buf as unknown as Act;
      };
    } else {
      throw new Error(`SyncVectorEnv: the single actionSpace must be a Box, Discrete or MultiDiscrete, got ${actSpace.toString()}`);
    }

    this.observations = new Float32Array(n * this.obsDim);
    this.rewards = new Float64Array(n);
    this.terminations = new Uint8Array(n);
    this.truncations = new Uint8Array(n);
    this.infos = new Array<Info>(n).fill({});
    this.autoreset = new Uint8Array(n);
  }

  private writeObservation(out: Float32Array, i: number, observation: Float32Array): void {
    if (observation.length !== this.obsDim) {
      throw new Error(`SyncVectorEnv: envs[${i}] returned an observation of length ${observation.length}, expected ${this.obsDim}`);
    }
    out.set(observation, i * this.obsDim);
  }

  private checkOpen(caller: string): void {
    if (this.closed) throw new Error(`SyncVectorEnv: ${caller} called after close()`);
  }

  reset(opts: VectorResetOptions = {}): VectorResetResult {
    this.checkOpen('reset');
    const { seed, options, mask } = opts;
    if (seed !== undefined && !Number.isInteger(seed)) throw new Error(`SyncVectorEnv: seed must be an integer, got ${seed}`);
    if (mask !== undefined) {
      if (mask.length !== this.numEnvs) throw new Error(`SyncVectorEnv: mask has length ${mask.length}, expected numEnvs ${this.numEnvs}`);
      if (!Array.from(mask).some((m) => Boolean(m))) throw new Error('SyncVectorEnv: mask must select at least one sub-env, got none');
      if (!this.hasReset) throw new Error('SyncVectorEnv: a masked reset needs a full reset() first');
    }
    const observations = this.copy ? new Float32Array(this.observations.length) : this.observations;
    const infos = this.copy ? new Array<Info>(this.numEnvs) : this.infos;
    for (let i = 0; i < this.numEnvs; i++) {
      if (mask !== undefined && !mask[i]) {
        if (observations !== this.observations) observations.set(this.observations.subarray(i * this.obsDim, (i + 1) * this.obsDim), i * this.obsDim);
        infos[i] = {};
        continue;
      }
      const subOpts: { seed?: number; options?: Record<string, unknown> } = {};
      if (seed !== undefined) subOpts.seed = seed + i;
      if (options !== undefined) subOpts.options = options;
      const r = this.envs[i]!.reset(subOpts);
      this.writeObservation(observations, i, r.observation);
      if (observations !== this.observations) this.observations.set(r.observation, i * this.obsDim);
      infos[i] = r.info;
      this.autoreset[i] = 0;
    }
    this.hasReset = true;
    return { observations, infos };
  }

  /** Steps every sub-env (or autoresets it, see the file header). */
  step(actions: ArrayLike<number>): VectorStepResult {
    this.checkOpen('step');
    if (!this.hasReset) throw new Error('SyncVectorEnv: step called before reset; call reset() first');
    const expected = this.numEnvs * this.actionDim;
    if (actions.length !== expected) {
      throw new Error(`SyncVectorEnv: actions has length ${actions.length}, expected ${expected} (numEnvs ${this.numEnvs} x actionDim ${this.actionDim})`);
    }
    const n = this.numEnvs;
    const copy = this.copy;
    const observations = copy ? new Float32Array(this.observations.length) : this.observations;
    const rewards = copy ? new Float64Array(n) : this.rewards;
    const terminations = copy ? new Uint8Array(n) : this.terminations;
    const truncations = copy ? new Uint8Array(n) : this.truncations;
    const infos = copy ? new Array<Info>(n) : this.infos;
    const autoreset = this.autoreset;
    const mode = this.autoresetMode;
    const final = mode === 'same-step' ? { mask: new Uint8Array(n), observations: new Float32Array(n * this.obsDim), infos: new Array<Info>(n).fill({}) } : undefined;
    for (let i = 0; i < n; i++) {
      const env = this.envs[i]!;
      if (autoreset[i] === 1 && mode === 'next-step') {
        const r = env.reset();
        this.writeObservation(observations, i, r.observation);
        rewards[i] = 0;
        terminations[i] = 0;
        truncations[i] = 0;
        infos[i] = r.info;
        autoreset[i] = 0;
      } else {
        if (autoreset[i] === 1) throw new Error(`SyncVectorEnv: envs[${i}] ended its episode; reset it with reset({mask}) before stepping (autoresetMode 'disabled')`);
        const r = env.step(this.unpackAction(actions, i));
        this.writeObservation(observations, i, r.observation);
        rewards[i] = r.reward;
        const term = r.terminated ? 1 : 0;
        const trunc = r.truncated ? 1 : 0;
        terminations[i] = term;
        truncations[i] = trunc;
        infos[i] = r.info;
        autoreset[i] = term | trunc;
        if (final !== undefined && autoreset[i] === 1) {
          final.mask[i] = 1;
          final.observations.set(r.observation, i * this.obsDim);
          final.infos[i] = r.info;
          const reset = env.reset();
          this.writeObservation(observations, i, reset.observation);
          infos[i] = reset.info;
          autoreset[i] = 0;
        }
      }
    }
    // The last observations, kept for a masked reset.
    if (observations !== this.observations) this.observations.set(observations);
    return final === undefined ? { observations, rewards, terminations, truncations, infos } : { observations, rewards, terminations, truncations, infos, final };
  }

  /** Which sub-envs will be reset by the next `step` (`'next-step'`) or must be (`'disabled'`); a copy. */
  pendingResets(): Uint8Array {
    return this.autoreset.slice();
  }

  /** Restores pending resets taken by {@link pendingResets} (with the sub-envs' own states). */
  setPendingResets(pending: ArrayLike<number>): void {
    if (pending.length !== this.numEnvs) throw new Error(`SyncVectorEnv: pending has length ${pending.length}, expected numEnvs ${this.numEnvs}`);
    for (let i = 0; i < this.numEnvs; i++) this.autoreset[i] = pending[i] ? 1 : 0;
  }

  /** Closes every sub-env; a second call does nothing. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const env of this.envs) env.close();
  }
}

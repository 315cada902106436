/**
 * The wrappers every made environment may carry (Gymnasium's
 * `wrappers/common.py`): {@link TimeLimit}, {@link RecordEpisodeStatistics},
 * {@link OrderEnforcing} and {@link PassiveEnvChecker}. `make` stacks them as
 * `TimeLimit(OrderEnforcing(PassiveEnvChecker(env)))`.
 */
import {
  assertInfo,
  assertObservation,
  assertStepResult,
  describe,
  isSpace,
} from '../contract-checks.js';
import type { Env, ResetOptions, ResetResult, StepResult } from '../env.js';
import { Wrapper } from './wrapper.js';

/**
 * Ends episodes from outside: the step that brings the episode to
 * `maxEpisodeSteps` steps returns `truncated = true`. `reset` restarts the count.
 */
export class TimeLimit<Obs = Float32Array, Act = Float32Array> extends Wrapper<Obs, Act> {
  /** Steps taken since the last reset. */
  elapsedSteps = 0;

  constructor(
    env: Env<Obs, Act>,
    readonly maxEpisodeSteps: number,
  ) {
    super(env);
    if (!Number.isInteger(maxEpisodeSteps) || maxEpisodeSteps < 1) {
      throw new Error(`TimeLimit: maxEpisodeSteps must be a positive integer, got ${maxEpisodeSteps}`);
    }
  }

  override reset(opts?: ResetOptions): ResetResult<Obs> {
    this.elapsedSteps = 0;
    return this.env.reset(opts);
  }

  override step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    this.elapsedSteps++;
    if (this.elapsedSteps >= this.maxEpisodeSteps) r.truncated = true;
    return r;
  }
}

/** The statistics of one finished episode (Gymnasium's `info["episode"]`). */
export interface EpisodeStatistics {
  /** Undiscounted return. */
  r: number;
  /** Length in steps. */
  l: number;
  /** Wall-clock duration in seconds. */
  t: number;
}

export interface RecordEpisodeStatisticsOptions {
  /** How many recent episodes `returnQueue`, `lengthQueue`, `timeQueue` keep. @default 100 */
  bufferLength?: number;
}

/**
 * Records each episode's return, length and duration: on the step that ends
 * an episode (terminated or truncated) it sets `info.episode = {r, l, t}`, and
 * keeps the last `bufferLength` episodes in the queues.
 */
export class RecordEpisodeStatistics<Obs = Float32Array, Act = Float32Array> extends Wrapper<Obs, Act> {
  readonly bufferLength: number;
  /** Episodes finished so far. */
  episodeCount = 0;
  readonly returnQueue: number[] = [];
  readonly lengthQueue: number[] = [];
  readonly timeQueue: number[] = [];
  private episodeReturn = 0;
  private episodeLength = 0;
  private episodeStartMs = 0;

  constructor(env: Env<Obs, Act>, options: RecordEpisodeStatisticsOptions = {}) {
    super(env);
    this.bufferLength = options.bufferLength ?? 100;
    if (!Number.isInteger(this.bufferLength) || this.bufferLength < 1) {
      throw new Error(`RecordEpisodeStatistics: bufferLength must be a positive integer, got ${this.bufferLength}`);
    }
  }

  override reset(opts?: ResetOptions): ResetResult<Obs> {
    const r = this.env.reset(opts);
    this.episodeReturn = 0;
    this.episodeLength = 0;
    this.episodeStartMs = performance.now();
    return r;
  }

  override step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    this.episodeReturn += r.reward;
    this.episodeLength++;
    if (r.terminated || r.truncated) {
      if ('episode' in r.info) {
        throw new Error(`RecordEpisodeStatistics: info.episode is already set (${describe(r.info.episode)}); wrap only once`);
      }
      const t = Math.round((performance.now() - this.episodeStartMs) * 1000) / 1e6; // seconds, to the microsecond
      const episode: EpisodeStatistics = { r: this.episodeReturn, l: this.episodeLength, t };
      r.info.episode = episode;
      this.episodeCount++;
      this.push(this.returnQueue, episode.r);
      this.push(this.lengthQueue, episode.l);
      this.push(this.timeQueue, episode.t);
    }
    return r;
  }

  private push(queue: number[], value: number): void {
    queue.push(value);
    if (queue.length > this.bufferLength) queue.shift();
  }
}

/** Makes `step` before the first `reset` an error. */
export class OrderEnforcing<Obs = Float32Array, Act = Float32Array> extends Wrapper<Obs, Act> {
  private resetDone = false;

  /** Whether `reset` has been called. */
  get hasReset(): boolean {
    return this.resetDone;
  }

  override reset(opts?: ResetOptions): ResetResult<Obs> {
    this.resetDone = true;
    return this.env.reset(opts);
  }

  override step(action: Act): StepResult<Obs> {
    if (!this.resetDone) {
      const id = this.spec?.id ?? String(this.env);
      throw new Error(`step: called before reset on ${id}; call reset() first`);
    }
    return this.env.step(action);
  }
}

/**
 * Checks the environment against the contract once: the spaces at
 * construction, the first `reset` and the first `step` output against the
 * spaces. Throws on the first violation (Gymnasium only warns); afterwards it
 * passes everything through.
 */
export class PassiveEnvChecker<Obs = Float32Array, Act = Float32Array> extends Wrapper<Obs, Act> {
  private resetChecked = false;
  private stepChecked = false;

  constructor(env: Env<Obs, Act>) {
    super(env);
    if (!isSpace(env.observationSpace)) {
      throw new Error(`PassiveEnvChecker: observationSpace must be a Space, got ${describe(env.observationSpace)}`);
    }
    if (!isSpace(env.actionSpace)) {
      throw new Error(`PassiveEnvChecker: actionSpace must be a Space, got ${describe(env.actionSpace)}`);
    }
  }

  override reset(opts?: ResetOptions): ResetResult<Obs> {
    const r = this.env.reset(opts);
    if (!this.resetChecked) {
      const where = `PassiveEnvChecker (${this.spec?.id ?? 'env'}) reset`;
      if (typeof r !== 'object' || r === null) throw new Error(`${where}: must return {observation, info}, got ${describe(r)}`);
      assertObservation(where, this.observationSpace, r.observation);
      assertInfo(where, r.info);
      this.resetChecked = true;
    }
    return r;
  }

  override step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    if (!this.stepChecked) {
      assertStepResult(`PassiveEnvChecker (${this.spec?.id ?? 'env'}) step`, this.observationSpace, r);
      this.stepChecked = true;
    }
    return r;
  }
}

/**
 * `Park-LoadBalance-v0`: a faithful reimplementation of the `load_balance`
 * environment of the Park platform (Mao et al., "Park: An Open Platform for
 * Learning-Augmented Computer Systems", NeurIPS 2019), so that results compare
 * with published work.
 *
 * Source read (github.com/park-project/park, master):
 * - `park/envs/load_balance/load_balance.py` (`LoadBalanceEnv`: `observe`,
 *   `reset`/`initialize`, `step`, `generate_job`),
 * - `park/envs/load_balance/job_generator.py` (`generate_job`),
 * - `park/envs/load_balance/server.py` (`Server.schedule`, `Server.process`),
 * - `park/envs/load_balance/timeline.py` (heap keyed by (time, insertion
 *   counter): ties pop first-pushed first, as our EventQueue does),
 * - `park/param.py` (the defaults below).
 *
 * Dynamics, as in Park: jobs arrive one at a time; the first is generated at
 * reset, each step generates the next one (until `numStreamJobs`), with
 * integer inter-arrival `int(Exp(mean jobInterval))` and integer size
 * `int((L + 1) * jobSizeParetoScale)`, `L` Lomax of shape
 * `jobSizeParetoShape` (numpy's `pareto`, `L = U^(-1/a) - 1`; a classical
 * Pareto of minimum `jobSizeParetoScale`), size drawn first. Each of the
 * servers is FIFO; a job of size `s` started at `t` on a server of rate `r`
 * finishes at `t + int(s / r)`. A server takes its next job when it has none
 * or its current one has finished (`finish <= now`); a finished job stays
 * "current" (and counted in the system) until its completion event is popped,
 * as in Park. Draws come from our seeded stream `arrivals` (not numpy's
 * Mersenne Twister), so trajectories match Park's in law, not draw for draw.
 *
 * ## Action space
 * `Discrete(n)`: the server that gets the incoming job.
 *
 * ## Observation space
 * `Box(0, obsHigh, [n + 1], float32)`:
 *
 * | index   | meaning                                                      | min | max     |
 * |---------|--------------------------------------------------------------|-----|---------|
 * | `i < n` | server i: total size of its queued jobs plus `finish - now` of the job in service (Park master adds the remaining *time*, not work; `remaining: 'work'` multiplies it by the rate as an earlier Park revision did) | 0 | obsHigh |
 * | `n`     | size of the incoming job (0 once every job is done)          | 0   | obsHigh |
 *
 * Values above `obsHigh` are capped to it (Park caps them with a warning).
 *
 * ## Rewards
 * Minus the time elapsed between consecutive events times the jobs in the
 * system (queued or current) during it, summed from this decision to the next
 * arrival: the return of an episode is minus the total sojourn time
 * (waiting + service) of all jobs.
 *
 * ## Episode end
 * Terminated when every job has arrived and been served (after
 * `numStreamJobs` steps; the last step runs the system empty). Registered
 * without a step limit, as Park's own.
 *
 * ## Info
 * `currTime` (Park's `curr_time`) every step; at the end also `jobs` and
 * `meanJobTime` (total sojourn / jobs).
 *
 * ## Arguments (kwargs), Park's defaults (park/param.py)
 * | name | default | Park flag |
 * |---|---|---|
 * | `serviceRates` | `[0.15, 0.25, ..., 1.05]` (10 servers) | `--service_rates`, `--num_servers` |
 * | `numStreamJobs` | 1000 | `--num_stream_jobs` |
 * | `jobInterval` | 55 | `--job_interval` |
 * | `jobSizeParetoShape` | 1.5 | `--job_size_pareto_shape` |
 * | `jobSizeParetoScale` | 100 | `--job_size_pareto_scale` |
 * | `obsHigh` | 500000 | `--load_balance_obs_high` |
 * | `remaining` | `'time'` | (Park master: time; `'work'`: time x rate) |
 * | `jobs` | none | a fixed trace `[{dt, size}, ...]` replacing the generator (tests, replays) |
 *
 * ## Version history
 * - v0: initial version (Park master semantics).
 */
import type { Env, Info, ResetOptions, ResetResult, StepResult } from './core/env.js';
import { Box } from './core/spaces/box.js';
import { Discrete } from './core/spaces/discrete.js';
import { EventQueue } from './sim/event-queue.js';
import { type Rng, streamFor } from './sim/rng.js';
import { checkKnownKeys, invalid, requireNonNegativeInt, requirePositive, requirePositiveInt } from './sim/validation.js';
import { DEFAULT_ENV_SEED } from './one-shot-env.js';

/** Park's `--service_rates` default. */
export const PARK_SERVICE_RATES: readonly number[] = Object.freeze([0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95, 1.05]);
export const PARK_NUM_STREAM_JOBS = 1000;
export const PARK_JOB_INTERVAL = 55;
export const PARK_JOB_SIZE_PARETO_SHAPE = 1.5;
export const PARK_JOB_SIZE_PARETO_SCALE = 100;
export const PARK_OBS_HIGH = 500_000;

/** One job of a fixed trace: arrives `dt` (integer >= 0) after the previous one, with that size. */
export interface ParkJob {
  dt: number;
  size: number;
}

export interface ParkLoadBalanceOptions {
  serviceRates?: readonly number[];
  numStreamJobs?: number;
  jobInterval?: number;
  jobSizeParetoShape?: number;
  jobSizeParetoScale?: number;
  obsHigh?: number;
  remaining?: 'time' | 'work';
  jobs?: readonly ParkJob[];
}

const ARRIVAL = 0;
const COMPLETION = 1;
const NONE = -1;

export class ParkLoadBalanceEnv implements Env<Float32Array, number> {
  readonly observationSpace: Box;
  readonly actionSpace: Discrete;
  readonly n: number;
  readonly serviceRates: Float64Array;
  readonly numStreamJobs: number;
  readonly jobInterval: number;
  readonly jobSizeParetoShape: number;
  readonly jobSizeParetoScale: number;
  readonly obsHigh: number;
  readonly remaining: 'time' | 'work';
  private readonly trace: readonly ParkJob[] | undefined;
  private readonly events = new EventQueue(64);
  private readonly popped = { time: 0, kind: 0, node: 0, payload: 0 };
  private readonly jobSize: Float64Array;
  private readonly jobArrival: Float64Array;
  private readonly jobNext: Int32Array;
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  private readonly queueLen: Int32Array;
  private readonly queuedWork: Float64Array;
  private readonly currJob: Int32Array;
  private readonly currFinish: Float64Array;
  private rng: Rng | undefined;
  private now = 0;
  private incoming = NONE;
  private generated = 0;
  private finished = 0;
  private queuedTotal = 0;
  private busyCount = 0;
  private totalSojourn = 0;
  private needsReset = true;

  constructor(options: ParkLoadBalanceOptions = {}) {
    checkKnownKeys<ParkLoadBalanceOptions>(options, { serviceRates: true, numStreamJobs: true, jobInterval: true, jobSizeParetoShape: true, jobSizeParetoScale: true, obsHigh: true, remaining: true, jobs: true }, '');
    const rates = options.serviceRates ?? PARK_SERVICE_RATES;
    if (!Array.isArray(rates) || rates.length < 1) invalid('serviceRates', rates, 'a non-empty array of service rates');
    this.serviceRates = Float64Array.from(rates.map((r, i) => requirePositive(r, `serviceRates[${i}]`)));
    this.n = rates.length;
    if (options.jobs !== undefined) {
      if (!Array.isArray(options.jobs) || options.jobs.length === 0) invalid('jobs', options.jobs, 'a non-empty array of {dt, size}');
      options.jobs.forEach((j, k) => {
        requireNonNegativeInt(j?.dt, `jobs[${k}].dt`);
        requirePositive(j?.size, `jobs[${k}].size`);
      });
      this.trace = options.jobs.map((j) => ({ dt: j.dt, size: j.size }));
    }
    this.numStreamJobs = this.trace?.length ?? (options.numStreamJobs === undefined ? PARK_NUM_STREAM_JOBS : requirePositiveInt(options.numStreamJobs, 'numStreamJobs'));
    this.jobInterval = options.jobInterval === undefined ? PARK_JOB_INTERVAL : requirePositive(options.jobInterval, 'jobInterval');
    this.jobSizeParetoShape = options.jobSizeParetoShape === undefined ? PARK_JOB_SIZE_PARETO_SHAPE : requirePositive(options.jobSizeParetoShape, 'jobSizeParetoShape');
    this.jobSizeParetoScale = options.jobSizeParetoScale === undefined ? PARK_JOB_SIZE_PARETO_SCALE : requirePositive(options.jobSizeParetoScale, 'jobSizeParetoScale');
    this.obsHigh = options.obsHigh === undefined ? PARK_OBS_HIGH : requirePositive(options.obsHigh, 'obsHigh');
    const remaining = options.remaining ?? 'time';
    if (remaining !== 'time' && remaining !== 'work') invalid('remaining', remaining, "'time' or 'work'");
    this.remaining = remaining;
    this.observationSpace = new Box(0, this.obsHigh, [this.n + 1]);
    this.actionSpace = new Discrete(this.n);
    const J = this.numStreamJobs;
    this.jobSize = new Float64Array(J);
    this.jobArrival = new Float64Array(J);
    this.jobNext = new Int32Array(J);
    const n = this.n;
    this.head = new Int32Array(n);
    this.tail = new Int32Array(n);
    this.queueLen = new Int32Array(n);
    this.queuedWork = new Float64Array(n);
    this.currJob = new Int32Array(n);
    this.currFinish = new Float64Array(n);
  }

  reset(opts: ResetOptions = {}): ResetResult<Float32Array> {
    if (opts.seed !== undefined || this.rng === undefined) this.rng = streamFor(opts.seed ?? DEFAULT_ENV_SEED, 'arrivals');
    this.events.clear();
    this.head.fill(NONE);
    this.tail.fill(NONE);
    this.queueLen.fill(0);
    this.queuedWork.fill(0);
    this.currJob.fill(NONE);
    this.currFinish.fill(0);
    this.now = 0;
    this.generated = 0;
    this.finished = 0;
    this.queuedTotal = 0;
    this.busyCount = 0;
    this.totalSojourn = 0;
    // Park's initialize(): generate the first job and jump to its arrival.
    this.generateJob();
    this.events.pop(this.popped);
    this.now = this.popped.time;
    this.incoming = this.popped.payload;
    this.needsReset = false;
    return { observation: this.observe(), info: { currTime: this.now } };
  }

  step(action: number): StepResult<Float32Array> {
    if (this.needsReset) throw new Error('Park-LoadBalance: step() called before reset() or after the episode ended; call reset() first');
    if (!this.actionSpace.contains(action)) invalid('Park-LoadBalance action', action, `a server index in [0, ${this.n - 1}]`);
    // Server.schedule + Server.process on the chosen server.
    const job = this.incoming;
    this.jobNext[job] = NONE;
    if (this.tail[action] === NONE) this.head[action] = job;
    else this.jobNext[this.tail[action]!] = job;
    this.tail[action] = job;
    this.queueLen[action]!++;
    this.queuedWork[action]! += this.jobSize[job]!;
    this.queuedTotal++;
    this.process(action);
    this.incoming = NONE;
    this.generateJob();
    let reward = 0;
    const ev = this.popped;
    while (this.events.pop(ev)) {
      reward -= (ev.time - this.now) * (this.queuedTotal + this.busyCount);
      this.now = ev.time;
      if (ev.kind === ARRIVAL) {
        this.incoming = ev.payload;
        break;
      }
      const s = ev.node;
      const done = ev.payload;
      this.finished++;
      this.totalSojourn += this.now - this.jobArrival[done]!;
      if (this.currJob[s] === done) {
        this.currJob[s] = NONE;
        this.busyCount--;
      }
      this.process(s);
    }
    const terminated = this.events.length === 0 && this.incoming === NONE;
    const info: Info = { currTime: this.now };
    if (terminated) {
      this.needsReset = true;
      info['jobs'] = this.finished;
      info['meanJobTime'] = this.totalSojourn / this.finished;
    }
    return { observation: this.observe(), reward, terminated, truncated: false, info };
  }

  close(): void {
    this.needsReset = true;
  }

  /** Park's Server.process(): start the next queued job if idle or the current one is done. */
  private process(s: number): void {
    if ((this.currJob[s] === NONE || this.currFinish[s]! <= this.now) && this.queueLen[s]! > 0) {
      const j = this.head[s]!;
      const next = this.jobNext[j]!;
      this.head[s] = next;
      if (next === NONE) this.tail[s] = NONE;
      this.queueLen[s]!--;
      this.queuedWork[s]! -= this.jobSize[j]!;
      this.queuedTotal--;
      if (this.currJob[s] === NONE) this.busyCount++;
      this.currJob[s] = j;
      const finish = this.now + Math.trunc(this.jobSize[j]! / this.serviceRates[s]!);
      this.currFinish[s] = finish;
      this.events.push(finish, COMPLETION, s, j);
    }
  }

  /** Park's generate_job(): size first (Lomax + 1, scaled, truncated), then the integer inter-arrival. */
  private generateJob(): void {
    const k = this.generated;
    if (k >= this.numStreamJobs) return;
    let size: number;
    let dt: number;
    if (this.trace !== undefined) {
      size = this.trace[k]!.size;
      dt = this.trace[k]!.dt;
    } else {
      const rng = this.rng!;
      const lomax = Math.pow(1 - rng.uniform(), -1 / this.jobSizeParetoShape) - 1;
      size = Math.trunc((lomax + 1) * this.jobSizeParetoScale);
      dt = Math.trunc(-Math.log(1 - rng.uniform()) * this.jobInterval);
    }
    this.jobSize[k] = size;
    this.jobArrival[k] = this.now + dt;
    this.generated = k + 1;
    this.events.push(this.now + dt, ARRIVAL, 0, k);
  }

  private observe(): Float32Array {
    const n = this.n;
    const high = this.obsHigh;
    const obs = new Float32Array(n + 1);
    const work = this.remaining === 'work';
    for (let s = 0; s < n; s++) {
      let load = this.queuedWork[s]!;
      if (this.currJob[s] !== NONE) {
        const left = this.currFinish[s]! - this.now;
        load += work ? left * this.serviceRates[s]! : left;
      }
      obs[s] = load > high ? high : load;
    }
    const size = this.incoming === NONE ? 0 : this.jobSize[this.incoming]!;
    obs[n] = size > high ? high : size;
    return obs;
  }
}

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
import { stepBeforeReset, streamsForReset } from './core/seeding.js';
import type { Env, Info, ResetOptions, ResetResult, StepResult } from './core/env.js';
import { Box } from './core/spaces/box.js';
import { Discrete } from './core/spaces/discrete.js';
import { ParkSimulator, type ParkJob } from './sim/park/simulator.js';
import { type Rng, streamFor } from './sim/rng.js';
import { checkKnownKeys, invalid, requireNonNegativeInt, requirePositive, requirePositiveInt } from './sim/validation.js';

/** Park's `--service_rates` default. */
export const PARK_SERVICE_RATES: readonly number[] = Object.freeze([0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95, 1.05]);
export const PARK_NUM_STREAM_JOBS = 1000;
export const PARK_JOB_INTERVAL = 55;
export const PARK_JOB_SIZE_PARETO_SHAPE = 1.5;
export const PARK_JOB_SIZE_PARETO_SCALE = 100;
export const PARK_OBS_HIGH = 500_000;

export type { ParkJob };

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
  /** The simulator (envs/sim/park/simulator.ts). */
  private readonly sim: ParkSimulator;
  private rng: Rng | undefined;
  private needsReset = true;

  constructor(options: ParkLoadBalanceOptions = {}) {
    checkKnownKeys<ParkLoadBalanceOptions>(options, { serviceRates: true, numStreamJobs: true, jobInterval: true, jobSizeParetoShape: true, jobSizeParetoScale: true, obsHigh: true, remaining: true, jobs: true }, '');
    const rates = options.serviceRates ?? PARK_SERVICE_RATES;
    if (!Array.isArray(rates) || rates.length < 1) invalid('serviceRates', rates, 'a non-empty array of service rates');
    this.serviceRates = Float64Array.from(rates.map((r, i) => requirePositive(r, `serviceRates[${i}]`)));
    this.n = rates.length;
    let trace: ParkJob[] | undefined;
    if (options.jobs !== undefined) {
      if (!Array.isArray(options.jobs) || options.jobs.length === 0) invalid('jobs', options.jobs, 'a non-empty array of {dt, size}');
      options.jobs.forEach((j, k) => {
        requireNonNegativeInt(j?.dt, `jobs[${k}].dt`);
        requirePositive(j?.size, `jobs[${k}].size`);
      });
      trace = options.jobs.map((j) => ({ dt: j.dt, size: j.size }));
    }
    this.numStreamJobs = trace?.length ?? (options.numStreamJobs === undefined ? PARK_NUM_STREAM_JOBS : requirePositiveInt(options.numStreamJobs, 'numStreamJobs'));
    this.jobInterval = options.jobInterval === undefined ? PARK_JOB_INTERVAL : requirePositive(options.jobInterval, 'jobInterval');
    this.jobSizeParetoShape = options.jobSizeParetoShape === undefined ? PARK_JOB_SIZE_PARETO_SHAPE : requirePositive(options.jobSizeParetoShape, 'jobSizeParetoShape');
    this.jobSizeParetoScale = options.jobSizeParetoScale === undefined ? PARK_JOB_SIZE_PARETO_SCALE : requirePositive(options.jobSizeParetoScale, 'jobSizeParetoScale');
    this.obsHigh = options.obsHigh === undefined ? PARK_OBS_HIGH : requirePositive(options.obsHigh, 'obsHigh');
    const remaining = options.remaining ?? 'time';
    if (remaining !== 'time' && remaining !== 'work') invalid('remaining', remaining, "'time' or 'work'");
    this.remaining = remaining;
    this.observationSpace = new Box(0, this.obsHigh, [this.n + 1]);
    this.actionSpace = new Discrete(this.n);
    this.sim = new ParkSimulator({
      serviceRates: this.serviceRates,
      numStreamJobs: this.numStreamJobs,
      jobInterval: this.jobInterval,
      jobSizeParetoShape: this.jobSizeParetoShape,
      jobSizeParetoScale: this.jobSizeParetoScale,
      trace,
    });
  }

  reset(opts: ResetOptions = {}): ResetResult<Float32Array> {
    const rng = streamsForReset(opts, this.rng, (seed) => streamFor(seed, 'arrivals'));
    this.rng = rng;
    this.sim.reset(rng);
    this.needsReset = false;
    return { observation: this.observe(), info: { currTime: this.sim.now } };
  }

  step(action: number): StepResult<Float32Array> {
    if (this.needsReset) throw stepBeforeReset('Park-LoadBalance');
    if (!this.actionSpace.contains(action)) invalid('Park-LoadBalance action', action, `a server index in [0, ${this.n - 1}]`);
    const sim = this.sim;
    const reward = sim.assign(action);
    const terminated = sim.done;
    const info: Info = { currTime: sim.now };
    if (terminated) {
      this.needsReset = true;
      info['jobs'] = sim.finished;
      info['meanJobTime'] = sim.totalSojourn / sim.finished;
    }
    return { observation: this.observe(), reward, terminated, truncated: false, info };
  }

  close(): void {
    this.needsReset = true;
  }

  private observe(): Float32Array {
    return this.sim.observe(new Float32Array(this.n + 1), this.obsHigh, this.remaining === 'work');
  }
}

/**
 * The simulator of Park's `load_balance` environment (Mao et al., NeurIPS
 * 2019), which `Park-LoadBalance-v0` (envs/park-env.ts) wraps; that file's
 * comment gives the sources read and the dynamics. Jobs arrive one at a
 * time; each decision assigns the incoming job to a FIFO server, then events
 * run (completions, which start the servers' next jobs) up to the next
 * arrival, summing minus the jobs in the system times the elapsed time.
 *
 * The hot loop is allocation-free: jobs live in preallocated arrays linked
 * into per-server queues, and events in an {@link EventQueue} keyed by
 * (time, insertion order), which pops ties first-pushed first, as Park's
 * timeline does.
 */
import { EventQueue } from '../event-queue.js';
import type { Rng } from '../rng.js';

/** One job of a fixed trace: arrives `dt` (integer >= 0) after the previous one, with that size. */
export interface ParkJob {
  dt: number;
  size: number;
}

export interface ParkSimulatorConfig {
  readonly serviceRates: Float64Array;
  readonly numStreamJobs: number;
  readonly jobInterval: number;
  readonly jobSizeParetoShape: number;
  readonly jobSizeParetoScale: number;
  /** A fixed trace replacing the generator. */
  readonly trace: readonly ParkJob[] | undefined;
}

const ARRIVAL = 0;
const COMPLETION = 1;
const NONE = -1;

export class ParkSimulator {
  readonly n: number;
  /** Simulated time (Park's `curr_time`). */
  now = 0;
  /** Jobs served, and the sum of their sojourn times, since reset. */
  finished = 0;
  totalSojourn = 0;
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
  private incoming = NONE;
  private generated = 0;
  private queuedTotal = 0;
  private busyCount = 0;

  constructor(readonly config: ParkSimulatorConfig) {
    this.n = config.serviceRates.length;
    const J = config.numStreamJobs;
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

  /** Empties the system, then (Park's initialize()) generates the first job from `rng` and jumps to its arrival. */
  reset(rng: Rng): void {
    this.rng = rng;
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
    this.generateJob();
    this.events.pop(this.popped);
    this.now = this.popped.time;
    this.incoming = this.popped.payload;
  }

  /** Whether every job has arrived and been served. */
  get done(): boolean {
    return this.events.length === 0 && this.incoming === NONE;
  }

  /**
   * Gives the incoming job to `server` (Server.schedule + Server.process), then
   * runs the events up to the next arrival; returns minus the jobs in the
   * system times the time elapsed.
   */
  assign(server: number): number {
    const job = this.incoming;
    this.jobNext[job] = NONE;
    if (this.tail[server] === NONE) this.head[server] = job;
    else this.jobNext[this.tail[server]!] = job;
    this.tail[server] = job;
    this.queueLen[server]!++;
    this.queuedWork[server]! += this.jobSize[job]!;
    this.queuedTotal++;
    this.process(server);
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
      const doneJob = ev.payload;
      this.finished++;
      this.totalSojourn += this.now - this.jobArrival[doneJob]!;
      if (this.currJob[s] === doneJob) {
        this.currJob[s] = NONE;
        this.busyCount--;
      }
      this.process(s);
    }
    return reward;
  }

  /**
   * Park's observation into `out` (length n + 1): per server the work queued
   * plus the job in service's `finish - now` (times the rate with `work`),
   * then the incoming job's size (0 when none), each capped at `high`.
   */
  observe(out: Float32Array, high: number, work: boolean): Float32Array {
    const n = this.n;
    for (let s = 0; s < n; s++) {
      let load = this.queuedWork[s]!;
      if (this.currJob[s] !== NONE) {
        const left = this.currFinish[s]! - this.now;
        load += work ? left * this.config.serviceRates[s]! : left;
      }
      out[s] = load > high ? high : load;
    }
    const size = this.incoming === NONE ? 0 : this.jobSize[this.incoming]!;
    out[n] = size > high ? high : size;
    return out;
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
      const finish = this.now + Math.trunc(this.jobSize[j]! / this.config.serviceRates[s]!);
      this.currFinish[s] = finish;
      this.events.push(finish, COMPLETION, s, j);
    }
  }

  /** Park's generate_job(): size first (Lomax + 1, scaled, truncated), then the integer inter-arrival. */
  private generateJob(): void {
    const k = this.generated;
    const c = this.config;
    if (k >= c.numStreamJobs) return;
    let size: number;
    let dt: number;
    if (c.trace !== undefined) {
      size = c.trace[k]!.size;
      dt = c.trace[k]!.dt;
    } else {
      const rng = this.rng!;
      const lomax = Math.pow(1 - rng.uniform(), -1 / c.jobSizeParetoShape) - 1;
      size = Math.trunc((lomax + 1) * c.jobSizeParetoScale);
      dt = Math.trunc(-Math.log(1 - rng.uniform()) * c.jobInterval);
    }
    this.jobSize[k] = size;
    this.jobArrival[k] = this.now + dt;
    this.generated = k + 1;
    this.events.push(this.now + dt, ARRIVAL, 0, k);
  }
}

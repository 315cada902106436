/**
 * Writes TensorBoard event files without TensorFlow: scalars, histograms,
 * text and hyperparameters, with tensorboardX / PyTorch method names
 * (`addScalar(tag, value, step)`), so CleanRL-style training loops read the
 * same here.
 *
 * One writer owns one file, `events.out.tfevents.<unix secs>.<hostname>.<pid>.<counter>`
 * in `logdir` (created if missing). Its first record is
 * `Event{wall_time, file_version: "brain.Event:2"}`, written at once so
 * TensorBoard sees the run immediately. Later records are buffered and
 * written with synchronous `fs.writeSync` when `maxQueue` records are waiting,
 * when `flushSeconds` have passed (checked on every write and by an
 * unreferenced timer that never keeps the process alive), on `flush()` and on
 * `close()`. Being synchronous, a SIGINT handler that calls `flush()` loses
 * nothing.
 *
 * Usage:
 *   const writer = new EventWriter(`runs/${runName}`);
 *   writer.addHparams({ lr: 3e-4, envId: 'LoadBalance-v0' }, { 'charts/episodic_return': ret });
 *   writer.addScalar('charts/episodic_return', ret, globalStep);
 *   writer.close();
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { withPath } from '../../envs/sim/atomic-file.js';
import { hostname } from 'node:os';
import { join } from 'node:path';
import {
  DT_STRING,
  EVENT_FILE_VERSION,
  encodeEvent,
  type SummaryValueData,
  TEXT_PLUGIN_NAME,
} from './event-protos.js';
import { computeHistogram, DEFAULT_HISTOGRAM_BINS } from './histogram.js';
import {
  encodeExperiment,
  encodeSessionEndInfo,
  encodeSessionStartInfo,
  HPARAMS_EXPERIMENT_TAG,
  HPARAMS_PLUGIN_NAME,
  HPARAMS_SESSION_END_INFO_TAG,
  HPARAMS_SESSION_START_INFO_TAG,
  type HparamValue,
  type SessionStatus,
  validateHparams,
} from './hparams-plugin.js';
import { encodeTfRecord } from './tfrecord.js';

/** Written as `Event.source_metadata.writer` in each file's first record. */
export const EVENT_WRITER_SOURCE = 'lbgym';

/** @default values of {@link EventWriterOptions}. */
export const DEFAULT_MAX_QUEUE = 32;
export const DEFAULT_FLUSH_SECONDS = 5;

export interface EventWriterOptions {
  /** Flush once this many records are buffered. @default 32 */
  readonly maxQueue?: number;
  /** Flush buffered records at least this often, in seconds; 0 flushes only on `maxQueue`, `flush()` and `close()`. @default 5 */
  readonly flushSeconds?: number;
  /** Appended to the file name. @default '' */
  readonly filenameSuffix?: string;
  /** Wall clock in seconds since the epoch (tests pass a fixed one). @default () => Date.now() / 1000 */
  readonly clock?: () => number;
}

export interface AddHparamsOptions {
  /** Step of the metric scalars. @default the largest step written so far (0 if none) */
  readonly step?: number;
  /** Session status written to `session_end_info`. @default 'success' */
  readonly status?: SessionStatus;
  /** Sessions with one group name are aggregated by the dashboard. @default '' (the run is its own group) */
  readonly groupName?: string;
  /**
   * Also write `_hparams_/experiment` listing these hparams and metrics as the
   * dashboard's columns (as PyTorch's `add_hparams` does). TensorBoard uses the
   * first experiment summary it finds; with `false` it derives the columns from
   * every run's session_start_info and scalar tags instead.
   * @default true
   */
  readonly writeExperiment?: boolean;
}

/** Distinguishes files created by one process within one second. */
let fileCounter = 0;

function checkTag(tag: string): void {
  if (typeof tag !== 'string' || tag === '') throw new Error(`EventWriter: tag must be a non-empty string, got ${JSON.stringify(tag)}`);
}

function checkStep(step: number): void {
  if (!Number.isSafeInteger(step)) throw new Error(`EventWriter: step must be a safe integer, got ${step}`);
}

/** A TensorBoard event-file writer (one file per instance). */
export class EventWriter {
  /** The run directory. */
  readonly logdir: string;
  /** The event file's full path. */
  readonly path: string;

  private readonly maxQueue: number;
  private readonly flushSeconds: number;
  private readonly clock: () => number;
  private readonly startTimeSecs: number;
  private fd: number | undefined;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private lastFlushSecs: number;
  private maxStep = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerError: unknown;

  constructor(logdir: string, options: EventWriterOptions = {}) {
    if (typeof logdir !== 'string' || logdir === '') throw new Error(`EventWriter: logdir must be a non-empty path, got ${JSON.stringify(logdir)}`);
    const maxQueue = options.maxQueue ?? DEFAULT_MAX_QUEUE;
    if (!Number.isInteger(maxQueue) || maxQueue < 1) throw new Error(`EventWriter: maxQueue must be a positive integer, got ${maxQueue}`);
    const flushSeconds = options.flushSeconds ?? DEFAULT_FLUSH_SECONDS;
    if (!(flushSeconds >= 0) || !Number.isFinite(flushSeconds)) {
      throw new Error(`EventWriter: flushSeconds must be a finite number >= 0, got ${flushSeconds}`);
    }
    this.logdir = logdir;
    this.maxQueue = maxQueue;
    this.flushSeconds = flushSeconds;
    this.clock = options.clock ?? ((): number => Date.now() / 1000);
    this.startTimeSecs = this.clock();
    this.lastFlushSecs = this.startTimeSecs;

    mkdirSync(logdir, { recursive: true });
    const prefix = `events.out.tfevents.${String(Math.floor(this.startTimeSecs)).padStart(10, '0')}.${hostname()}.${process.pid}`;
    const suffix = options.filenameSuffix ?? '';
    // 'wx' refuses an existing file, so two writers can never share one.
    for (;;) {
      const candidate = join(logdir, `${prefix}.${fileCounter++}${suffix}`);
      try {
        this.fd = openSync(candidate, 'wx');
        this.path = candidate;
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }

    this.enqueue(encodeEvent({ wallTime: this.startTimeSecs, step: 0, fileVersion: EVENT_FILE_VERSION, sourceWriter: EVENT_WRITER_SOURCE }));
    this.flush();
    if (flushSeconds > 0) {
      this.timer = setInterval(() => {
        try {
          this.flush();
        } catch (error) {
          // Surfaced by the next call on this writer rather than as an uncaught exception.
          this.timerError = error;
        }
      }, flushSeconds * 1000);
      this.timer.unref();
    }
  }

  /** Whether `close()` has been called. */
  get closed(): boolean {
    return this.fd === undefined;
  }

  /** Logs a scalar as `Summary.Value.simple_value` (float32; NaN and infinities pass through). */
  addScalar(tag: string, value: number, step: number): void {
    checkTag(tag);
    if (typeof value !== 'number') throw new Error(`EventWriter.addScalar: value of ${tag} must be a number, got ${typeof value}`);
    this.addValues(step, [{ tag, simpleValue: value }]);
  }

  /** Logs the histogram of `values` with `bins` equal-width buckets (throws on empty or non-finite values). */
  addHistogram(tag: string, values: ArrayLike<number>, step: number, bins: number = DEFAULT_HISTOGRAM_BINS): void {
    checkTag(tag);
    let histogram;
    try {
      histogram = computeHistogram(values, bins);
    } catch (error) {
      throw new Error(`EventWriter.addHistogram(${tag}): ${(error as Error).message}`);
    }
    this.addValues(step, [{ tag, histogram }]);
  }

  /** Logs Markdown text for TensorBoard's Text dashboard (a scalar DT_STRING tensor, plugin "text"). */
  addText(tag: string, markdown: string, step: number): void {
    checkTag(tag);
    if (typeof markdown !== 'string') throw new Error(`EventWriter.addText: text of ${tag} must be a string, got ${typeof markdown}`);
    this.addValues(step, [
      {
        tag,
        tensor: { dtype: DT_STRING, shape: [], stringVal: [new TextEncoder().encode(markdown)] },
        metadata: { pluginName: TEXT_PLUGIN_NAME },
      },
    ]);
  }

  /**
   * Records this run as one HParams-dashboard session: `_hparams_/experiment`
   * (unless `writeExperiment` is false), `_hparams_/session_start_info` with
   * the values and `_hparams_/session_end_info` with `status`, all at step 0,
   * then each metric as a scalar at `step` under its own tag.
   */
  addHparams(
    hparams: Readonly<Record<string, HparamValue>>,
    metrics: Readonly<Record<string, number>>,
    options: AddHparamsOptions = {},
  ): void {
    validateHparams(hparams);
    for (const [tag, value] of Object.entries(metrics)) {
      checkTag(tag);
      if (typeof value !== 'number') throw new Error(`EventWriter.addHparams: metric ${tag} must be a number, got ${typeof value}`);
    }
    const step = options.step ?? this.maxStep;
    checkStep(step);
    const now = this.clock();
    const plugin = (tag: string, content: Uint8Array): SummaryValueData => ({
      tag,
      metadata: { pluginName: HPARAMS_PLUGIN_NAME, pluginContent: content },
    });
    if (options.writeExperiment ?? true) {
      this.addValues(0, [plugin(HPARAMS_EXPERIMENT_TAG, encodeExperiment(hparams, Object.keys(metrics), this.startTimeSecs))]);
    }
    this.addValues(0, [plugin(HPARAMS_SESSION_START_INFO_TAG, encodeSessionStartInfo(hparams, this.startTimeSecs, options.groupName ?? ''))]);
    this.addValues(0, [plugin(HPARAMS_SESSION_END_INFO_TAG, encodeSessionEndInfo(options.status ?? 'success', now))]);
    for (const [tag, value] of Object.entries(metrics)) this.addValues(step, [{ tag, simpleValue: value }]);
  }

  /** Writes every buffered record to the file (synchronously). A no-op once closed. */
  flush(): void {
    if (this.fd === undefined) return;
    this.lastFlushSecs = this.clock();
    if (this.pending.length === 0) return;
    const chunk = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    let written = 0;
    try {
      while (written < chunk.length) written += writeSync(this.fd, chunk, written, chunk.length - written);
    } catch (e) {
      throw withPath(e, this.path);
    }
  }

  /** Flushes, stops the timer and closes the file; later `add*` calls throw. Idempotent. */
  close(): void {
    if (this.fd === undefined) return;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
      this.fd = undefined;
    }
    this.rethrowTimerError();
  }

  private addValues(step: number, values: SummaryValueData[]): void {
    this.rethrowTimerError();
    if (this.fd === undefined) throw new Error(`EventWriter: ${this.path} is closed`);
    checkStep(step);
    if (step > this.maxStep) this.maxStep = step;
    const wallTime = this.clock();
    this.enqueue(encodeEvent({ wallTime, step, summary: values }));
    if (this.pending.length >= this.maxQueue || (this.flushSeconds > 0 && wallTime - this.lastFlushSecs >= this.flushSeconds)) {
      this.flush();
    }
  }

  private enqueue(event: Uint8Array): void {
    const record = encodeTfRecord(event);
    this.pending.push(record);
    this.pendingBytes += record.length;
  }

  private rethrowTimerError(): void {
    if (this.timerError === undefined) return;
    const error = this.timerError;
    this.timerError = undefined;
    throw error;
  }
}

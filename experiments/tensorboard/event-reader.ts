/**
 * Reads TensorBoard event files back: every `Event`, or just the scalar,
 * histogram, text and hparams rows. Accepts one event file or a run directory
 * (every `events.out.tfevents.*` file directly inside it, in name order, which
 * is creation order for files from one host). Used by the tests and by
 * `lbgym report`.
 *
 * Scalars are read from `simple_value` and also from rank-0 float/double
 * tensors of the "scalars" plugin (what TF2's `tf.summary.scalar` writes).
 * Plugin metadata may appear only on a tag's first value, so a tag keeps the
 * plugin it was first seen with.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  DT_DOUBLE,
  DT_FLOAT,
  DT_STRING,
  decodeEvent,
  type EventData,
  type HistogramData,
  SCALARS_PLUGIN_NAME,
  type TensorData,
  TEXT_PLUGIN_NAME,
} from './event-protos.js';
import {
  decodeHparamsPluginData,
  HPARAMS_PLUGIN_NAME,
  type HparamsPluginData,
  type HparamValue,
  type SessionStatus,
} from './hparams-plugin.js';
import { type ReadTfRecordsOptions, readTfRecords } from './tfrecord.js';

/** The prefix of every event file name. */
export const EVENT_FILE_PREFIX = 'events.out.tfevents.';

export interface ScalarRow {
  readonly tag: string;
  readonly step: number;
  readonly value: number;
  /** Seconds since the epoch. */
  readonly wallTime: number;
}

export interface HistogramRow {
  readonly tag: string;
  readonly step: number;
  readonly wallTime: number;
  readonly histogram: HistogramData;
}

export interface TextRow {
  readonly tag: string;
  readonly step: number;
  readonly wallTime: number;
  readonly text: string;
}

/** What a run recorded for the HParams dashboard (fields absent when not written). */
export interface RunHparams {
  readonly hparams?: Readonly<Record<string, HparamValue>>;
  readonly groupName?: string;
  readonly startTimeSecs?: number;
  readonly status?: SessionStatus;
  readonly endTimeSecs?: number;
  /** Metric tags listed by the run's `_hparams_/experiment`. */
  readonly metricTags?: readonly string[];
}

/** The event files directly inside `dir`, sorted by name (full paths). */
export function listEventFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.startsWith(EVENT_FILE_PREFIX))
    .sort()
    .map((name) => join(dir, name));
}

function filesOf(pathOrDir: string): string[] {
  return statSync(pathOrDir).isDirectory() ? listEventFiles(pathOrDir) : [pathOrDir];
}

/** Every event of one file or of a run directory, in file then record order. */
export function readEvents(pathOrDir: string, options: ReadTfRecordsOptions = {}): EventData[] {
  const events: EventData[] = [];
  for (const file of filesOf(pathOrDir)) {
    let records: Uint8Array[];
    try {
      records = readTfRecords(readFileSync(file), options);
    } catch (error) {
      throw new Error(`${file}: ${(error as Error).message}`);
    }
    for (const record of records) events.push(decodeEvent(record));
  }
  return events;
}

interface TaggedValue {
  readonly event: EventData;
  readonly tag: string;
  readonly pluginName: string;
  readonly value: NonNullable<EventData['summary']>[number];
}

/** Every summary value with the plugin its tag belongs to. */
function* taggedValues(events: readonly EventData[]): Generator<TaggedValue> {
  const pluginOfTag = new Map<string, string>();
  for (const event of events) {
    for (const value of event.summary ?? []) {
      const named = value.metadata?.pluginName;
      if (named !== undefined && named !== '' && !pluginOfTag.has(value.tag)) pluginOfTag.set(value.tag, named);
      yield { event, tag: value.tag, pluginName: pluginOfTag.get(value.tag) ?? '', value };
    }
  }
}

function scalarOfTensor(t: TensorData): number | undefined {
  if (t.shape.length !== 0) return undefined;
  if (t.dtype === DT_FLOAT && t.floatVal?.[0] !== undefined) return t.floatVal[0];
  if (t.dtype === DT_DOUBLE && t.doubleVal?.[0] !== undefined) return t.doubleVal[0];
  const content = t.tensorContent;
  if (content === undefined) return undefined;
  const view = new DataView(content.buffer, content.byteOffset, content.byteLength);
  if (t.dtype === DT_FLOAT && content.length === 4) return view.getFloat32(0, true);
  if (t.dtype === DT_DOUBLE && content.length === 8) return view.getFloat64(0, true);
  return undefined;
}

/** Scalar rows of one file or run directory, in write order. */
export function readScalars(pathOrDir: string, options: ReadTfRecordsOptions = {}): ScalarRow[] {
  const rows: ScalarRow[] = [];
  for (const { event, tag, pluginName, value } of taggedValues(readEvents(pathOrDir, options))) {
    let scalar = value.simpleValue;
    if (scalar === undefined && value.tensor !== undefined && pluginName === SCALARS_PLUGIN_NAME) {
      scalar = scalarOfTensor(value.tensor);
    }
    if (scalar !== undefined) rows.push({ tag, step: event.step, value: scalar, wallTime: event.wallTime });
  }
  return rows;
}

/** Histogram rows (`Summary.Value.histo`) of one file or run directory. */
export function readHistograms(pathOrDir: string, options: ReadTfRecordsOptions = {}): HistogramRow[] {
  const rows: HistogramRow[] = [];
  for (const { event, tag, value } of taggedValues(readEvents(pathOrDir, options))) {
    if (value.histogram !== undefined) rows.push({ tag, step: event.step, wallTime: event.wallTime, histogram: value.histogram });
  }
  return rows;
}

/** Text rows of the text plugin (the first string of each DT_STRING tensor). */
export function readTexts(pathOrDir: string, options: ReadTfRecordsOptions = {}): TextRow[] {
  const rows: TextRow[] = [];
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  for (const { event, tag, pluginName, value } of taggedValues(readEvents(pathOrDir, options))) {
    const t = value.tensor;
    const first = t?.stringVal?.[0];
    if (pluginName === TEXT_PLUGIN_NAME && t?.dtype === DT_STRING && first !== undefined) {
      rows.push({ tag, step: event.step, wallTime: event.wallTime, text: utf8.decode(first) });
    }
  }
  return rows;
}

/** Every hparams plugin record of one file or run directory, decoded, in write order. */
export function readHparamsPluginData(pathOrDir: string, options: ReadTfRecordsOptions = {}): HparamsPluginData[] {
  const out: HparamsPluginData[] = [];
  for (const { value } of taggedValues(readEvents(pathOrDir, options))) {
    const m = value.metadata;
    if (m?.pluginName === HPARAMS_PLUGIN_NAME && m.pluginContent !== undefined) out.push(decodeHparamsPluginData(m.pluginContent));
  }
  return out;
}

/** The run's hyperparameters, status and metric tags (the last record of each kind wins). */
export function readRunHparams(pathOrDir: string, options: ReadTfRecordsOptions = {}): RunHparams {
  let result: RunHparams = {};
  for (const data of readHparamsPluginData(pathOrDir, options)) {
    switch (data.kind) {
      case 'experiment':
        result = { ...result, metricTags: data.metricInfos.map((m) => m.tag) };
        break;
      case 'sessionStartInfo':
        result = { ...result, hparams: data.hparams, groupName: data.groupName, startTimeSecs: data.startTimeSecs };
        break;
      case 'sessionEndInfo':
        result = { ...result, status: data.status, endTimeSecs: data.endTimeSecs };
        break;
    }
  }
  return result;
}

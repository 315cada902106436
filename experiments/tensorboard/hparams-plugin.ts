/**
 * The TensorBoard HParams plugin's summary content, encoded and decoded by
 * hand. A run is one session: its `_hparams_/session_start_info` value holds
 * the hyperparameter values, `_hparams_/session_end_info` the final status,
 * and `_hparams_/experiment` lists the hyperparameters and metric tags the
 * dashboard shows as columns. Each value carries no data of its own: the
 * payload is `SummaryMetadata.plugin_data` with `plugin_name = "hparams"` and
 * `content` = a serialized `HParamsPluginData` with `version = 0`, as written
 * by `tensorboard/plugins/hparams/summary_v2.py` and PyTorch's
 * `SummaryWriter.add_hparams`. Metric values are ordinary scalar summaries in
 * the session's run, under the metric's tag.
 *
 * Field numbers (tensorboard/plugins/hparams/{plugin_data,api}.proto,
 * google/protobuf/struct.proto):
 *
 *   HParamsPluginData version=1 int32, experiment=2, session_start_info=3,
 *                     session_end_info=4
 *   Experiment        description=1, user=2, time_created_secs=3 double,
 *                     hparam_infos=4, metric_infos=5, name=6
 *   HParamInfo        name=1, display_name=2, description=3, type=4 enum
 *   MetricInfo        name=1 MetricName{group=1, tag=2}, display_name=3
 *   SessionStartInfo  hparams=1 map<string, Value>, model_uri=2,
 *                     monitor_url=3, group_name=4, start_time_secs=5 double
 *   SessionEndInfo    status=1 enum, end_time_secs=2 double
 *   Value             number_value=2 double, string_value=3, bool_value=4
 *   map entry         key=1, value=2
 */
import { ProtoMessage, ProtoWriter } from './protobuf.js';

export const HPARAMS_PLUGIN_NAME = 'hparams';
/** `HParamsPluginData.version` that TensorBoard accepts. */
export const HPARAMS_PLUGIN_DATA_VERSION = 0;
export const HPARAMS_EXPERIMENT_TAG = '_hparams_/experiment';
export const HPARAMS_SESSION_START_INFO_TAG = '_hparams_/session_start_info';
export const HPARAMS_SESSION_END_INFO_TAG = '_hparams_/session_end_info';

export const HPARAMS_PLUGIN_DATA_FIELD = { version: 1, experiment: 2, sessionStartInfo: 3, sessionEndInfo: 4 } as const;
export const EXPERIMENT_FIELD = { description: 1, user: 2, timeCreatedSecs: 3, hparamInfos: 4, metricInfos: 5, name: 6 } as const;
export const HPARAM_INFO_FIELD = { name: 1, displayName: 2, description: 3, type: 4 } as const;
export const METRIC_INFO_FIELD = { name: 1, displayName: 3 } as const;
export const METRIC_NAME_FIELD = { group: 1, tag: 2 } as const;
export const SESSION_START_INFO_FIELD = { hparams: 1, modelUri: 2, monitorUrl: 3, groupName: 4, startTimeSecs: 5 } as const;
export const SESSION_END_INFO_FIELD = { status: 1, endTimeSecs: 2 } as const;
export const STRUCT_VALUE_FIELD = { numberValue: 2, stringValue: 3, boolValue: 4 } as const;
export const MAP_ENTRY_FIELD = { key: 1, value: 2 } as const;

/** A hyperparameter value the dashboard can show. */
export type HparamValue = number | string | boolean;

/** `tensorboard.hparams.DataType` of a hyperparameter column. */
export type HparamType = 'unset' | 'string' | 'bool' | 'float64';
const HPARAM_TYPE_CODE: Readonly<Record<HparamType, number>> = { unset: 0, string: 1, bool: 2, float64: 3 };

/** `tensorboard.hparams.Status` of a session. */
export type SessionStatus = 'unknown' | 'success' | 'failure' | 'running';
const SESSION_STATUS_CODE: Readonly<Record<SessionStatus, number>> = { unknown: 0, success: 1, failure: 2, running: 3 };

function nameOfCode<K extends string>(table: Readonly<Record<K, number>>, code: number, what: string): K {
  for (const key of Object.keys(table) as K[]) if (table[key] === code) return key;
  throw new Error(`hparams: unknown ${what} code ${code}`);
}

/** The dashboard column type of a value. */
export function hparamTypeOf(value: HparamValue): HparamType {
  return typeof value === 'boolean' ? 'bool' : typeof value === 'string' ? 'string' : 'float64';
}

/** Throws, naming the key, unless every value is a finite number, a string or a boolean. */
export function validateHparams(hparams: Readonly<Record<string, unknown>>): asserts hparams is Record<string, HparamValue> {
  for (const [key, value] of Object.entries(hparams)) {
    if (key === '') throw new Error('hparams: names must be non-empty, got an empty key');
    const ok =
      typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
    if (!ok) throw new Error(`hparams: ${key} must be a finite number, a string or a boolean, got ${String(value)}`);
  }
}

/** `HParamsPluginData{version: 0, <field>: inner}`; version 0 is written explicitly (readers accept either form). */
function wrap(field: number, inner: ProtoWriter): Uint8Array {
  return new ProtoWriter()
    .int(HPARAMS_PLUGIN_DATA_FIELD.version, HPARAMS_PLUGIN_DATA_VERSION)
    .message(field, inner)
    .finish();
}

/** `HParamsPluginData{experiment}` listing each hyperparameter (with its type) and each metric tag (group ''). */
export function encodeExperiment(
  hparams: Readonly<Record<string, HparamValue>>,
  metricTags: readonly string[],
  timeCreatedSecs: number,
): Uint8Array {
  validateHparams(hparams);
  const e = new ProtoWriter();
  if (timeCreatedSecs !== 0) e.double(EXPERIMENT_FIELD.timeCreatedSecs, timeCreatedSecs);
  for (const name of Object.keys(hparams).sort()) {
    const info = new ProtoWriter()
      .string(HPARAM_INFO_FIELD.name, name)
      .uint(HPARAM_INFO_FIELD.type, HPARAM_TYPE_CODE[hparamTypeOf(hparams[name] as HparamValue)]);
    e.message(EXPERIMENT_FIELD.hparamInfos, info);
  }
  for (const tag of metricTags) {
    const metricName = new ProtoWriter().string(METRIC_NAME_FIELD.tag, tag);
    e.message(EXPERIMENT_FIELD.metricInfos, new ProtoWriter().message(METRIC_INFO_FIELD.name, metricName));
  }
  return wrap(HPARAMS_PLUGIN_DATA_FIELD.experiment, e);
}

/** `HParamsPluginData{session_start_info}` with the session's values (keys sorted, as summary_v2 does). */
export function encodeSessionStartInfo(
  hparams: Readonly<Record<string, HparamValue>>,
  startTimeSecs: number,
  groupName = '',
): Uint8Array {
  validateHparams(hparams);
  const s = new ProtoWriter();
  for (const name of Object.keys(hparams).sort()) {
    const value = hparams[name] as HparamValue;
    const v = new ProtoWriter();
    if (typeof value === 'boolean') v.bool(STRUCT_VALUE_FIELD.boolValue, value);
    else if (typeof value === 'string') v.string(STRUCT_VALUE_FIELD.stringValue, value);
    else v.double(STRUCT_VALUE_FIELD.numberValue, value);
    s.message(SESSION_START_INFO_FIELD.hparams, new ProtoWriter().string(MAP_ENTRY_FIELD.key, name).message(MAP_ENTRY_FIELD.value, v));
  }
  if (groupName !== '') s.string(SESSION_START_INFO_FIELD.groupName, groupName);
  if (startTimeSecs !== 0) s.double(SESSION_START_INFO_FIELD.startTimeSecs, startTimeSecs);
  return wrap(HPARAMS_PLUGIN_DATA_FIELD.sessionStartInfo, s);
}

/** `HParamsPluginData{session_end_info}`. */
export function encodeSessionEndInfo(status: SessionStatus, endTimeSecs: number): Uint8Array {
  const code = SESSION_STATUS_CODE[status];
  if (code === undefined) throw new Error(`hparams: status must be one of ${Object.keys(SESSION_STATUS_CODE).join(', ')}, got ${String(status)}`);
  const s = new ProtoWriter();
  if (code !== 0) s.uint(SESSION_END_INFO_FIELD.status, code);
  if (endTimeSecs !== 0) s.double(SESSION_END_INFO_FIELD.endTimeSecs, endTimeSecs);
  return wrap(HPARAMS_PLUGIN_DATA_FIELD.sessionEndInfo, s);
}

/** Decoded `HParamsPluginData`, one variant per oneof member. */
export type HparamsPluginData =
  | {
      readonly kind: 'experiment';
      readonly timeCreatedSecs: number;
      readonly hparamInfos: readonly { readonly name: string; readonly type: HparamType }[];
      readonly metricInfos: readonly { readonly group: string; readonly tag: string }[];
    }
  | {
      readonly kind: 'sessionStartInfo';
      readonly hparams: Readonly<Record<string, HparamValue>>;
      readonly groupName: string;
      readonly startTimeSecs: number;
    }
  | { readonly kind: 'sessionEndInfo'; readonly status: SessionStatus; readonly endTimeSecs: number };

function decodeStructValue(m: ProtoMessage, key: string): HparamValue {
  if (m.has(STRUCT_VALUE_FIELD.numberValue)) return m.double(STRUCT_VALUE_FIELD.numberValue);
  if (m.has(STRUCT_VALUE_FIELD.stringValue)) return m.string(STRUCT_VALUE_FIELD.stringValue);
  if (m.has(STRUCT_VALUE_FIELD.boolValue)) return m.bool(STRUCT_VALUE_FIELD.boolValue);
  throw new Error(`hparams: value of ${key} is not a number, string or bool`);
}

/** Parses an hparams plugin `content`. Throws on a version other than 0 or no data member. */
export function decodeHparamsPluginData(content: Uint8Array): HparamsPluginData {
  const m = ProtoMessage.decode(content);
  const version = m.int(HPARAMS_PLUGIN_DATA_FIELD.version);
  if (version !== HPARAMS_PLUGIN_DATA_VERSION) {
    throw new Error(`hparams: plugin data version must be ${HPARAMS_PLUGIN_DATA_VERSION}, got ${version}`);
  }
  const experiment = m.message(HPARAMS_PLUGIN_DATA_FIELD.experiment);
  if (experiment !== undefined) {
    return {
      kind: 'experiment',
      timeCreatedSecs: experiment.double(EXPERIMENT_FIELD.timeCreatedSecs),
      hparamInfos: experiment.messages(EXPERIMENT_FIELD.hparamInfos).map((h) => ({
        name: h.string(HPARAM_INFO_FIELD.name),
        type: nameOfCode(HPARAM_TYPE_CODE, h.uint(HPARAM_INFO_FIELD.type), 'hparam type'),
      })),
      metricInfos: experiment.messages(EXPERIMENT_FIELD.metricInfos).map((mi) => {
        const name = mi.message(METRIC_INFO_FIELD.name);
        return { group: name?.string(METRIC_NAME_FIELD.group) ?? '', tag: name?.string(METRIC_NAME_FIELD.tag) ?? '' };
      }),
    };
  }
  const start = m.message(HPARAMS_PLUGIN_DATA_FIELD.sessionStartInfo);
  if (start !== undefined) {
    const hparams: Record<string, HparamValue> = {};
    for (const entry of start.messages(SESSION_START_INFO_FIELD.hparams)) {
      const key = entry.string(MAP_ENTRY_FIELD.key);
      hparams[key] = decodeStructValue(entry.message(MAP_ENTRY_FIELD.value) ?? ProtoMessage.decode(new Uint8Array(0)), key);
    }
    return {
      kind: 'sessionStartInfo',
      hparams,
      groupName: start.string(SESSION_START_INFO_FIELD.groupName),
      startTimeSecs: start.double(SESSION_START_INFO_FIELD.startTimeSecs),
    };
  }
  const end = m.message(HPARAMS_PLUGIN_DATA_FIELD.sessionEndInfo);
  if (end !== undefined) {
    return {
      kind: 'sessionEndInfo',
      status: nameOfCode(SESSION_STATUS_CODE, end.uint(SESSION_END_INFO_FIELD.status), 'session status'),
      endTimeSecs: end.double(SESSION_END_INFO_FIELD.endTimeSecs),
    };
  }
  throw new Error('hparams: plugin data has none of experiment, session_start_info, session_end_info');
}

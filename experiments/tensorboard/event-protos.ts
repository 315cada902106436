/**
 * The TensorBoard event schema, encoded and decoded by hand with the wire
 * codec in `protobuf.ts`. Field numbers are those of TensorBoard's
 * `tensorboard/compat/proto/{event,summary,histogram,tensor,tensor_shape}.proto`:
 *
 *   Event           wall_time=1 double, step=2 int64, file_version=3 string,
 *                   summary=5 Summary, source_metadata=10 {writer=1}
 *   Summary         value=1 repeated Value
 *   Summary.Value   tag=1, simple_value=2 float, histo=5, tensor=8, metadata=9
 *   SummaryMetadata plugin_data=1 {plugin_name=1, content=2 bytes},
 *                   display_name=2, summary_description=3, data_class=4 enum
 *   HistogramProto  min=1, max=2, num=3, sum=4, sum_squares=5 (doubles),
 *                   bucket_limit=6, bucket=7 (packed doubles)
 *   TensorProto     dtype=1 enum, tensor_shape=2, tensor_content=4,
 *                   float_val=5, double_val=6, string_val=8 (repeated bytes)
 *   TensorShapeProto dim=2 repeated {size=1 int64, name=2}
 *
 * Encoders skip proto3 defaults outside oneofs (as protobuf's own serializers
 * do); a oneof member such as `simple_value` is written even when it is 0.
 */
import { ProtoMessage, ProtoWriter } from './protobuf.js';

/** Field numbers of `tensorboard.Event`. */
export const EVENT_FIELD = { wallTime: 1, step: 2, fileVersion: 3, summary: 5, sourceMetadata: 10 } as const;
/** Field numbers of `tensorboard.SourceMetadata`. */
export const SOURCE_METADATA_FIELD = { writer: 1 } as const;
/** Field numbers of `tensorboard.Summary`. */
export const SUMMARY_FIELD = { value: 1 } as const;
/** Field numbers of `tensorboard.Summary.Value`. */
export const SUMMARY_VALUE_FIELD = { tag: 1, simpleValue: 2, histo: 5, tensor: 8, metadata: 9 } as const;
/** Field numbers of `tensorboard.SummaryMetadata`. */
export const SUMMARY_METADATA_FIELD = { pluginData: 1, displayName: 2, summaryDescription: 3, dataClass: 4 } as const;
/** Field numbers of `tensorboard.SummaryMetadata.PluginData`. */
export const PLUGIN_DATA_FIELD = { pluginName: 1, content: 2 } as const;
/** Field numbers of `tensorboard.HistogramProto`. */
export const HISTOGRAM_FIELD = { min: 1, max: 2, num: 3, sum: 4, sumSquares: 5, bucketLimit: 6, bucket: 7 } as const;
/** Field numbers of `tensorboard.TensorProto` (the ones lbgym uses). */
export const TENSOR_FIELD = { dtype: 1, tensorShape: 2, tensorContent: 4, floatVal: 5, doubleVal: 6, stringVal: 8 } as const;
/** Field numbers of `tensorboard.TensorShapeProto` and its `Dim`. */
export const TENSOR_SHAPE_FIELD = { dim: 2 } as const;
export const TENSOR_SHAPE_DIM_FIELD = { size: 1 } as const;

/** `tensorboard.DataType` values lbgym reads or writes (types.proto). */
export const DT_FLOAT = 1;
export const DT_DOUBLE = 2;
export const DT_STRING = 7;

/** `tensorboard.DataClass` values (summary.proto). */
export const DATA_CLASS_UNKNOWN = 0;
export const DATA_CLASS_SCALAR = 1;
export const DATA_CLASS_TENSOR = 2;
export const DATA_CLASS_BLOB_SEQUENCE = 3;

/** Plugin names of the scalar and text dashboards (the text plugin's `TextPluginData{version: 0}` content is empty). */
export const SCALARS_PLUGIN_NAME = 'scalars';
export const TEXT_PLUGIN_NAME = 'text';

/** The `file_version` of the first event of every event file. */
export const EVENT_FILE_VERSION = 'brain.Event:2';

/** `HistogramProto`: summary statistics and buckets (bucket i spans (bucketLimit[i-1], bucketLimit[i]]). */
export interface HistogramData {
  readonly min: number;
  readonly max: number;
  readonly num: number;
  readonly sum: number;
  readonly sumSquares: number;
  readonly bucketLimit: readonly number[];
  readonly bucket: readonly number[];
}

/** `TensorProto`, restricted to the representations lbgym reads or writes. */
export interface TensorData {
  readonly dtype: number;
  /** Dimension sizes; `[]` is a scalar (rank 0). */
  readonly shape: readonly number[];
  readonly floatVal?: readonly number[];
  readonly doubleVal?: readonly number[];
  readonly stringVal?: readonly Uint8Array[];
  readonly tensorContent?: Uint8Array;
}

/** `SummaryMetadata`. */
export interface SummaryMetadataData {
  readonly pluginName?: string;
  readonly pluginContent?: Uint8Array;
  readonly displayName?: string;
  readonly summaryDescription?: string;
  readonly dataClass?: number;
}

/** `Summary.Value`: a tag with at most one of simple value, histogram or tensor. */
export interface SummaryValueData {
  readonly tag: string;
  readonly metadata?: SummaryMetadataData;
  readonly simpleValue?: number;
  readonly histogram?: HistogramData;
  readonly tensor?: TensorData;
}

/** `Event`: `fileVersion` for the first record of a file, `summary` for data records. */
export interface EventData {
  readonly wallTime: number;
  readonly step: number;
  readonly fileVersion?: string;
  readonly sourceWriter?: string;
  readonly summary?: readonly SummaryValueData[];
}

function encodeHistogram(h: HistogramData): ProtoWriter {
  const w = new ProtoWriter();
  if (h.min !== 0) w.double(HISTOGRAM_FIELD.min, h.min);
  if (h.max !== 0) w.double(HISTOGRAM_FIELD.max, h.max);
  if (h.num !== 0) w.double(HISTOGRAM_FIELD.num, h.num);
  if (h.sum !== 0) w.double(HISTOGRAM_FIELD.sum, h.sum);
  if (h.sumSquares !== 0) w.double(HISTOGRAM_FIELD.sumSquares, h.sumSquares);
  if (h.bucketLimit.length > 0) w.packedDoubles(HISTOGRAM_FIELD.bucketLimit, h.bucketLimit);
  if (h.bucket.length > 0) w.packedDoubles(HISTOGRAM_FIELD.bucket, h.bucket);
  return w;
}

function encodeTensor(t: TensorData): ProtoWriter {
  const w = new ProtoWriter();
  if (t.dtype !== 0) w.uint(TENSOR_FIELD.dtype, t.dtype);
  const shape = new ProtoWriter();
  for (const size of t.shape) {
    const dim = new ProtoWriter();
    if (size !== 0) dim.int(TENSOR_SHAPE_DIM_FIELD.size, size);
    shape.message(TENSOR_SHAPE_FIELD.dim, dim);
  }
  w.message(TENSOR_FIELD.tensorShape, shape);
  if (t.tensorContent !== undefined && t.tensorContent.length > 0) w.bytes(TENSOR_FIELD.tensorContent, t.tensorContent);
  if (t.floatVal !== undefined && t.floatVal.length > 0) w.packedFloats(TENSOR_FIELD.floatVal, t.floatVal);
  if (t.doubleVal !== undefined && t.doubleVal.length > 0) w.packedDoubles(TENSOR_FIELD.doubleVal, t.doubleVal);
  for (const s of t.stringVal ?? []) w.bytes(TENSOR_FIELD.stringVal, s);
  return w;
}

function encodeMetadata(m: SummaryMetadataData): ProtoWriter {
  const w = new ProtoWriter();
  if (m.pluginName !== undefined || m.pluginContent !== undefined) {
    const plugin = new ProtoWriter();
    if (m.pluginName) plugin.string(PLUGIN_DATA_FIELD.pluginName, m.pluginName);
    if (m.pluginContent !== undefined && m.pluginContent.length > 0) plugin.bytes(PLUGIN_DATA_FIELD.content, m.pluginContent);
    w.message(SUMMARY_METADATA_FIELD.pluginData, plugin);
  }
  if (m.displayName) w.string(SUMMARY_METADATA_FIELD.displayName, m.displayName);
  if (m.summaryDescription) w.string(SUMMARY_METADATA_FIELD.summaryDescription, m.summaryDescription);
  if (m.dataClass) w.uint(SUMMARY_METADATA_FIELD.dataClass, m.dataClass);
  return w;
}

function encodeSummaryValue(v: SummaryValueData): ProtoWriter {
  const w = new ProtoWriter();
  if (v.tag) w.string(SUMMARY_VALUE_FIELD.tag, v.tag);
  if (v.simpleValue !== undefined) w.float(SUMMARY_VALUE_FIELD.simpleValue, v.simpleValue);
  if (v.histogram !== undefined) w.message(SUMMARY_VALUE_FIELD.histo, encodeHistogram(v.histogram));
  if (v.tensor !== undefined) w.message(SUMMARY_VALUE_FIELD.tensor, encodeTensor(v.tensor));
  if (v.metadata !== undefined) w.message(SUMMARY_VALUE_FIELD.metadata, encodeMetadata(v.metadata));
  return w;
}

/** Serializes an `Event`. */
export function encodeEvent(e: EventData): Uint8Array {
  const w = new ProtoWriter();
  if (e.wallTime !== 0) w.double(EVENT_FIELD.wallTime, e.wallTime);
  if (e.step !== 0) w.int(EVENT_FIELD.step, e.step);
  if (e.fileVersion !== undefined) w.string(EVENT_FIELD.fileVersion, e.fileVersion);
  if (e.summary !== undefined) {
    const summary = new ProtoWriter();
    for (const v of e.summary) summary.message(SUMMARY_FIELD.value, encodeSummaryValue(v));
    w.message(EVENT_FIELD.summary, summary);
  }
  if (e.sourceWriter !== undefined) {
    w.message(EVENT_FIELD.sourceMetadata, new ProtoWriter().string(SOURCE_METADATA_FIELD.writer, e.sourceWriter));
  }
  return w.finish();
}

function decodeHistogram(m: ProtoMessage): HistogramData {
  return {
    min: m.double(HISTOGRAM_FIELD.min),
    max: m.double(HISTOGRAM_FIELD.max),
    num: m.double(HISTOGRAM_FIELD.num),
    sum: m.double(HISTOGRAM_FIELD.sum),
    sumSquares: m.double(HISTOGRAM_FIELD.sumSquares),
    bucketLimit: m.doubles(HISTOGRAM_FIELD.bucketLimit),
    bucket: m.doubles(HISTOGRAM_FIELD.bucket),
  };
}

function decodeTensor(m: ProtoMessage): TensorData {
  const shape = m.message(TENSOR_FIELD.tensorShape);
  const dims = shape === undefined ? [] : shape.messages(TENSOR_SHAPE_FIELD.dim).map((d) => d.int(TENSOR_SHAPE_DIM_FIELD.size));
  const tensor: {
    dtype: number;
    shape: number[];
    floatVal?: number[];
    doubleVal?: number[];
    stringVal?: Uint8Array[];
    tensorContent?: Uint8Array;
  } = { dtype: m.uint(TENSOR_FIELD.dtype), shape: dims };
  if (m.has(TENSOR_FIELD.floatVal)) tensor.floatVal = m.floats(TENSOR_FIELD.floatVal);
  if (m.has(TENSOR_FIELD.doubleVal)) tensor.doubleVal = m.doubles(TENSOR_FIELD.doubleVal);
  if (m.has(TENSOR_FIELD.stringVal)) tensor.stringVal = m.bytesList(TENSOR_FIELD.stringVal);
  if (m.has(TENSOR_FIELD.tensorContent)) tensor.tensorContent = m.bytes(TENSOR_FIELD.tensorContent);
  return tensor;
}

function decodeMetadata(m: ProtoMessage): SummaryMetadataData {
  const plugin = m.message(SUMMARY_METADATA_FIELD.pluginData);
  return {
    ...(plugin === undefined
      ? {}
      : { pluginName: plugin.string(PLUGIN_DATA_FIELD.pluginName), pluginContent: plugin.bytes(PLUGIN_DATA_FIELD.content) }),
    displayName: m.string(SUMMARY_METADATA_FIELD.displayName),
    summaryDescription: m.string(SUMMARY_METADATA_FIELD.summaryDescription),
    dataClass: m.uint(SUMMARY_METADATA_FIELD.dataClass),
  };
}

function decodeSummaryValue(m: ProtoMessage): SummaryValueData {
  const metadata = m.message(SUMMARY_VALUE_FIELD.metadata);
  const histo = m.message(SUMMARY_VALUE_FIELD.histo);
  const tensor = m.message(SUMMARY_VALUE_FIELD.tensor);
  return {
    tag: m.string(SUMMARY_VALUE_FIELD.tag),
    ...(metadata === undefined ? {} : { metadata: decodeMetadata(metadata) }),
    ...(m.has(SUMMARY_VALUE_FIELD.simpleValue) ? { simpleValue: m.float(SUMMARY_VALUE_FIELD.simpleValue) } : {}),
    ...(histo === undefined ? {} : { histogram: decodeHistogram(histo) }),
    ...(tensor === undefined ? {} : { tensor: decodeTensor(tensor) }),
  };
}

/** Parses a serialized `Event` (fields lbgym does not know are skipped). */
export function decodeEvent(bytes: Uint8Array): EventData {
  const m = ProtoMessage.decode(bytes);
  const summary = m.message(EVENT_FIELD.summary);
  const source = m.message(EVENT_FIELD.sourceMetadata);
  return {
    wallTime: m.double(EVENT_FIELD.wallTime),
    step: m.int(EVENT_FIELD.step),
    ...(m.has(EVENT_FIELD.fileVersion) ? { fileVersion: m.string(EVENT_FIELD.fileVersion) } : {}),
    ...(source === undefined ? {} : { sourceWriter: source.string(SOURCE_METADATA_FIELD.writer) }),
    ...(summary === undefined ? {} : { summary: summary.messages(SUMMARY_FIELD.value).map(decodeSummaryValue) }),
  };
}

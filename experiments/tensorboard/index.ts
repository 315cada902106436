/**
 * TensorBoard event files for lbgym, written and read without TensorFlow:
 * a summary writer with tensorboardX method names, a reader for reports, and
 * the codecs beneath them (CRC-32C, protobuf wire format, TFRecord framing).
 */
export { crc32c, maskCrc, maskedCrc32c, unmaskCrc } from './crc32c.js';
export { decodeFields, ProtoMessage, ProtoWriter, type ProtoField, type WireType } from './protobuf.js';
export { encodeTfRecord, readTfRecords, type ReadTfRecordsOptions, type TruncatedTailPolicy } from './tfrecord.js';
export {
  decodeEvent,
  encodeEvent,
  EVENT_FILE_VERSION,
  SCALARS_PLUGIN_NAME,
  TEXT_PLUGIN_NAME,
  type EventData,
  type HistogramData,
  type SummaryMetadataData,
  type SummaryValueData,
  type TensorData,
} from './event-protos.js';
export { computeHistogram, DEFAULT_HISTOGRAM_BINS } from './histogram.js';
export {
  decodeHparamsPluginData,
  HPARAMS_EXPERIMENT_TAG,
  HPARAMS_PLUGIN_NAME,
  HPARAMS_SESSION_END_INFO_TAG,
  HPARAMS_SESSION_START_INFO_TAG,
  type HparamsPluginData,
  type HparamType,
  type HparamValue,
  type SessionStatus,
} from './hparams-plugin.js';
export {
  type AddHparamsOptions,
  DEFAULT_FLUSH_SECONDS,
  DEFAULT_MAX_QUEUE,
  EventWriter,
  type EventWriterOptions,
} from './event-writer.js';
export {
  EVENT_FILE_PREFIX,
  type HistogramRow,
  listEventFiles,
  readEvents,
  readHistograms,
  readHparamsPluginData,
  readRunHparams,
  readScalars,
  readTexts,
  type RunHparams,
  type ScalarRow,
  type TextRow,
} from './event-reader.js';

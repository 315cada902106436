/**
 * Byte-exact TFRecord/Event records produced by protobuf's own Python
 * serializer, copied from public test suites (TensorFlow's
 * event_file_loader_test.py and tensorboard_logger's test_serialization),
 * as latin1 strings. Wall time 256.5 in the tensorboard_logger records.
 */

/** Event{wall_time: 256.5, file_version: "brain.Event:2"} (tensorboard_logger). */
export const GOLDEN_FILE_VERSION_RECORD =
  '\x18\x00\x00\x00\x00\x00\x00\x00\xa3\x7fK"\t\x00\x00\x00\x00\x00\x08p@\x1a\rbrain.Event:2\xbc\x98!+';

/** Event{wall_time: 256.5, step: 1, summary: {value: [{tag: "v/1", simple_value: 1.5}]}} (tensorboard_logger). */
export const GOLDEN_SCALAR_RECORD_1 =
  '\x19\x00\x00\x00\x00\x00\x00\x00\x8b\xf1\x08(\t\x00\x00\x00\x00\x00\x08p@\x10\x01*\x0c\n\n\n\x03v/1\x15\x00\x00\xc0?,\xec\xc0\x87';

/** Event{wall_time: 256.5, step: 2, summary: {value: [{tag: "v/22", simple_value: 16}]}} (tensorboard_logger). */
export const GOLDEN_SCALAR_RECORD_2 =
  '\x1a\x00\x00\x00\x00\x00\x00\x00\x12\x9b\xd8-\t\x00\x00\x00\x00\x00\x08p@\x10\x02*\r\n\x0b\n\x04v/22\x15\x00\x00\x80A\x8f\xa3\xb6\x88';

/** Event{wall_time: ..., file_version: "brain.Event:1"} (TensorFlow's event_file_loader_test). */
export const GOLDEN_TF_RECORD = '\x18\x00\x00\x00\x00\x00\x00\x00\xa3\x7fK"\t\x00\x00\xc0%\xddu\xd5A\x1a\rbrain.Event:1\xec\xf32\x8d';

export function latin1Bytes(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'latin1'));
}

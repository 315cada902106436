import { describe, expect, it } from 'vitest';
import { decodeEvent, encodeEvent } from '../../experiments/tensorboard/event-protos.js';
import { encodeTfRecord, readTfRecords } from '../../experiments/tensorboard/tfrecord.js';
import {
  GOLDEN_FILE_VERSION_RECORD,
  GOLDEN_SCALAR_RECORD_1,
  GOLDEN_SCALAR_RECORD_2,
  GOLDEN_TF_RECORD,
  latin1Bytes,
} from './golden-records.js';

function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

describe('TFRecord framing', () => {
  it('lays out length, masked length CRC, data, masked data CRC (little-endian)', () => {
    const data = Uint8Array.of(1, 2, 3);
    const record = encodeTfRecord(data);
    expect(record.length).toBe(3 + 16);
    const view = new DataView(record.buffer);
    expect(view.getBigUint64(0, true)).toBe(3n);
    expect(Array.from(record.subarray(12, 15))).toEqual([1, 2, 3]);
  });

  it('reproduces byte-exact records written by Python protobuf + TFRecord writers', () => {
    expect(Buffer.from(encodeTfRecord(encodeEvent({ wallTime: 256.5, step: 0, fileVersion: 'brain.Event:2' })))).toEqual(
      Buffer.from(latin1Bytes(GOLDEN_FILE_VERSION_RECORD)),
    );
    expect(
      Buffer.from(encodeTfRecord(encodeEvent({ wallTime: 256.5, step: 1, summary: [{ tag: 'v/1', simpleValue: 1.5 }] }))),
    ).toEqual(Buffer.from(latin1Bytes(GOLDEN_SCALAR_RECORD_1)));
    expect(
      Buffer.from(encodeTfRecord(encodeEvent({ wallTime: 256.5, step: 2, summary: [{ tag: 'v/22', simpleValue: 16 }] }))),
    ).toEqual(Buffer.from(latin1Bytes(GOLDEN_SCALAR_RECORD_2)));
  });

  it('reads a record written by TensorFlow', () => {
    const [record, ...rest] = readTfRecords(latin1Bytes(GOLDEN_TF_RECORD));
    expect(rest).toEqual([]);
    const event = decodeEvent(record as Uint8Array);
    expect(event.fileVersion).toBe('brain.Event:1');
    expect(event.wallTime).toBeCloseTo(1440183447.0, 0);
  });

  it('round-trips several records, including an empty one', () => {
    const payloads = [Uint8Array.of(), Uint8Array.of(42), new Uint8Array(1000).fill(7)];
    const file = concat(...payloads.map(encodeTfRecord));
    expect(readTfRecords(file).map((r) => Array.from(r))).toEqual(payloads.map((p) => Array.from(p)));
    expect(readTfRecords(new Uint8Array(0))).toEqual([]);
  });

  it('detects a corrupt length, naming the record offset', () => {
    const first = encodeTfRecord(Uint8Array.of(1, 2, 3));
    const second = encodeTfRecord(Uint8Array.of(4, 5));
    const file = concat(first, second);
    file[first.length] = 9; // second record's length byte
    expect(() => readTfRecords(file)).toThrow(`length CRC mismatch at offset ${first.length}`);
  });

  it('detects corrupt data and a corrupt data CRC, naming the record offset', () => {
    const first = encodeTfRecord(Uint8Array.of(1, 2, 3));
    const file = concat(first, encodeTfRecord(Uint8Array.of(4, 5)));
    const flippedData = file.slice();
    flippedData[first.length + 12] = (flippedData[first.length + 12] as number) ^ 1;
    expect(() => readTfRecords(flippedData)).toThrow(`data CRC mismatch in record at offset ${first.length}`);
    const flippedCrc = file.slice();
    flippedCrc[file.length - 1] = (flippedCrc[file.length - 1] as number) ^ 0x80;
    expect(() => readTfRecords(flippedCrc)).toThrow(`data CRC mismatch in record at offset ${first.length}`);
  });

  it('throws on a truncated tail unless told to ignore it', () => {
    const first = encodeTfRecord(Uint8Array.of(1, 2, 3));
    const whole = concat(first, encodeTfRecord(Uint8Array.of(4, 5, 6, 7)));
    for (const cut of [first.length + 5, first.length + 14, whole.length - 1]) {
      const truncated = whole.subarray(0, cut);
      expect(() => readTfRecords(truncated)).toThrow(new RegExp(`truncated .*offset ${first.length}`));
      expect(readTfRecords(truncated, { truncatedTail: 'ignore' }).map((r) => Array.from(r))).toEqual([[1, 2, 3]]);
    }
  });
});

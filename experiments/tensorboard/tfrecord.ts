/**
 * TFRecord framing, the container of TensorBoard event files. Each record is
 *
 *   uint64 length (little-endian)
 *   uint32 masked CRC-32C of those 8 length bytes (little-endian)
 *   length bytes of data
 *   uint32 masked CRC-32C of the data (little-endian)
 *
 * {@link encodeTfRecord} frames one payload; {@link readTfRecords} splits a
 * file's bytes back into payloads, checking both CRCs and naming the byte
 * offset of the first bad record.
 */
import { maskedCrc32c } from './crc32c.js';

/** Bytes of framing around each payload: 8 length + 4 length CRC + 4 data CRC. */
export const TFRECORD_OVERHEAD_BYTES = 16;

/** Frames `data` as one TFRecord. */
export function encodeTfRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + TFRECORD_OVERHEAD_BYTES);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

/** What to do with an incomplete last record (a writer stopped mid-record, or is still writing). */
export type TruncatedTailPolicy = 'throw' | 'ignore';

export interface ReadTfRecordsOptions {
  /**
   * `'ignore'` drops an incomplete final record (as TensorBoard does while a
   * run is live); `'throw'` treats it as corruption.
   * @default 'throw'
   */
  readonly truncatedTail?: TruncatedTailPolicy;
}

/**
 * The payloads of every record in `bytes`, in order (views into `bytes`).
 * Throws, naming the record's byte offset, on a length or data CRC mismatch,
 * and on an incomplete final record unless `truncatedTail` is `'ignore'`.
 */
export function readTfRecords(bytes: Uint8Array, options: ReadTfRecordsOptions = {}): Uint8Array[] {
  const truncatedTail = options.truncatedTail ?? 'throw';
  if (truncatedTail !== 'throw' && truncatedTail !== 'ignore') {
    throw new Error(`readTfRecords: truncatedTail must be 'throw' or 'ignore', got ${String(truncatedTail)}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: Uint8Array[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const remaining = bytes.length - offset;
    if (remaining < 12) {
      if (truncatedTail === 'ignore') break;
      throw new Error(`tfrecord: truncated header at offset ${offset}: ${remaining} bytes, need 12`);
    }
    const lengthCrc = view.getUint32(offset + 8, true);
    const expectedLengthCrc = maskedCrc32c(bytes.subarray(offset, offset + 8));
    if (lengthCrc !== expectedLengthCrc) {
      throw new Error(
        `tfrecord: length CRC mismatch at offset ${offset}: stored 0x${lengthCrc.toString(16)}, computed 0x${expectedLengthCrc.toString(16)}`,
      );
    }
    const length = view.getBigUint64(offset, true);
    const end = BigInt(offset) + 12n + length + 4n;
    if (end > BigInt(bytes.length)) {
      if (truncatedTail === 'ignore') break;
      throw new Error(`tfrecord: truncated record at offset ${offset}: length ${length} runs past end of data (${bytes.length} bytes)`);
    }
    const dataStart = offset + 12;
    const dataEnd = dataStart + Number(length);
    const data = bytes.subarray(dataStart, dataEnd);
    const dataCrc = view.getUint32(dataEnd, true);
    const expectedDataCrc = maskedCrc32c(data);
    if (dataCrc !== expectedDataCrc) {
      throw new Error(
        `tfrecord: data CRC mismatch in record at offset ${offset}: stored 0x${dataCrc.toString(16)}, computed 0x${expectedDataCrc.toString(16)}`,
      );
    }
    records.push(data);
    offset = dataEnd + 4;
  }
  return records;
}

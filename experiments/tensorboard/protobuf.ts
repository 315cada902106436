/**
 * A minimal protocol-buffers wire codec: enough to write TensorBoard event
 * files and read them back, with no schema compiler.
 *
 * Encoding: {@link ProtoWriter} appends fields in the order called (varint,
 * fixed64 double, fixed32 float, length-delimited strings/bytes/messages, and
 * packed doubles/floats). Callers choose which fields to emit; proto3 readers
 * treat an absent field as its default, so message builders skip defaults.
 *
 * Decoding: {@link ProtoMessage.decode} splits a message into its fields and
 * offers typed getters by field number. Scalar getters follow proto3 rules
 * (last occurrence wins, absent means the default); repeated numeric getters
 * accept both packed and unpacked encodings. Groups (wire types 3 and 4) are
 * rejected: no TensorBoard proto uses them.
 */

/** Protobuf wire types: varint, fixed64, length-delimited, fixed32. */
export type WireType = 0 | 1 | 2 | 5;

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH_DELIMITED = 2;
export const WIRE_FIXED32 = 5;

/** The largest field number protobuf allows (2^29 - 1). */
const MAX_FIELD_NUMBER = 0x1fffffff;

const UTF8_ENCODER = new TextEncoder();
const UTF8_DECODER = new TextDecoder('utf-8', { fatal: true });

function checkFieldNumber(field: number): void {
  if (!Number.isInteger(field) || field < 1 || field > MAX_FIELD_NUMBER) {
    throw new Error(`protobuf: field number must be an integer in [1, ${MAX_FIELD_NUMBER}], got ${field}`);
  }
}

/** Appends protobuf-encoded fields to a growing buffer; `finish()` returns the bytes. */
export class ProtoWriter {
  private buffer = new Uint8Array(64);
  private view = new DataView(this.buffer.buffer);
  private length = 0;

  /** The number of bytes written so far. */
  get byteLength(): number {
    return this.length;
  }

  /** A varint field holding a non-negative integer (uint32, uint64, enum, or a non-negative int32/int64). */
  uint(field: number, value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new Error(`protobuf: field ${field} must be a non-negative safe integer, got ${value}`);
    }
    this.tag(field, WIRE_VARINT);
    this.rawUnsignedVarint(value);
    return this;
  }

  /** A varint field holding a signed int32/int64 (negatives take ten bytes, two's complement). */
  int(field: number, value: number): this {
    if (!Number.isSafeInteger(value)) {
      throw new Error(`protobuf: field ${field} must be a safe integer, got ${value}`);
    }
    this.tag(field, WIRE_VARINT);
    if (value >= 0) this.rawUnsignedVarint(value);
    else this.rawBigVarint(BigInt.asUintN(64, BigInt(value)));
    return this;
  }

  /** A varint field holding a bool. */
  bool(field: number, value: boolean): this {
    this.tag(field, WIRE_VARINT);
    this.pushByte(value ? 1 : 0);
    return this;
  }

  /** A fixed64 field holding an IEEE-754 double, little-endian. */
  double(field: number, value: number): this {
    this.tag(field, WIRE_FIXED64);
    this.reserve(8);
    this.view.setFloat64(this.length, value, true);
    this.length += 8;
    return this;
  }

  /** A fixed32 field holding an IEEE-754 float (the value is rounded to float32), little-endian. */
  float(field: number, value: number): this {
    this.tag(field, WIRE_FIXED32);
    this.reserve(4);
    this.view.setFloat32(this.length, value, true);
    this.length += 4;
    return this;
  }

  /** A length-delimited field holding a UTF-8 string. */
  string(field: number, value: string): this {
    return this.bytes(field, UTF8_ENCODER.encode(value));
  }

  /** A length-delimited field holding raw bytes. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.rawUnsignedVarint(value.length);
    this.pushBytes(value);
    return this;
  }

  /** A length-delimited field holding an embedded message (a writer or its finished bytes). */
  message(field: number, value: ProtoWriter | Uint8Array): this {
    return this.bytes(field, value instanceof ProtoWriter ? value.finish() : value);
  }

  /** A packed repeated double field (one length-delimited run of fixed64 values). */
  packedDoubles(field: number, values: ArrayLike<number>): this {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.rawUnsignedVarint(values.length * 8);
    this.reserve(values.length * 8);
    for (let i = 0; i < values.length; i++) {
      this.view.setFloat64(this.length, values[i] as number, true);
      this.length += 8;
    }
    return this;
  }

  /** A packed repeated float field (one length-delimited run of fixed32 values). */
  packedFloats(field: number, values: ArrayLike<number>): this {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.rawUnsignedVarint(values.length * 4);
    this.reserve(values.length * 4);
    for (let i = 0; i < values.length; i++) {
      this.view.setFloat32(this.length, values[i] as number, true);
      this.length += 4;
    }
    return this;
  }

  /** A copy of the bytes written so far. */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private tag(field: number, wireType: WireType): void {
    checkFieldNumber(field);
    this.rawUnsignedVarint(field * 8 + wireType);
  }

  private rawUnsignedVarint(value: number): void {
    let n = value;
    while (n >= 0x80) {
      this.pushByte((n % 0x80) | 0x80);
      n = Math.floor(n / 0x80);
    }
    this.pushByte(n);
  }

  private rawBigVarint(value: bigint): void {
    let n = value;
    while (n >= 0x80n) {
      this.pushByte(Number(n & 0x7fn) | 0x80);
      n >>= 7n;
    }
    this.pushByte(Number(n));
  }

  private pushByte(b: number): void {
    this.reserve(1);
    this.buffer[this.length++] = b;
  }

  private pushBytes(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  private reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }
}

/** One decoded field: a varint's value, or the raw bytes of a fixed or length-delimited field. */
export type ProtoField =
  | { readonly field: number; readonly wireType: typeof WIRE_VARINT; readonly value: bigint }
  | {
      readonly field: number;
      readonly wireType: typeof WIRE_FIXED64 | typeof WIRE_LENGTH_DELIMITED | typeof WIRE_FIXED32;
      readonly value: Uint8Array;
    };

function readVarint(bytes: Uint8Array, start: number): { value: bigint; next: number } {
  let result = 0n;
  let shift = 0n;
  let pos = start;
  for (;;) {
    if (pos >= bytes.length) throw new Error(`protobuf: truncated varint at offset ${start}`);
    const b = bytes[pos++] as number;
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return { value: result, next: pos };
    shift += 7n;
    if (shift >= 70n) throw new Error(`protobuf: varint longer than 10 bytes at offset ${start}`);
  }
}

/** Splits an encoded message into its fields, in wire order. Throws naming the offset on malformed input. */
export function decodeFields(bytes: Uint8Array): ProtoField[] {
  const fields: ProtoField[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const tagStart = pos;
    const { value: key, next } = readVarint(bytes, pos);
    pos = next;
    const field = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (field < 1 || field > MAX_FIELD_NUMBER) {
      throw new Error(`protobuf: invalid field number ${field} at offset ${tagStart}`);
    }
    const take = (n: number): Uint8Array => {
      if (pos + n > bytes.length) {
        throw new Error(`protobuf: field ${field} at offset ${tagStart} needs ${n} bytes, ${bytes.length - pos} left`);
      }
      const out = bytes.subarray(pos, pos + n);
      pos += n;
      return out;
    };
    switch (wireType) {
      case WIRE_VARINT: {
        const v = readVarint(bytes, pos);
        pos = v.next;
        fields.push({ field, wireType: WIRE_VARINT, value: v.value });
        break;
      }
      case WIRE_FIXED64:
        fields.push({ field, wireType: WIRE_FIXED64, value: take(8) });
        break;
      case WIRE_LENGTH_DELIMITED: {
        const len = readVarint(bytes, pos);
        pos = len.next;
        fields.push({ field, wireType: WIRE_LENGTH_DELIMITED, value: take(Number(len.value)) });
        break;
      }
      case WIRE_FIXED32:
        fields.push({ field, wireType: WIRE_FIXED32, value: take(4) });
        break;
      default:
        throw new Error(`protobuf: unsupported wire type ${wireType} for field ${field} at offset ${tagStart}`);
    }
  }
  return fields;
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A decoded message with typed getters by field number. */
export class ProtoMessage {
  private constructor(readonly fields: readonly ProtoField[]) {}

  /** Decodes `bytes` (throws naming the offset on malformed input). */
  static decode(bytes: Uint8Array): ProtoMessage {
    return new ProtoMessage(decodeFields(bytes));
  }

  /** Whether the field occurs at least once. */
  has(field: number): boolean {
    return this.fields.some((f) => f.field === field);
  }

  /** Every occurrence of the field, in wire order. */
  all(field: number): ProtoField[] {
    return this.fields.filter((f) => f.field === field);
  }

  /** A varint field as a non-negative number (uint32/uint64/enum); 0 when absent. */
  uint(field: number): number {
    const v = this.lastVarint(field);
    if (v === undefined) return 0;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new Error(`protobuf: field ${field} = ${v} exceeds Number.MAX_SAFE_INTEGER`);
    }
    return Number(v);
  }

  /** A varint field as a signed int64 (two's complement); 0 when absent. */
  int(field: number): number {
    const v = this.lastVarint(field);
    if (v === undefined) return 0;
    const signed = BigInt.asIntN(64, v);
    if (signed > BigInt(Number.MAX_SAFE_INTEGER) || signed < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new Error(`protobuf: field ${field} = ${signed} is outside the safe integer range`);
    }
    return Number(signed);
  }

  /** A varint field as a bool; false when absent. */
  bool(field: number): boolean {
    const v = this.lastVarint(field);
    return v !== undefined && v !== 0n;
  }

  /** A fixed64 field as a double; 0 when absent. */
  double(field: number): number {
    const f = this.last(field, WIRE_FIXED64);
    return f === undefined ? 0 : viewOf(f).getFloat64(0, true);
  }

  /** A fixed32 field as a float; 0 when absent. */
  float(field: number): number {
    const f = this.last(field, WIRE_FIXED32);
    return f === undefined ? 0 : viewOf(f).getFloat32(0, true);
  }

  /** A length-delimited field as raw bytes; empty when absent. */
  bytes(field: number): Uint8Array {
    return this.last(field, WIRE_LENGTH_DELIMITED) ?? new Uint8Array(0);
  }

  /** A length-delimited field as a UTF-8 string; '' when absent. */
  string(field: number): string {
    return UTF8_DECODER.decode(this.bytes(field));
  }

  /** An embedded message (its last occurrence), or undefined when absent. */
  message(field: number): ProtoMessage | undefined {
    const f = this.last(field, WIRE_LENGTH_DELIMITED);
    return f === undefined ? undefined : ProtoMessage.decode(f);
  }

  /** Every occurrence of a repeated embedded message field. */
  messages(field: number): ProtoMessage[] {
    return this.lengthDelimited(field).map((b) => ProtoMessage.decode(b));
  }

  /** Every occurrence of a repeated string field. */
  strings(field: number): string[] {
    return this.lengthDelimited(field).map((b) => UTF8_DECODER.decode(b));
  }

  /** Every occurrence of a repeated bytes field. */
  bytesList(field: number): Uint8Array[] {
    return this.lengthDelimited(field);
  }

  /** A repeated double field, packed or not. */
  doubles(field: number): number[] {
    return this.repeatedFixed(field, WIRE_FIXED64, 8, (v, o) => v.getFloat64(o, true));
  }

  /** A repeated float field, packed or not. */
  floats(field: number): number[] {
    return this.repeatedFixed(field, WIRE_FIXED32, 4, (v, o) => v.getFloat32(o, true));
  }

  private lastVarint(field: number): bigint | undefined {
    let found: bigint | undefined;
    for (const f of this.fields) {
      if (f.field !== field) continue;
      if (f.wireType !== WIRE_VARINT) {
        throw new Error(`protobuf: field ${field} has wire type ${f.wireType}, expected varint (0)`);
      }
      found = f.value;
    }
    return found;
  }

  private last(field: number, wireType: WireType): Uint8Array | undefined {
    let found: Uint8Array | undefined;
    for (const f of this.fields) {
      if (f.field !== field) continue;
      if (f.wireType !== wireType || f.wireType === WIRE_VARINT) {
        throw new Error(`protobuf: field ${field} has wire type ${f.wireType}, expected ${wireType}`);
      }
      found = f.value;
    }
    return found;
  }

  private lengthDelimited(field: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const f of this.fields) {
      if (f.field !== field) continue;
      if (f.wireType !== WIRE_LENGTH_DELIMITED) {
        throw new Error(`protobuf: field ${field} has wire type ${f.wireType}, expected length-delimited (2)`);
      }
      out.push(f.value);
    }
    return out;
  }

  private repeatedFixed(
    field: number,
    wireType: typeof WIRE_FIXED64 | typeof WIRE_FIXED32,
    width: number,
    read: (view: DataView, offset: number) => number,
  ): number[] {
    const out: number[] = [];
    for (const f of this.fields) {
      if (f.field !== field) continue;
      if (f.wireType === WIRE_VARINT || (f.wireType !== wireType && f.wireType !== WIRE_LENGTH_DELIMITED)) {
        throw new Error(`protobuf: field ${field} has wire type ${f.wireType}, expected ${wireType} or packed (2)`);
      }
      if (f.wireType === WIRE_LENGTH_DELIMITED && f.value.length % width !== 0) {
        throw new Error(`protobuf: packed field ${field} has ${f.value.length} bytes, not a multiple of ${width}`);
      }
      const view = viewOf(f.value);
      for (let o = 0; o < f.value.length; o += width) out.push(read(view, o));
    }
    return out;
  }
}

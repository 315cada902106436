import { describe, expect, it } from 'vitest';
import { decodeFields, ProtoMessage, ProtoWriter } from '../../experiments/tensorboard/protobuf.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('ProtoWriter', () => {
  it('encodes varints as in the protobuf encoding guide', () => {
    expect(hex(new ProtoWriter().uint(1, 150).finish())).toBe('089601');
    expect(hex(new ProtoWriter().uint(1, 0).finish())).toBe('0800');
    expect(hex(new ProtoWriter().uint(1, 300).finish())).toBe('08ac02');
    expect(hex(new ProtoWriter().uint(2, 2 ** 32).finish())).toBe('108080808010');
    expect(hex(new ProtoWriter().uint(1, Number.MAX_SAFE_INTEGER).finish())).toBe('08ffffffffffffff0f');
  });

  it('encodes negative int64 as ten-byte two\'s complement', () => {
    expect(hex(new ProtoWriter().int(1, -1).finish())).toBe('08ffffffffffffffffff01');
    expect(hex(new ProtoWriter().int(1, -2).finish())).toBe('08feffffffffffffffff01');
  });

  it('encodes strings, nested messages and field numbers above 15', () => {
    expect(hex(new ProtoWriter().string(2, 'testing').finish())).toBe('120774657374696e67');
    const inner = new ProtoWriter().uint(1, 150);
    expect(hex(new ProtoWriter().message(3, inner).finish())).toBe('1a03089601');
    expect(hex(new ProtoWriter().uint(16, 1).finish())).toBe('800101');
    expect(hex(new ProtoWriter().bool(4, true).bool(4, false).finish())).toBe('20012000');
  });

  it('encodes doubles as fixed64 and floats as fixed32, little-endian', () => {
    expect(hex(new ProtoWriter().double(1, 256.5).finish())).toBe('090000000000087040');
    expect(hex(new ProtoWriter().float(2, 1.5).finish())).toBe('150000c03f');
  });

  it('packs repeated doubles and floats into one length-delimited field', () => {
    expect(hex(new ProtoWriter().packedDoubles(6, [1, 2]).finish())).toBe('3210000000000000f03f0000000000000040');
    expect(hex(new ProtoWriter().packedFloats(5, [1]).finish())).toBe('2a040000803f');
  });

  it('grows its buffer past the initial capacity', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i / 7);
    const bytes = new ProtoWriter().packedDoubles(1, values).finish();
    expect(ProtoMessage.decode(bytes).doubles(1)).toEqual(values);
  });

  it('rejects invalid field numbers and non-integer varints', () => {
    expect(() => new ProtoWriter().uint(0, 1)).toThrow(/field number/);
    expect(() => new ProtoWriter().uint(2 ** 29, 1)).toThrow(/field number/);
    expect(() => new ProtoWriter().uint(1, -1)).toThrow(/field 1 .* -1/);
    expect(() => new ProtoWriter().int(1, 1.5)).toThrow(/field 1 .* 1.5/);
  });
});

describe('ProtoMessage', () => {
  it('round-trips every field kind', () => {
    const bytes = new ProtoWriter()
      .uint(1, 2 ** 40)
      .int(2, -7)
      .bool(3, true)
      .double(4, Math.PI)
      .float(5, 0.25)
      .string(6, 'héllo')
      .bytes(7, Uint8Array.of(0, 255))
      .message(8, new ProtoWriter().string(1, 'inner'))
      .message(8, new ProtoWriter().string(1, 'inner2'))
      .packedDoubles(9, [1.5, -2.5])
      .packedFloats(10, [0.5])
      .string(11, 'a')
      .string(11, 'b')
      .finish();
    const m = ProtoMessage.decode(bytes);
    expect(m.uint(1)).toBe(2 ** 40);
    expect(m.int(2)).toBe(-7);
    expect(m.bool(3)).toBe(true);
    expect(m.double(4)).toBe(Math.PI);
    expect(m.float(5)).toBe(0.25);
    expect(m.string(6)).toBe('héllo');
    expect(Array.from(m.bytes(7))).toEqual([0, 255]);
    expect(m.messages(8).map((x) => x.string(1))).toEqual(['inner', 'inner2']);
    expect(m.message(8)?.string(1)).toBe('inner2');
    expect(m.doubles(9)).toEqual([1.5, -2.5]);
    expect(m.floats(10)).toEqual([0.5]);
    expect(m.strings(11)).toEqual(['a', 'b']);
  });

  it('gives proto3 defaults for absent fields', () => {
    const m = ProtoMessage.decode(new Uint8Array(0));
    expect([m.uint(1), m.int(1), m.double(1), m.float(1), m.string(1)]).toEqual([0, 0, 0, 0, '']);
    expect(m.bool(1)).toBe(false);
    expect(m.message(1)).toBeUndefined();
    expect(m.doubles(1)).toEqual([]);
  });

  it('reads unpacked repeated doubles too', () => {
    const m = ProtoMessage.decode(new ProtoWriter().double(6, 1).double(6, 2).finish());
    expect(m.doubles(6)).toEqual([1, 2]);
  });

  it('names the offset of malformed input and the field of a wire-type mismatch', () => {
    expect(() => decodeFields(Uint8Array.of(0x08))).toThrow(/truncated varint at offset 1/);
    expect(() => decodeFields(Uint8Array.of(0x08, 0x01, 0x12, 0x05, 0x61))).toThrow(/field 2 at offset 2 needs 5 bytes/);
    expect(() => decodeFields(Uint8Array.of(0x0b))).toThrow(/wire type 3/);
    const m = ProtoMessage.decode(new ProtoWriter().string(1, 'x').finish());
    expect(() => m.double(1)).toThrow(/field 1 has wire type 2/);
  });
});

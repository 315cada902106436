import { describe, expect, it } from 'vitest';
import { crc32c, maskCrc, maskedCrc32c, unmaskCrc } from '../../experiments/tensorboard/crc32c.js';

/** Bit-at-a-time CRC-32C, the textbook definition, to check the table-driven one against. */
function crc32cBitwise(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('crc32c', () => {
  it('matches the standard check value for "123456789"', () => {
    expect(crc32c('123456789')).toBe(0xe3069283);
  });

  it('matches the RFC 3720 (iSCSI) test vectors', () => {
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i))).toBe(0x113fdb5c);
  });

  it('is 0 for no bytes and hashes strings as UTF-8', () => {
    expect(crc32c(new Uint8Array(0))).toBe(0);
    expect(crc32c('héllo')).toBe(crc32c(new TextEncoder().encode('héllo')));
  });

  it('agrees with the bitwise definition on every length up to 300', () => {
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 73 + 11) & 0xff);
    for (let n = 0; n <= bytes.length; n++) {
      expect(crc32c(bytes.subarray(0, n))).toBe(crc32cBitwise(bytes.subarray(0, n)));
    }
  });
});

describe('masked CRC', () => {
  it('is ((crc >>> 15) | (crc << 17)) + 0xa282ead8 modulo 2^32', () => {
    const reference = (crc: number): number => {
      const c = BigInt(crc);
      const rotated = ((c >> 15n) | (c << 17n)) & 0xffffffffn;
      return Number((rotated + 0xa282ead8n) & 0xffffffffn);
    };
    expect(maskCrc(0)).toBe(0xa282ead8);
    expect(maskCrc(1)).toBe(0xa284ead8);
    expect(maskCrc(0x8000)).toBe(0xa282ead9);
    for (const crc of [0xffffffff, 0xe3069283, 0x12345678, 0x80000000]) expect(maskCrc(crc)).toBe(reference(crc));
  });

  it('gives the length CRC every TensorBoard event file starts with (a3 7f 4b 22 for length 24)', () => {
    const header = new Uint8Array(8);
    header[0] = 24;
    expect(maskedCrc32c(header)).toBe(0x224b7fa3);
  });

  it('unmasks back to the CRC', () => {
    for (const crc of [0, 1, 0x8000, 0xe3069283, 0xffffffff, 0x12345678]) expect(unmaskCrc(maskCrc(crc))).toBe(crc);
  });
});

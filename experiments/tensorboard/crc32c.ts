/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) and the masked form
 * that TFRecord framing stores beside each length and payload.
 *
 * Table-driven, one byte at a time: event files are small, so this is plenty
 * fast (hundreds of MB/s in V8) without slicing-by-8.
 */

/** The reflected Castagnoli polynomial. */
const CASTAGNOLI_REFLECTED = 0x82f63b78;

/** The constant TFRecord adds after rotating a CRC (from TensorFlow's crc32c.h). */
const MASK_DELTA = 0xa282ead8;

const TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ CASTAGNOLI_REFLECTED : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * CRC-32C of `bytes` (a string is hashed as its UTF-8 bytes), as an unsigned
 * 32-bit integer. `crc32c('123456789') === 0xe3069283`.
 */
export function crc32c(bytes: Uint8Array | string): number {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) {
    // Both indices are in range by construction: (crc ^ byte) & 0xff < 256.
    crc = (TABLE[(crc ^ (data[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** TFRecord's masking of a CRC: rotate right by 15 bits, add 0xa282ead8 (mod 2^32). */
export function maskCrc(crc: number): number {
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + MASK_DELTA) >>> 0;
}

/** The inverse of {@link maskCrc}. */
export function unmaskCrc(masked: number): number {
  const rotated = (masked - MASK_DELTA) >>> 0;
  return ((rotated >>> 17) | (rotated << 15)) >>> 0;
}

/** The masked CRC-32C of `bytes`, as stored in TFRecord files. */
export function maskedCrc32c(bytes: Uint8Array | string): number {
  return maskCrc(crc32c(bytes));
}

/**
 * The bridge's frames (docs/bridge-protocol.md): a JSON header and typed
 * arrays in one length-prefixed binary message.
 *
 *     u32le total length of the frame (these 8 bytes included)
 *     u32le header length H (a multiple of 8; the JSON is padded with spaces)
 *     H bytes: the header, a UTF-8 JSON object
 *     the arrays named in header.arrays, in order, each padded with zeros to
 *     a multiple of 8 bytes (so every array starts 8-aligned in the frame)
 *
 * `header.arrays` lists `[name, dtype, shape]` triples; dtypes are
 * `float32`, `float64`, `int32` and `uint8`, little-endian.
 */

export const FRAME_PREFIX = 8;

/** The frame size limit (1 GiB): a larger length is a corrupt stream. */
export const MAX_FRAME = 1 << 30;

export type ArrayDtype = 'float32' | 'float64' | 'int32' | 'uint8';

export type WireArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/** One array of a frame: its name, values and shape (the product of shape is its length). */
export interface NamedArray {
  name: string;
  values: WireArray;
  shape: readonly number[];
}

export interface DecodedFrame {
  header: Record<string, unknown>;
  /** Views into the frame's buffer: valid until the buffer is reused. */
  arrays: Map<string, WireArray>;
}

const CONSTRUCTORS = { float32: Float32Array, float64: Float64Array, int32: Int32Array, uint8: Uint8Array } as const;

function dtypeOf(a: WireArray): ArrayDtype {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int32Array) return 'int32';
  return 'uint8';
}

const TEXT = new TextDecoder();

const pad8 = (n: number): number => (n + 7) & ~7;

/** Grows as needed and is reused: each `encode` overwrites the previous frame. */
export class FrameEncoder {
  private buffer = new Uint8Array(1 << 16);
  private readonly text = new TextEncoder();

  /** The frame of `header` (with `arrays` added) and the arrays; a view into the reused buffer. */
  encode(header: Record<string, unknown>, arrays: readonly NamedArray[] = []): Uint8Array {
    const full = { ...header, arrays: arrays.map((a) => [a.name, dtypeOf(a.values), a.shape]) };
    // The replacer is slow: only values JSON cannot carry as they are need it.
    const json = needsReplacer(header) ? JSON.stringify(full, jsonSafe) : JSON.stringify(full);
    const maxHeader = pad8(json.length * 3);
    let total = FRAME_PREFIX + maxHeader;
    for (const a of arrays) total += pad8(a.values.byteLength);
    this.ensure(total);
    const buf = this.buffer;
    const written = this.text.encodeInto(json, buf.subarray(FRAME_PREFIX)).written;
    const h = pad8(written);
    buf.fill(0x20, FRAME_PREFIX + written, FRAME_PREFIX + h);
    let off = FRAME_PREFIX + h;
    for (const a of arrays) {
      const bytes = new Uint8Array(a.values.buffer, a.values.byteOffset, a.values.byteLength);
      buf.set(bytes, off);
      const padded = pad8(bytes.length);
      buf.fill(0, off + bytes.length, off + padded);
      off += padded;
    }
    const view = new DataView(buf.buffer);
    view.setUint32(0, off, true);
    view.setUint32(4, h, true);
    return buf.subarray(0, off);
  }

  private ensure(n: number): void {
    if (this.buffer.length >= n) return;
    let size = this.buffer.length;
    while (size < n) size *= 2;
    this.buffer = new Uint8Array(size);
  }
}

/** JSON.stringify replacer: typed arrays as plain arrays, non-finite numbers as the strings "inf", "-inf", "nan". */
export function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  return value;
}

/** Whether `v` holds a typed array or a non-finite number (which plain JSON.stringify would mangle). */
function needsReplacer(v: unknown): boolean {
  if (typeof v === 'number') return !Number.isFinite(v);
  if (typeof v !== 'object' || v === null) return false;
  if (ArrayBuffer.isView(v)) return true;
  if (Array.isArray(v)) {
    for (const x of v) if (needsReplacer(x)) return true;
    return false;
  }
  for (const k in v) if (needsReplacer((v as Record<string, unknown>)[k])) return true;
  return false;
}

/** Reads the two length fields at the start of a frame (after checking them). */
export function framePrefix(prefix: Uint8Array): { total: number; headerLength: number } {
  const view = new DataView(prefix.buffer, prefix.byteOffset, FRAME_PREFIX);
  const total = view.getUint32(0, true);
  const headerLength = view.getUint32(4, true);
  if (total < FRAME_PREFIX || total > MAX_FRAME || headerLength > total - FRAME_PREFIX || headerLength % 8 !== 0) {
    throw new Error(`bridge: corrupt frame prefix (total length ${total}, header length ${headerLength})`);
  }
  return { total, headerLength };
}

/** Decodes a whole frame; `frame.byteOffset` must be a multiple of 8 (the arrays are views). */
export function decodeFrame(frame: Uint8Array): DecodedFrame {
  return new FrameDecoder().decode(frame);
}

interface ArraySlot {
  name: string;
  ctor: (typeof CONSTRUCTORS)[ArrayDtype];
  offset: number;
  count: number;
}

/**
 * Decodes frames, remembering the last header: a frame with the same header
 * bytes (a repeated step request) reuses its parsed header, and, in the same
 * buffer at the same place, its array views.
 */
export class FrameDecoder {
  private lastHeader = new Uint8Array(0);
  private lastParsed: { header: Record<string, unknown>; slots: ArraySlot[] } | undefined;
  private lastFrame: { buffer: ArrayBufferLike; byteOffset: number; decoded: DecodedFrame } | undefined;

  decode(frame: Uint8Array): DecodedFrame {
    const { total, headerLength } = framePrefix(frame);
    if (frame.length < total) throw new Error(`bridge: truncated frame (${frame.length} of ${total} bytes)`);
    const head = frame.subarray(FRAME_PREFIX, FRAME_PREFIX + headerLength);
    if (this.lastParsed !== undefined && sameBytes(head, this.lastHeader)) {
      const last = this.lastFrame;
      if (last !== undefined && last.buffer === frame.buffer && last.byteOffset === frame.byteOffset) return last.decoded;
      return this.views(frame, this.lastParsed.header, this.lastParsed.slots);
    }
    const parsed = parseHeader(head, total);
    this.lastHeader = head.slice();
    this.lastParsed = parsed;
    return this.views(frame, parsed.header, parsed.slots);
  }

  private views(frame: Uint8Array, header: Record<string, unknown>, slots: readonly ArraySlot[]): DecodedFrame {
    const arrays = new Map<string, WireArray>();
    for (const s of slots) arrays.set(s.name, new s.ctor(frame.buffer as ArrayBuffer, frame.byteOffset + s.offset, s.count));
    const decoded = { header, arrays };
    this.lastFrame = { buffer: frame.buffer, byteOffset: frame.byteOffset, decoded };
    return decoded;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function parseHeader(head: Uint8Array, total: number): { header: Record<string, unknown>; slots: ArraySlot[] } {
  let header: unknown;
  try {
    header = JSON.parse(TEXT.decode(head));
  } catch (e) {
    throw new Error(`bridge: the frame header is not JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new Error('bridge: the frame header must be a JSON object');
  const h = header as Record<string, unknown>;
  const slots: ArraySlot[] = [];
  let off = FRAME_PREFIX + head.length;
  const list = h.arrays ?? [];
  if (!Array.isArray(list)) throw new Error(`bridge: header.arrays must be a list of [name, dtype, shape], got ${JSON.stringify(list)}`);
  for (const entry of list as unknown[]) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !(entry[1] in CONSTRUCTORS) || !Array.isArray(entry[2])) {
      throw new Error(`bridge: header.arrays entry must be [name, dtype (${Object.keys(CONSTRUCTORS).join(', ')}), shape], got ${JSON.stringify(entry)}`);
    }
    const [name, dtype, shape] = entry as [string, ArrayDtype, number[]];
    const count = shape.reduce((a, b) => a * b, 1);
    const ctor = CONSTRUCTORS[dtype];
    const bytes = count * ctor.BYTES_PER_ELEMENT;
    if (!Number.isInteger(count) || count < 0 || off + bytes > total) throw new Error(`bridge: array ${name} of shape [${shape.join(', ')}] overruns the frame`);
    slots.push({ name, ctor, offset: off, count });
    off += pad8(bytes);
  }
  return { header: h, slots };
}

/**
 * A reply frame of fixed layout, allocated once: its header is written once
 * and its arrays are views the caller fills before sending `bytes` (the fast
 * path of step replies without infos).
 */
export class FixedFrame {
  readonly bytes: Uint8Array;
  readonly arrays: Map<string, WireArray>;

  constructor(header: Record<string, unknown>, layout: readonly { name: string; dtype: ArrayDtype; shape: readonly number[] }[]) {
    const json = JSON.stringify({ ...header, arrays: layout.map((a) => [a.name, a.dtype, a.shape]) });
    const head = new TextEncoder().encode(json);
    const h = pad8(head.length);
    let total = FRAME_PREFIX + h;
    const offsets = layout.map((a) => {
      const off = total;
      total += pad8(a.shape.reduce((x, y) => x * y, 1) * CONSTRUCTORS[a.dtype].BYTES_PER_ELEMENT);
      return off;
    });
    const buffer = new ArrayBuffer(total);
    this.bytes = new Uint8Array(buffer);
    this.bytes.set(head, FRAME_PREFIX);
    this.bytes.fill(0x20, FRAME_PREFIX + head.length, FRAME_PREFIX + h);
    const view = new DataView(buffer);
    view.setUint32(0, total, true);
    view.setUint32(4, h, true);
    this.arrays = new Map(layout.map((a, i) => [a.name, new CONSTRUCTORS[a.dtype](buffer, offsets[i]!, a.shape.reduce((x, y) => x * y, 1))]));
  }
}

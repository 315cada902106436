/**
 * Typed arrays in JSON checkpoints (envs/core/checkpointable.ts): each array
 * is saved as the base64 of its bytes, tagged with its element type, so every
 * value comes back bit for bit (infinities, NaN and -0 included, which JSON
 * numbers cannot carry) and the state stays compact. Bytes are in the host's
 * order (little-endian on every platform Node supports in practice).
 */

type TypedKind = 'f64' | 'i32' | 'u8';
type Typed = Float64Array | Int32Array | Uint8Array;

/** A typed array saved by {@link packTyped}. */
export interface PackedTyped {
  type: TypedKind;
  length: number;
  base64: string;
}

function kindOf(a: Typed): TypedKind {
  if (a instanceof Float64Array) return 'f64';
  if (a instanceof Int32Array) return 'i32';
  return 'u8';
}

/** The JSON-serialisable form of `a` (its first `length` elements, default all). */
export function packTyped(a: Typed, length = a.length): PackedTyped {
  const bytes = Buffer.from(a.buffer, a.byteOffset, length * a.BYTES_PER_ELEMENT);
  return { type: kindOf(a), length, base64: bytes.toString('base64') };
}

function check(p: unknown, type: TypedKind, what: string): PackedTyped {
  const q = p as PackedTyped;
  if (typeof q !== 'object' || q === null || q.type !== type || !Number.isInteger(q.length) || q.length < 0 || typeof q.base64 !== 'string') {
    throw new Error(`${what}: expected a packed ${type} array, got ${JSON.stringify(p)?.slice(0, 80)}`);
  }
  return q;
}

function unpack<T extends Typed>(p: unknown, type: TypedKind, make: (n: number) => T, what: string): T {
  const q = check(p, type, what);
  const out = make(q.length);
  const bytes = Buffer.from(q.base64, 'base64');
  if (bytes.length !== out.byteLength) throw new Error(`${what}: ${bytes.length} bytes for ${q.length} elements`);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** A new Float64Array from {@link packTyped}'s output; `what` names it in errors. */
export const unpackFloat64 = (p: unknown, what: string): Float64Array => unpack(p, 'f64', (n) => new Float64Array(n), what);
/** A new Int32Array from {@link packTyped}'s output. */
export const unpackInt32 = (p: unknown, what: string): Int32Array => unpack(p, 'i32', (n) => new Int32Array(n), what);
/** A new Uint8Array from {@link packTyped}'s output. */
export const unpackUint8 = (p: unknown, what: string): Uint8Array => unpack(p, 'u8', (n) => new Uint8Array(n), what);

/** Copies a packed array into `target`, whose length it must have. */
export function restoreTyped(target: Typed, p: unknown, what: string): void {
  const src = target instanceof Float64Array ? unpackFloat64(p, what) : target instanceof Int32Array ? unpackInt32(p, what) : unpackUint8(p, what);
  if (src.length !== target.length) throw new Error(`${what}: ${src.length} elements, expected ${target.length}`);
  target.set(src);
}

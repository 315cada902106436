/**
 * `Dict`: a record of named subspaces (Gymnasium's `spaces.Dict`). Elements
 * are plain objects with exactly the space's keys. Keys are kept sorted, as
 * Gymnasium does for a plain dict, so `flatten` orders them the same way
 * whatever order they were written in.
 *
 * `seed(s)` re-seeds the Dict's own stream `streamFor(s, 'space')` and seeds
 * each subspace, in key order, with a child seed drawn from it.
 */
import { childSeed, streamFor } from '../../sim/rng.js';
import type { Space } from '../space.js';

/** The element type of a space. */
export type SpaceElement<S> = S extends Space<infer T> ? T : never;

/** The element type of a `Dict` over the subspaces `S`. */
export type DictElement<S extends Record<string, Space<unknown>>> = { [K in keyof S]: SpaceElement<S[K]> };

export class Dict<S extends Record<string, Space<unknown>>> implements Space<DictElement<S>> {
  readonly kind = 'dict' as const;
  readonly shape: readonly number[] = Object.freeze([]);
  /** The keys, sorted. */
  readonly keys: readonly (keyof S & string)[];

  /** @param seed if given, seeds the subspaces as `seed(seed)` does; else they keep their own seeds. */
  constructor(
    readonly spaces: S,
    seed?: number,
  ) {
    const keys = Object.keys(spaces).sort();
    if (keys.length === 0) throw new Error('Dict: spaces must have at least one key, got {}');
    for (const k of keys) {
      const s: unknown = spaces[k];
      if (typeof s !== 'object' || s === null || typeof (s as { contains?: unknown }).contains !== 'function') {
        throw new Error(`Dict: spaces.${k} must be a Space, got ${String(s)}`);
      }
    }
    this.keys = Object.freeze(keys as (keyof S & string)[]);
    if (seed !== undefined) this.seed(seed);
  }

  sample(): DictElement<S> {
    const out: Record<string, unknown> = {};
    for (const k of this.keys) out[k] = this.spaces[k]!.sample();
    return out as DictElement<S>;
  }

  contains(x: unknown): x is DictElement<S> {
    if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
    const rec = x as Record<string, unknown>;
    if (Object.keys(rec).length !== this.keys.length) return false;
    for (const k of this.keys) {
      if (!(k in rec) || !this.spaces[k]!.contains(rec[k])) return false;
    }
    return true;
  }

  seed(seed: number): void {
    const rng = streamFor(seed, 'space');
    for (const k of this.keys) this.spaces[k]!.seed(childSeed(rng));
  }

  toString(): string {
    return `Dict(${this.keys.map((k) => `${k}: ${this.spaces[k]!.toString()}`).join(', ')})`;
  }
}

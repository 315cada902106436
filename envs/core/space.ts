/**
 * The space contract shared by every space (Box, Discrete, MultiDiscrete, Dict).
 * Each space owns its own seeded generator: `seed(s)` re-seeds `sample()`.
 */
export type SpaceKind = 'box' | 'discrete' | 'multi-discrete' | 'dict';

export interface Space<T> {
  readonly kind: SpaceKind;
  /** Shape of one element (`[]` for Discrete, `[n]` for a 1-D Box). */
  readonly shape: readonly number[];
  /** A uniformly random element, drawn from the space's own seeded stream. */
  sample(): T;
  /** Whether `x` is an element of the space (type, shape, bounds). */
  contains(x: unknown): x is T;
  /** Re-seeds the space's generator. */
  seed(seed: number): void;
  /** A short human-readable description, e.g. `Box([0, 0], [1, 10], float32)`. */
  toString(): string;
}

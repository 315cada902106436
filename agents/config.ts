/**
 * Typed agent configs and their metadata tables.
 *
 * Each algorithm declares its config once, as a spec: per field its doc
 * line, type, default and bounds; its TypeScript type is {@link ConfigOf} the spec.
 * From the spec come the defaults (`PPO_DEFAULTS`), the flat field list the CLI
 * turns into `--flags` ({@link configFields}), flag parsing
 * ({@link parseConfigValue}) and validation ({@link resolveConfig}).
 */

/** A value a config field may hold. */
export type ConfigValue = number | boolean | string | readonly number[];

/** The type of a config field, as the CLI parses it. */
export type ConfigType = 'number' | 'integer' | 'boolean' | 'string' | 'integer[]';

/** Metadata of one config field. */
export interface ConfigField<V extends ConfigValue = ConfigValue> {
  readonly name: string;
  readonly doc: string;
  readonly type: ConfigType;
  readonly default: V;
  /** Inclusive lower bound (numbers, and each element of `integer[]`). */
  readonly min?: number;
  /** Inclusive upper bound. */
  readonly max?: number;
  /** Allowed values of a `string` field. */
  readonly choices?: readonly string[];
}

/** Metadata of one config field without its name (the name is the spec's key). */
export type ConfigFieldSpec<V extends ConfigValue = ConfigValue> = Omit<ConfigField<V>, 'name'>;

/**
 * The config type a spec declares: one field per spec entry, typed by its
 * default. Each algorithm writes its spec once and takes its config type from
 * it (`type PPOConfig = ConfigOf<typeof PPO_SPEC>`), so no interface restates
 * the fields; the specs' `doc` lines document them.
 */
export type ConfigOf<S> = { -readonly [K in keyof S]: S[K] extends { readonly default: infer V } ? Widened<V> : never };

/** A default's literal type widened to its field's value type (`true` -> boolean, `'tanh'` -> string). */
type Widened<V> = V extends boolean ? boolean : V extends string ? string : V extends number ? number : V extends readonly number[] ? number[] : never;

/** Per field of config `C`, its metadata (the name is the key). */
export type ConfigSpec<C> = { readonly [K in keyof C]: ConfigFieldSpec<C[K] & ConfigValue> };

/** The spec as a list of fields, in declaration order (for `--flag` generation). */
export function configFields<C>(spec: ConfigSpec<C>): ConfigField[] {
  return Object.entries(spec).map(([name, f]) => ({ name, ...(f as ConfigFieldSpec) }));
}

/** The defaults of a spec. */
export function configDefaults<C>(spec: ConfigSpec<C>): C {
  const out: Record<string, ConfigValue> = {};
  for (const [name, f] of Object.entries(spec)) out[name] = (f as ConfigField).default;
  return out as C;
}

function checkValue(algo: string, field: ConfigField, value: unknown): void {
  const bad = (why: string): never => {
    throw new Error(`${algo} config: field '${field.name}' = ${JSON.stringify(value)} ${why}`);
  };
  const inRange = (x: number): void => {
    if (field.min !== undefined && x < field.min) bad(`is below the minimum ${field.min}`);
    if (field.max !== undefined && x > field.max) bad(`is above the maximum ${field.max}`);
  };
  switch (field.type) {
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) bad('is not a finite number');
      inRange(value as number);
      break;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) bad('is not an integer');
      inRange(value as number);
      break;
    case 'boolean':
      if (typeof value !== 'boolean') bad('is not a boolean');
      break;
    case 'string':
      if (typeof value !== 'string') bad('is not a string');
      if (field.choices !== undefined && !field.choices.includes(value as string)) {
        bad(`is not one of ${field.choices.join(', ')}`);
      }
      break;
    case 'integer[]':
      if (!Array.isArray(value) || !value.every((x) => Number.isInteger(x))) bad('is not a list of integers');
      for (const x of value as number[]) inRange(x);
      break;
  }
}

/**
 * Defaults overlaid with `partial`, validated: an unknown field or a value of
 * the wrong type or out of range throws an Error naming the field and value.
 */
export function resolveConfig<C>(algo: string, spec: ConfigSpec<C>, partial: Partial<C> = {}): C {
  const fields = configFields(spec);
  const byName = new Map(fields.map((f) => [f.name, f]));
  for (const key of Object.keys(partial)) {
    if (!byName.has(key)) throw new Error(`${algo} config: unknown field '${key}'`);
  }
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const given = (partial as Record<string, unknown>)[f.name];
    const value = given === undefined ? f.default : given;
    checkValue(algo, f, value);
    out[f.name] = Array.isArray(value) ? [...(value as number[])] : value;
  }
  return out as C;
}

/** Parses a CLI string for `field` (`integer[]` as `64,64`; booleans as true/false/1/0). */
export function parseConfigValue(field: ConfigField, raw: string): ConfigValue {
  const bad = (): never => {
    throw new Error(`config: flag '--${field.name}' = '${raw}' is not a valid ${field.type}`);
  };
  switch (field.type) {
    case 'number':
    case 'integer': {
      const x = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(x)) bad();
      return x;
    }
    case 'boolean':
      if (['true', '1', 'yes'].includes(raw)) return true;
      if (['false', '0', 'no'].includes(raw)) return false;
      return bad();
    case 'string':
      return raw;
    case 'integer[]': {
      if (raw.trim() === '') return [];
      const xs = raw.split(',').map((s) => Number(s.trim()));
      if (!xs.every((x) => Number.isInteger(x))) bad();
      return xs;
    }
  }
}

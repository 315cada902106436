/**
 * `--flags` generated from the agents' typed configs (CleanRL style): every
 * config field of every algorithm becomes a kebab-case flag
 * (`learningRate` -> `--learning-rate`). Values are parsed by the field's
 * type; a flag of a field the chosen algorithm does not have is an error.
 */
import type { Command } from 'commander';
import { type ConfigField, parseConfigValue } from '../../agents/config.js';
import type { AlgoName } from '../../agents/agent.js';
import { CONFIG_FIELDS } from '../../agents/train.js';
import { UsageError } from './errors.js';

export function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Union of all algorithms' fields, by name, with the algorithms that have each. */
export function allConfigFields(): Map<string, { field: ConfigField; algos: AlgoName[] }> {
  const out = new Map<string, { field: ConfigField; algos: AlgoName[] }>();
  for (const [algo, fields] of Object.entries(CONFIG_FIELDS) as [AlgoName, readonly ConfigField[]][]) {
    for (const f of fields) {
      const entry = out.get(f.name);
      if (entry === undefined) out.set(f.name, { field: f, algos: [algo] });
      else entry.algos.push(algo);
    }
  }
  return out;
}

/** Adds one option per config field (excluding `skip`). */
export function addConfigFlags(cmd: Command, skip: readonly string[] = []): Command {
  for (const [name, { field, algos }] of allConfigFields()) {
    if (skip.includes(name)) continue;
    const range = field.choices !== undefined ? ` (${field.choices.join('|')})` : '';
    const def = Array.isArray(field.default) ? field.default.join(',') : String(field.default);
    cmd.option(`--${kebab(name)} <${field.type}>`, `${field.doc}${range} [${algos.join(', ')}; default ${def}]`);
  }
  return cmd;
}

/** The config fields given on the command line, parsed, for `algo`. */
export function configFromFlags(flags: Record<string, unknown>, algo: AlgoName, skip: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, { field, algos }] of allConfigFields()) {
    if (skip.includes(name)) continue;
    const raw = flags[name];
    if (raw === undefined) continue;
    if (!algos.includes(algo)) throw new UsageError(`--${kebab(name)}: not a setting of ${algo} (it belongs to ${algos.join(', ')})`);
    try {
      out[name] = parseConfigValue(field, String(raw));
    } catch {
      throw new UsageError(`--${kebab(name)}: expected a ${field.type}, got ${JSON.stringify(raw)}`);
    }
  }
  return out;
}
